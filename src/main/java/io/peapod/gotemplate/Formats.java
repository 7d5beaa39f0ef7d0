package io.peapod.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman's --format preprocessing (containers/common pkg/report) and header naming.
 *
 * <p>Observed with podman 4.3.1 (vfs store, no images/containers), which prints only the header
 * row for {@code table} formats:
 * <pre>
 * images --format 'table {{.ID}} {{.CreatedSince}} {{.Size}}'   -> "IMAGE ID    &lt;no value&gt;  SIZE"
 * ps -a --format 'table {{.ID}} {{.CreatedAt}} {{.RunningFor}}'  -> "CONTAINER ID  CREATED AT  RUNNING FOR"
 * images --format 'table {{.Repository}} {{.CreatedAt}} {{.ReadOnly}}' -> "REPOSITORY  &lt;no value&gt;  R/O"
 * images --format 'table {{"a b"}} {{.ID}}'  -> "a           b           IMAGE ID"  (every space became a tab)
 * images --format 'table {{.ID}} xtable {{.Tag}}' -> "IMAGE ID    xTAG" (every "table " is removed)
 * network ls --format 'table {{.IPv6Enabled}} {{.DNSEnabled}}' -> "I PV 6 ENABLED  DNS ENABLED"
 * </pre>
 * So the header row is the row template executed against a map of field name to header text;
 * fields missing from that map (methods such as CreatedSince) print {@code <no value>}; headers
 * are the field name split at camel-case boundaries (fatih/camelcase rules, digits separate),
 * joined by spaces and upper-cased, unless the command supplies an override (also upper-cased).
 */
public final class Formats {
    private Formats() {}

    /** podman's report.HasTable: the format starts with "table". */
    public static boolean isTable(String format) {
        return format.startsWith("table");
    }

    /** Removes the leading "table" keyword and the whitespace after it. */
    public static String stripTable(String format) {
        if (!isTable(format)) return format;
        int i = "table".length();
        while (i < format.length() && (format.charAt(i) == ' ' || format.charAt(i) == '\t')) i++;
        return format.substring(i);
    }

    /**
     * podman's NormalizeFormat. Formats starting with "table " get every "table " removed and every
     * space turned into a tab (so {@code table {{.A}} {{.B}}} becomes tab-separated columns);
     * all formats get the typed escapes {@code \t} and {@code \n} turned into real characters and
     * a trailing newline if missing. The bare {@code json} format is the caller's business.
     */
    public static String normalize(String format) {
        boolean table = format.startsWith("table ");
        StringBuilder sb = new StringBuilder(format.length() + 1);
        int i = 0;
        while (i < format.length()) {
            // Same precedence as Go's strings.NewReplacer: first matching pattern at each position.
            if (table && format.startsWith("table ", i)) {
                i += 6;
            } else if (format.startsWith("\\t", i)) {
                sb.append('\t');
                i += 2;
            } else if (format.startsWith("\\n", i)) {
                sb.append('\n');
                i += 2;
            } else if (table && format.charAt(i) == ' ') {
                sb.append('\t');
                i++;
            } else {
                sb.append(format.charAt(i++));
            }
        }
        if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
        return sb.toString();
    }

    /**
     * The header text podman shows for a field: the override when present, else the field name
     * split into camel-case words, joined by spaces, upper-cased ("CreatedAt" -> "CREATED AT",
     * "IPv6Enabled" -> "I PV 6 ENABLED", "ID" -> "ID").
     */
    public static String headerFor(String fieldName, Map<String, String> overrides) {
        if (overrides != null) {
            String o = overrides.get(fieldName);
            if (o != null) return o.toUpperCase(java.util.Locale.ROOT);
        }
        return String.join(" ", splitCamelCase(fieldName)).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * fatih/camelcase.Split (vendored by containers/common): split into runs of lower-case letters,
     * upper-case letters, digits and other characters; when an upper-case run is followed by a
     * lower-case run, the run's last letter starts the next word ("PDFLoader" -> "PDF", "Loader").
     */
    static List<String> splitCamelCase(String s) {
        List<StringBuilder> runs = new ArrayList<>();
        int lastClass = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            int cls = Character.isLowerCase(c) ? 1 : Character.isUpperCase(c) ? 2 : Character.isDigit(c) ? 3 : 4;
            if (cls == lastClass) runs.getLast().appendCodePoint(c);
            else runs.add(new StringBuilder().appendCodePoint(c));
            lastClass = cls;
        }
        for (int i = 0; i < runs.size() - 1; i++) {
            StringBuilder cur = runs.get(i), next = runs.get(i + 1);
            int last = cur.codePointBefore(cur.length());
            if (Character.isUpperCase(last) && !next.isEmpty() && Character.isLowerCase(next.codePointAt(0))) {
                int cut = cur.length() - Character.charCount(last);
                next.insert(0, cur.substring(cut));
                cur.setLength(cut);
            }
        }
        List<String> out = new ArrayList<>();
        for (StringBuilder r : runs) if (!r.isEmpty()) out.add(r.toString());
        return out;
    }
}

package io.peapod.cli;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small YAML subset {@code info} prints by default: nested maps, lists and scalars, as go-yaml prints
 * podman's info: map keys sorted, {@code ""} for an empty string, list items that are maps written
 * inline after {@code "- "}.
 */
final class Yaml {
    private Yaml() {}

    static void write(StringBuilder b, Map<?, ?> map, String indent) {
        writeMap(b, map, indent, indent);
    }

    /** {@code firstIndent} starts the first key (after a list's {@code "- "}), {@code indent} the others. */
    private static void writeMap(StringBuilder b, Map<?, ?> map, String firstIndent, String indent) {
        Map<String, Object> sorted = new TreeMap<>();
        for (var e : map.entrySet()) {
            sorted.put(String.valueOf(e.getKey()), e.getValue());
        }
        boolean first = true;
        for (var e : sorted.entrySet()) {
            b.append(first ? firstIndent : indent).append(quoted(e.getKey())).append(':');
            first = false;
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                b.append('\n');
                write(b, m, indent + "  ");
            } else if (v instanceof Collection<?> c && !c.isEmpty()) {
                b.append('\n');
                for (Object item : c) {
                    if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                        writeMap(b, m, indent + "- ", indent + "  ");
                    } else {
                        b.append(indent).append("- ").append(scalar(item)).append('\n');
                    }
                }
            } else {
                b.append(' ').append(scalar(v)).append('\n');
            }
        }
    }

    private static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "{}";
        }
        if (v instanceof Collection<?>) {
            return "[]";
        }
        String s = v.toString();
        if (v instanceof String) {
            return s.isEmpty() ? "\"\"" : quoted(s);
        }
        return s;
    }

    /** Single quotes where a plain scalar would be read as something else (an alias, a comment, a map). */
    private static String quoted(String s) {
        if (s.isEmpty()) {
            return "\"\"";
        }
        boolean special = "*&!|>'\"%@`{[#,?:-".indexOf(s.charAt(0)) >= 0 && !(s.length() > 1 && s.charAt(0) == '-'
                && s.charAt(1) != ' ');
        if (special || s.contains(": ") || s.contains(" #") || s.startsWith(" ") || s.endsWith(" ")) {
            return "'" + s.replace("'", "''") + "'";
        }
        return s;
    }
}

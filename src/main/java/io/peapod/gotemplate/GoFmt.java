package io.peapod.gotemplate;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt and encoding/json formatting rules for Java values: the default %v printing that
 * {@code {{.X}}} uses, {@code printf} verbs, strconv quoting, and json.Marshal output.
 *
 * <p>Value mapping: Integer/Long/Short/Byte/BigInteger are Go ints, Double/Float/BigDecimal Go
 * floats, List/Collection/arrays Go slices, Map a Go map, records Go structs, null Go nil.
 */
final class GoFmt {
    private GoFmt() {}

    // ---------------------------------------------------------------- classification

    static boolean isInt(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    static boolean isString(Object v) {
        return v instanceof CharSequence || v instanceof Character;
    }

    static boolean isList(Object v) {
        return v instanceof Collection<?> || (v != null && v.getClass().isArray());
    }

    /** Elements of a List, Collection or array, in order. */
    static List<Object> elements(Object v) {
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> lo = (List<Object>) l;
            return lo;
        }
        if (v instanceof Collection<?> c) return new ArrayList<>(c);
        int n = Array.getLength(v);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Array.get(v, i));
        return out;
    }

    /** Go's type name as shown in error messages and by %T. */
    static String typeName(Object v) {
        if (v == null) return "<nil>";
        if (v instanceof String || v instanceof CharSequence || v instanceof Character) return "string";
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) return "int";
        if (v instanceof Short) return "int16";
        if (v instanceof Byte) return "int8";
        if (v instanceof Double || v instanceof BigDecimal) return "float64";
        if (v instanceof Float) return "float32";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Map<?, ?>) return "map[string]interface {}";
        if (v.getClass().isArray()) {
            Class<?> c = v.getClass().getComponentType();
            return "[]" + (c == String.class ? "string" : c == byte.class ? "uint8" : c == int.class ? "int"
                    : c == long.class ? "int64" : "interface {}");
        }
        if (v instanceof Collection<?>) return "[]interface {}";
        return v.getClass().getSimpleName();
    }

    /** Map keys in Go's fmt/json sorted order (numbers numerically, strings lexically). */
    static List<Object> sortedKeys(Map<?, ?> m) {
        List<Object> keys = new ArrayList<>(m.keySet());
        keys.sort(KEY_ORDER);
        return keys;
    }

    private static final Comparator<Object> KEY_ORDER = (a, b) -> {
        if (a instanceof String sa && b instanceof String sb) return compareUtf8(sa, sb);
        if (a instanceof Number na && b instanceof Number nb) {
            return new BigDecimal(na.toString()).compareTo(new BigDecimal(nb.toString()));
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) return Boolean.compare(ba, bb);
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        return compareUtf8(a.toString(), b.toString());
    };

    /** Go compares strings byte-wise in UTF-8; code point order gives the same result. */
    static int compareUtf8(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---------------------------------------------------------------- %v

    /** fmt.Sprint of one value (the default format). */
    static String sprint1(Object v) {
        StringBuilder sb = new StringBuilder();
        formatArg(sb, v, 'v', new Spec());
        return sb.toString();
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        boolean prevString = false;
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            boolean isStr = isString(a);
            if (i > 0 && !isStr && !prevString) sb.append(' ');
            formatArg(sb, a, 'v', new Spec());
            prevString = isStr;
        }
        return sb.toString();
    }

    /** fmt.Sprintln: always spaces, plus a trailing newline. */
    static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(' ');
            formatArg(sb, args.get(i), 'v', new Spec());
        }
        return sb.append('\n').toString();
    }

    // ---------------------------------------------------------------- printf

    /** Parsed flags, width and precision of one verb. */
    static final class Spec {
        boolean minus, plus, sharp, space, zero;
        int width = -1, prec = -1;
        boolean plusV; // %+v: struct field names
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int argi = 0;
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                i++;
                continue;
            }
            i++;
            Spec sp = new Spec();
            // flags
            for (; i < n; i++) {
                char f = format.charAt(i);
                if (f == '-') { sp.minus = true; sp.zero = false; }
                else if (f == '+') sp.plus = true;
                else if (f == '#') sp.sharp = true;
                else if (f == ' ') sp.space = true;
                else if (f == '0') sp.zero = !sp.minus;
                else break;
            }
            // width
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argi < args.size() && isInt(args.get(argi))) {
                    sp.width = ((Number) args.get(argi++)).intValue();
                    if (sp.width < 0) { sp.minus = true; sp.zero = false; sp.width = -sp.width; }
                } else {
                    if (argi < args.size()) argi++;
                    sb.append("%!(BADWIDTH)");
                }
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) i++;
                if (i > start) sp.width = Integer.parseInt(format.substring(start, i));
            }
            // precision
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argi < args.size() && isInt(args.get(argi))) {
                        sp.prec = ((Number) args.get(argi++)).intValue();
                        if (sp.prec < 0) sp.prec = -1;
                    } else {
                        if (argi < args.size()) argi++;
                        sb.append("%!(BADPREC)");
                    }
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) i++;
                    sp.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= n) {
                sb.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (argi >= args.size()) {
                sb.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            if (verb == 'v' && sp.plus) {
                sp.plusV = true;
                sp.plus = false;
            }
            formatArg(sb, args.get(argi++), verb, sp);
        }
        if (argi < args.size()) {
            sb.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) sb.append(", ");
                Object a = args.get(k);
                if (a == null) sb.append("<nil>");
                else sb.append(typeName(a)).append('=').append(sprint1(a));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static void badVerb(StringBuilder sb, Object v, int verb) {
        sb.append("%!").appendCodePoint(verb).append('(');
        if (v == null) sb.append("<nil>");
        else sb.append(typeName(v)).append('=').append(sprint1(v));
        sb.append(')');
    }

    /** Formats one operand for one verb, recursing into lists/maps/records like Go's printValue. */
    static void formatArg(StringBuilder sb, Object v, int verb, Spec sp) {
        if (verb == 'T') {
            pad(sb, typeName(v), sp, false);
            return;
        }
        if (v == null) {
            if (verb == 'v') pad(sb, "<nil>", sp, false);
            else badVerb(sb, null, verb);
            return;
        }
        if (v instanceof Boolean b) {
            if (verb == 't' || verb == 'v') pad(sb, b.toString(), sp, false);
            else badVerb(sb, v, verb);
        } else if (isInt(v)) {
            formatInt(sb, v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue()), verb, sp, v);
        } else if (isFloat(v)) {
            formatFloat(sb, v, verb, sp);
        } else if (isString(v) || v instanceof Enum<?>) {
            formatString(sb, v instanceof Enum<?> e ? e.name() : v.toString(), verb, sp, v);
        } else if (v instanceof byte[] bytes && (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
            formatString(sb, new String(bytes, StandardCharsets.UTF_8), verb, sp, v);
        } else if (isList(v)) {
            sb.append('[');
            List<Object> els = elements(v);
            for (int i = 0; i < els.size(); i++) {
                if (i > 0) sb.append(' ');
                formatArg(sb, els.get(i), verb, sp);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append("map[");
            boolean first = true;
            for (Object k : sortedKeys(m)) {
                if (!first) sb.append(' ');
                first = false;
                formatArg(sb, k, verb, sp);
                sb.append(':');
                formatArg(sb, m.get(k), verb, sp);
            }
            sb.append(']');
        } else if (v instanceof Record r) {
            sb.append('{');
            RecordComponent[] comps = r.getClass().getRecordComponents();
            for (int i = 0; i < comps.length; i++) {
                if (i > 0) sb.append(' ');
                if (sp.plusV) sb.append(comps[i].getName()).append(':');
                formatArg(sb, Exec.componentValue(r, comps[i]), verb, sp);
            }
            sb.append('}');
        } else {
            // Anything else behaves like a Go Stringer.
            formatString(sb, v.toString(), verb, sp, v);
        }
    }

    private static void formatString(StringBuilder sb, String s, int verb, Spec sp, Object orig) {
        switch (verb) {
            case 'v', 's' -> {
                if (sp.prec >= 0 && s.codePointCount(0, s.length()) > sp.prec) {
                    s = s.substring(0, s.offsetByCodePoints(0, sp.prec));
                }
                pad(sb, s, sp, false);
            }
            case 'q' -> pad(sb, sp.sharp && s.indexOf('`') < 0 ? "`" + s + "`" : quote(s), sp, false);
            case 'x', 'X' -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder();
                String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                for (int i = 0; i < b.length; i++) {
                    if (sp.space && i > 0) h.append(' ');
                    if (sp.sharp && (sp.space || i == 0)) h.append(verb == 'x' ? "0x" : "0X");
                    h.append(digits.charAt((b[i] >> 4) & 0xf)).append(digits.charAt(b[i] & 0xf));
                }
                pad(sb, h.toString(), sp, false);
            }
            default -> badVerb(sb, orig, verb);
        }
    }

    private static void formatInt(StringBuilder sb, BigInteger val, int verb, Spec sp, Object orig) {
        String digits;
        String prefix = "";
        switch (verb) {
            case 'v', 'd' -> digits = val.abs().toString();
            case 'b' -> digits = val.abs().toString(2);
            case 'o', 'O' -> {
                digits = val.abs().toString(8);
                if (verb == 'O') prefix = "0o";
                else if (sp.sharp) prefix = "0";
            }
            case 'x' -> {
                digits = val.abs().toString(16);
                if (sp.sharp) prefix = "0x";
            }
            case 'X' -> {
                digits = val.abs().toString(16).toUpperCase();
                if (sp.sharp) prefix = "0X";
            }
            case 'c' -> {
                pad(sb, new String(Character.toChars(val.intValue())), sp, false);
                return;
            }
            case 'q' -> {
                pad(sb, quoteRune(val.intValue()), sp, false);
                return;
            }
            case 'U' -> {
                String h = val.toString(16).toUpperCase();
                pad(sb, "U+" + "0".repeat(Math.max(0, 4 - h.length())) + h, sp, false);
                return;
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                badVerb(sb, orig, verb);
                return;
            }
            default -> {
                badVerb(sb, orig, verb);
                return;
            }
        }
        if (sp.prec >= 0) {
            if (sp.prec == 0 && val.signum() == 0) digits = "";
            if (digits.length() < sp.prec) digits = "0".repeat(sp.prec - digits.length()) + digits;
        }
        String sign = val.signum() < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
        String head = sign + prefix;
        if (sp.zero && sp.width > 0 && sp.prec < 0 && !sp.minus) {
            int fill = sp.width - head.length() - digits.length();
            if (fill > 0) digits = "0".repeat(fill) + digits;
        }
        pad(sb, head + digits, sp, true);
    }

    private static void formatFloat(StringBuilder sb, Object v, int verb, Spec sp) {
        double d = ((Number) v).doubleValue();
        boolean f32 = v instanceof Float;
        String s;
        switch (verb) {
            case 'v', 'g', 'G' -> s = formatG(d, sp.prec, f32);
            case 'e', 'E' -> s = formatE(d, sp.prec < 0 ? 6 : sp.prec);
            case 'f', 'F' -> s = formatF(d, sp.prec < 0 ? 6 : sp.prec);
            default -> {
                badVerb(sb, v, verb);
                return;
            }
        }
        if (verb == 'E' || verb == 'G') s = s.toUpperCase().replace("INF", "Inf").replace("NAN", "NaN");
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            // Go pads infinities and NaN with spaces only
            Spec noZero = new Spec();
            noZero.width = sp.width;
            noZero.minus = sp.minus;
            pad(sb, s, noZero, false);
            return;
        }
        if (sp.plus && !s.startsWith("-")) s = "+" + s;
        else if (sp.space && !s.startsWith("-")) s = " " + s;
        if (sp.zero && sp.width > s.length() && !sp.minus) {
            int signLen = (s.startsWith("-") || s.startsWith("+") || s.startsWith(" ")) ? 1 : 0;
            s = s.substring(0, signLen) + "0".repeat(sp.width - s.length()) + s.substring(signLen);
        }
        pad(sb, s, sp, true);
    }

    /** Shortest decimal digits and decimal-point position of d (d finite, non-zero). */
    private static BigDecimal shortest(double d, boolean f32) {
        return new BigDecimal(f32 ? Float.toString((float) d) : Double.toString(d)).stripTrailingZeros();
    }

    /** %g (prec<0: shortest, which is also what %v uses), with Go's %e switch-over rules. */
    static String formatG(double d, int prec, boolean f32) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        if (d == 0) return neg ? "-0" : "0";
        BigDecimal bd;
        int eprec;
        if (prec < 0) {
            bd = shortest(Math.abs(d), f32);
            eprec = 6;
        } else {
            if (prec == 0) prec = 1;
            bd = new BigDecimal(Math.abs(d)).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            eprec = prec;
        }
        String digits = bd.unscaledValue().toString();
        int nd = digits.length();
        int dp = nd - bd.scale(); // digits before the decimal point
        if (prec >= 0 && eprec > nd && nd >= dp) eprec = nd;
        int exp = dp - 1;
        String out;
        if (exp < -4 || exp >= eprec) {
            out = eString(digits, exp);
        } else {
            out = bd.toPlainString();
        }
        return neg ? "-" + out : out;
    }

    private static String eString(String digits, int exp) {
        StringBuilder s = new StringBuilder().append(digits.charAt(0));
        if (digits.length() > 1) s.append('.').append(digits, 1, digits.length());
        s.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) s.append('0');
        return s.append(a).toString();
    }

    static String formatE(double d, int prec) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        String digits;
        int exp;
        if (d == 0) {
            digits = "0".repeat(prec + 1);
            exp = 0;
        } else {
            BigDecimal bd = new BigDecimal(Math.abs(d)).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            digits = bd.unscaledValue().toString();
            exp = digits.length() - bd.scale() - 1;
            if (digits.length() < prec + 1) digits = digits + "0".repeat(prec + 1 - digits.length());
            else digits = digits.substring(0, prec + 1);
        }
        StringBuilder s = new StringBuilder();
        if (neg) s.append('-');
        s.append(digits.charAt(0));
        if (prec > 0) s.append('.').append(digits, 1, prec + 1);
        s.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) s.append('0');
        return s.append(a).toString();
    }

    static String formatF(double d, int prec) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        String s = new BigDecimal(Math.abs(d)).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
        return neg ? "-" + s : s;
    }

    /** Pads to the width counted in runes, like fmt.pad. */
    private static void pad(StringBuilder sb, String s, Spec sp, boolean numeric) {
        int w = s.codePointCount(0, s.length());
        if (sp.width <= w) {
            sb.append(s);
            return;
        }
        int fill = sp.width - w;
        if (sp.minus) {
            sb.append(s).repeat(' ', fill);
        } else if (sp.zero && !numeric) {
            sb.repeat('0', fill).append(s);
        } else {
            sb.repeat(' ', fill).append(s);
        }
    }

    // ---------------------------------------------------------------- quoting

    /** strconv.Quote: Go double-quoted string with Go escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> appendEscaped(sb, cp, '"'));
        return sb.append('"').toString();
    }

    static String quoteRune(int cp) {
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, cp, '\'');
        return sb.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder sb, int cp, char q) {
        switch (cp) {
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (cp == q) {
                    sb.append('\\').append(q);
                } else if (cp < 0x20 || cp == 0x7f) {
                    sb.append(String.format("\\x%02x", cp));
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    sb.append("\\ufffd");
                } else if (Character.isISOControl(cp) || !Character.isDefined(cp)
                        || Character.getType(cp) == Character.FORMAT) {
                    sb.append(cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                } else {
                    sb.appendCodePoint(cp);
                }
            }
        }
    }

    /** Interprets Go escape sequences inside a quoted literal (without the quotes). */
    static String unescape(String s, char quote) {
        if (s.indexOf('\\') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp != '\\') {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i >= s.length()) throw new IllegalArgumentException("bad escape");
            char c = s.charAt(i++);
            switch (c) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '\'', '"' -> {
                    if (c != quote) throw new IllegalArgumentException("bad escape");
                    out.write(c);
                }
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int len = c == 'u' ? 4 : 8;
                    int v = Integer.parseInt(s.substring(i, i + len), 16);
                    i += len;
                    if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
                        throw new IllegalArgumentException("bad escape");
                    }
                    out.writeBytes(new String(Character.toChars(v)).getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = Integer.parseInt(s.substring(i - 1, i + 2), 8);
                        if (v > 255) throw new IllegalArgumentException("bad escape");
                        out.write(v);
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("bad escape");
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- json

    /**
     * json.Marshal-compatible compact encoding. HTML characters are NOT escaped: podman's json
     * function uses an Encoder with SetEscapeHTML(false) (observed: podman 4.3.1 prints
     * {@code {{json "<a&b>"}}} as {@code "<a&b>"}).
     */
    static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        if (!json(sb, v)) return ""; // Go: encoding error, podman's json() then yields ""
        return sb.toString();
    }

    private static boolean json(StringBuilder sb, Object v) {
        if (v == null || v == Exec.NO_VALUE) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (isInt(v)) {
            sb.append(v);
        } else if (isFloat(v)) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) return false;
            sb.append(jsonFloat(d, v instanceof Float));
        } else if (isString(v) || v instanceof Enum<?>) {
            jsonString(sb, v instanceof Enum<?> e ? e.name() : v.toString());
        } else if (v instanceof byte[] b) {
            jsonString(sb, Base64.getEncoder().encodeToString(b));
        } else if (isList(v)) {
            sb.append('[');
            List<Object> els = elements(v);
            for (int i = 0; i < els.size(); i++) {
                if (i > 0) sb.append(',');
                if (!json(sb, els.get(i))) return false;
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            List<Object> keys = new ArrayList<>(m.keySet());
            // Go's encoder sorts by the key's string form
            keys.sort((a, b) -> compareUtf8(String.valueOf(a), String.valueOf(b)));
            for (Object k : keys) {
                if (!first) sb.append(',');
                first = false;
                jsonString(sb, String.valueOf(k));
                sb.append(':');
                if (!json(sb, m.get(k))) return false;
            }
            sb.append('}');
        } else if (v instanceof Record r) {
            sb.append('{');
            RecordComponent[] comps = r.getClass().getRecordComponents();
            for (int i = 0; i < comps.length; i++) {
                if (i > 0) sb.append(',');
                jsonString(sb, comps[i].getName());
                sb.append(':');
                if (!json(sb, Exec.componentValue(r, comps[i]))) return false;
            }
            sb.append('}');
        } else {
            jsonString(sb, v.toString());
        }
        return true;
    }

    /** encoding/json float format: shortest digits, exponent only below 1e-6 or from 1e21. */
    static String jsonFloat(double d, boolean f32) {
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        double a = Math.abs(d);
        BigDecimal bd = shortest(a, f32);
        String out;
        if (a < 1e-6 || a >= 1e21) {
            String digits = bd.unscaledValue().toString();
            int exp = digits.length() - bd.scale() - 1;
            out = eString(digits, exp).replace("e-0", "e-").replace("e+0", "e+");
        } else {
            out = bd.toPlainString();
        }
        return d < 0 ? "-" + out : out;
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        // valid pairs pass through; lone surrogates are invalid UTF-8 in Go
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

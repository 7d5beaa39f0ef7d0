package io.peapod.cli.flags;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few pieces of Go's standard library whose exact behaviour and error text pflag passes on to the user:
 * strconv.Quote (as used by {@code %q}), strconv.ParseBool, strconv.ParseInt with base 0, and one record of
 * encoding/csv. Ported from Go 1.19, the version podman 4.3 is built with; error strings are verbatim.
 */
final class Go {
    private Go() {}

    /** A failed conversion; the message is what pflag puts after {@code flag: }. */
    static final class ValueException extends Exception {
        private static final long serialVersionUID = 1L;

        ValueException(String message) {
            super(message, null, false, false);
        }
    }

    // ---- strconv.Quote -------------------------------------------------------------------------------------

    /** Go's {@code %q} of a string: double quotes, backslash escapes, printable Unicode kept as is. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0B -> b.append("\\v");
                default -> appendRune(b, c);
            }
        }
        return b.append('"').toString();
    }

    /** Go's {@code %q} of a byte/rune, as pflag uses for shorthand letters: {@code 'x'}. */
    static String quoteRune(char c) {
        return switch (c) {
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            default -> appendRune(new StringBuilder().append('\''), c).append('\'').toString();
        };
    }

    private static StringBuilder appendRune(StringBuilder b, int c) {
        if (c < 0x20 || c == 0x7F) {
            return b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
        if (isPrint(c)) {
            return b.appendCodePoint(c);
        }
        if (c < 0x10000) {
            b.append("\\u");
            for (int shift = 12; shift >= 0; shift -= 4) b.append(HEX[(c >> shift) & 0xF]);
        } else {
            b.append("\\U");
            for (int shift = 28; shift >= 0; shift -= 4) b.append(HEX[(c >> shift) & 0xF]);
        }
        return b;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Approximates Go's unicode.IsPrint: graphic characters plus the ASCII space. */
    private static boolean isPrint(int c) {
        if (c == ' ') return true;
        return switch (Character.getType(c)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    // ---- strconv.ParseBool ---------------------------------------------------------------------------------

    static boolean parseBool(String s) throws ValueException {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ValueException("strconv.ParseBool: parsing " + quote(s) + ": invalid syntax");
        };
    }

    // ---- strconv.ParseInt(s, 0, 64) ------------------------------------------------------------------------

    /**
     * pflag's int flags call {@code strconv.ParseInt(s, 0, 64)}: base 0 means a {@code 0x}, {@code 0o},
     * {@code 0b} or bare {@code 0} prefix picks base 16, 8, 2 or 8, and {@code _} may separate digits.
     */
    static long parseInt(String s0) throws ValueException {
        String s = s0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.isEmpty()) throw intError(s0, "invalid syntax");
        String digits = s;
        int base = 10;
        if (s.charAt(0) == '0') {
            char p = s.length() >= 3 ? lower(s.charAt(1)) : 0;
            base = p == 'b' ? 2 : p == 'o' ? 8 : p == 'x' ? 16 : 8;
            digits = s.substring(p == 'b' || p == 'o' || p == 'x' ? 2 : 1);
        }
        // Accumulate as unsigned 64-bit, like ParseUint: overflow is reported as soon as it happens,
        // even when a later character would have been a syntax error.
        long n = 0;
        boolean underscores = false;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            int d;
            if (c == '_') {
                underscores = true;
                continue;
            } else if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (lower(c) >= 'a' && lower(c) <= 'z') {
                d = lower(c) - 'a' + 10;
            } else {
                throw intError(s0, "invalid syntax");
            }
            if (d >= base) throw intError(s0, "invalid syntax");
            if (Long.compareUnsigned(n, Long.divideUnsigned(-1L, base) + 1) >= 0) {
                throw intError(s0, "value out of range");
            }
            n *= base;
            long n1 = n + d;
            if (Long.compareUnsigned(n1, n) < 0) throw intError(s0, "value out of range");
            n = n1;
        }
        if (underscores && !underscoreOK(s)) throw intError(s0, "invalid syntax");
        if (!neg && Long.compareUnsigned(n, Long.MIN_VALUE) >= 0) throw intError(s0, "value out of range");
        if (neg && Long.compareUnsigned(n, Long.MIN_VALUE) > 0) throw intError(s0, "value out of range");
        return neg ? -n : n;
    }

    /** strconv.ParseUint(s, 0, 64): no sign; a value above Long.MAX_VALUE counts as out of range here. */
    static long parseUint(String s) throws ValueException {
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            throw new ValueException("strconv.ParseUint: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            return parseInt(s);
        } catch (ValueException e) {
            throw new ValueException(e.getMessage().replace("strconv.ParseInt", "strconv.ParseUint"));
        }
    }

    /** Compiled on the first float flag, not in every command that defines one. */
    private static final class Floats {
        static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
                "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");
    }

    /** strconv.ParseFloat(s, 64) for decimal forms, infinities and NaN (hexadecimal floats are refused). */
    static double parseFloat(String s) throws ValueException {
        if (!Floats.FLOAT.matcher(s).matches()) {
            throw new ValueException("strconv.ParseFloat: parsing " + quote(s) + ": invalid syntax");
        }
        String t = s.replaceFirst("(?i)inf(inity)?$", "Infinity").replaceFirst("(?i)nan$", "NaN");
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d) && !t.endsWith("Infinity")) {
            throw new ValueException("strconv.ParseFloat: parsing " + quote(s) + ": value out of range");
        }
        return d;
    }

    private static ValueException intError(String s, String why) {
        return new ValueException("strconv.ParseInt: parsing " + quote(s) + ": " + why);
    }

    private static char lower(char c) {
        return (char) (c | ('x' - 'X'));
    }

    /** Go's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
    private static boolean underscoreOK(String s) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0'
                && (lower(s.charAt(1)) == 'b' || lower(s.charAt(1)) == 'o' || lower(s.charAt(1)) == 'x')) {
            i = 2;
            saw = '0';
            hex = lower(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || hex && lower(c) >= 'a' && lower(c) <= 'f') {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }

    // ---- encoding/csv: one record ---------------------------------------------------------------------------

    /**
     * pflag's readAsCSV: {@code ""} gives no fields; otherwise the first record of {@code csv.NewReader(val)}
     * with default settings (comma separator, strict quotes, no space trimming). Empty lines before the record are
     * skipped and anything after its end of line is ignored, as Reader.Read does. Works on UTF-8 bytes because Go
     * reports byte columns.
     */
    static List<String> readCsvRecord(String val) throws ValueException {
        List<String> fields = new ArrayList<>();
        if (val.isEmpty()) return fields;
        byte[] in = val.getBytes(StandardCharsets.UTF_8);
        Lines lines = new Lines(in);
        byte[] line;
        // Skip empty lines; running out of input is io.EOF.
        do {
            line = lines.next();
            if (line == null) throw new ValueException("EOF");
        } while (line.length == 0 || line.length == 1 && line[0] == '\n');

        int recLine = lines.number;
        int lineNo = recLine;
        int col = 1;
        int p = 0;
        java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
        while (true) {
            field.reset();
            if (p >= line.length || line[p] != '"') {
                // Unquoted field: up to the next comma or the end of the line.
                int end = p;
                while (end < line.length && line[end] != ',' && line[end] != '\n') end++;
                for (int j = p; j < end; j++) {
                    if (line[j] == '"') throw csvError(recLine, lineNo, col + (j - p), "bare \" in non-quoted-field");
                }
                fields.add(new String(line, p, end - p, StandardCharsets.UTF_8));
                if (end < line.length && line[end] == ',') {
                    col += end + 1 - p;
                    p = end + 1;
                    continue;
                }
                return fields;
            }
            // Quoted field: may contain commas, doubled quotes and newlines (continuing on the next line).
            p++;
            col++;
            while (true) {
                int q = p;
                while (q < line.length && line[q] != '"') q++;
                if (q < line.length) {
                    field.write(line, p, q - p);
                    col += q + 1 - p;
                    p = q + 1;
                    if (p < line.length && line[p] == '"') { // "" is a literal quote
                        field.write('"');
                        p++;
                        col++;
                    } else if (p < line.length && line[p] == ',') { // ", ends the field
                        p++;
                        col++;
                        fields.add(field.toString(StandardCharsets.UTF_8));
                        break;
                    } else if (p == line.length || p == line.length - 1 && line[p] == '\n') { // "\n ends the record
                        fields.add(field.toString(StandardCharsets.UTF_8));
                        return fields;
                    } else {
                        throw csvError(recLine, lineNo, col - 1, "extraneous or missing \" in quoted-field");
                    }
                } else if (p < line.length) {
                    field.write(line, p, line.length - p);
                    col += line.length - p;
                    byte[] next = lines.next();
                    line = next == null ? new byte[0] : next;
                    p = 0;
                    if (line.length > 0) {
                        lineNo++;
                        col = 1;
                    }
                } else {
                    // Input ended inside the quotes.
                    throw csvError(recLine, lineNo, col, "extraneous or missing \" in quoted-field");
                }
            }
        }
    }

    private static ValueException csvError(int startLine, int line, int col, String err) {
        if (startLine != line) {
            return new ValueException("record on line " + startLine + "; parse error on line " + line
                    + ", column " + col + ": " + err);
        }
        return new ValueException("parse error on line " + line + ", column " + col + ": " + err);
    }

    /** Reader.readLine: lines keep their '\n'; "\r\n" becomes "\n"; a '\r' right before the end is dropped. */
    private static final class Lines {
        private final byte[] in;
        private int pos;
        int number;

        Lines(byte[] in) {
            this.in = in;
        }

        byte[] next() {
            if (pos >= in.length) return null;
            int start = pos;
            while (pos < in.length && in[pos] != '\n') pos++;
            int end = pos < in.length ? ++pos : pos; // include the '\n' when there is one
            number++;
            int n = end - start;
            if (end == in.length && in[end - 1] != '\n' && in[end - 1] == '\r') n--;
            if (n >= 2 && in[start + n - 2] == '\r' && in[start + n - 1] == '\n') {
                byte[] l = new byte[n - 1];
                System.arraycopy(in, start, l, 0, n - 2);
                l[n - 2] = '\n';
                return l;
            }
            byte[] l = new byte[n];
            System.arraycopy(in, start, l, 0, n);
            return l;
        }
    }
}

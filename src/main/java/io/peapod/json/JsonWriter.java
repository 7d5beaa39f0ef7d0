package io.peapod.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values (maps, collections, strings, numbers, booleans, null) as JSON, compact or
 * indented by two spaces. Non-ASCII characters are written as UTF-8; control characters, quotes and
 * backslashes are escaped. Any other type is refused rather than guessed at: what is stored must
 * read back the same.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    public static byte[] write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.value(value, 0);
        if (pretty) {
            w.out.append('\n');
        }
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger || v instanceof BigDecimal) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            object(m, depth);
        } else if (v instanceof Collection<?> c) {
            array(c, depth);
        } else if (v instanceof Object[] a) {
            array(java.util.Arrays.asList(a), depth);
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private void object(Map<?, ?> m, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(depth + 1);
            string(String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            value(e.getValue(), depth + 1);
        }
        if (!m.isEmpty()) {
            newline(depth);
        }
        out.append('}');
    }

    private void array(Collection<?> c, int depth) {
        out.append('[');
        boolean first = true;
        for (Object o : c) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(depth + 1);
            value(o, depth + 1);
        }
        if (!c.isEmpty()) {
            newline(depth);
        }
        out.append(']');
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String s) {
        out.append('"');
        // Runs of characters that need no escape are appended whole: commands run this interpreted, in a
        // fresh JVM, where a StringBuilder call per character cost milliseconds on a container's spec.
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        out.append(s, run, s.length());
        out.append('"');
    }

    /**
     * Appends {@code s} as Go's encoding/json writes a string: quotes and backslashes escaped, \n \r
     * \t short, other control characters and the HTML-sensitive {@code < > &} and U+2028/U+2029 as
     * a six-character escape (backslash, u, four hex digits). For output that must be byte for byte
     * podman's (inspect, events).
     */
    public static void appendGoString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                                .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}

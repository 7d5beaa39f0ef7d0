package io.peapod.cli;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as Go's encoding/json writes it with MarshalIndent(v, "", "    "): maps and records in
 * their order, {@code <}, {@code >} and {@code &} escaped, empty collections as {@code []}/{@code {}}.
 */
final class GoJson {
    private GoJson() {}

    static String indent(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case io.peapod.engine.Timestamp t -> string(b, t.rfc3339Nano());
            case Boolean bool -> b.append(bool);
            case Double d -> b.append(d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : d.toString());
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    b.append("{}");
                    return;
                }
                b.append("{\n");
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    b.append(indent).append("    ");
                    string(b, String.valueOf(e.getKey()));
                    b.append(": ");
                    write(b, e.getValue(), indent + "    ");
                    b.append(it.hasNext() ? ",\n" : "\n");
                }
                b.append(indent).append('}');
            }
            case Collection<?> c -> {
                if (c.isEmpty()) {
                    b.append("[]");
                    return;
                }
                b.append("[\n");
                Iterator<?> it = c.iterator();
                while (it.hasNext()) {
                    b.append(indent).append("    ");
                    write(b, it.next(), indent + "    ");
                    b.append(it.hasNext() ? ",\n" : "\n");
                }
                b.append(indent).append(']');
            }
            case Record r -> {
                java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
                for (RecordComponent rc : r.getClass().getRecordComponents()) {
                    try {
                        m.put(rc.getName(), rc.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                write(b, m, indent);
            }
            default -> string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

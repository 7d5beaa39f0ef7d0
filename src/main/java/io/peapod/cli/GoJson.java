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
        return indent(value, "    ");
    }

    /** With {@code unit} as one level of indentation: podman's inspect uses five spaces, its lists four. */
    static String indent(Object value, String unit) {
        StringBuilder b = new StringBuilder();
        write(b, value, "", unit);
        return b.toString();
    }

    /**
     * As podman's listings that go through json-iterator write it: like {@link #indent} except that an
     * empty object spreads over lines ("{", an indented empty line, "}").
     */
    static String indentJsoniter(Object value, String unit) {
        StringBuilder b = new StringBuilder();
        write(b, value, "", unit, true);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent, String unit) {
        write(b, v, indent, unit, false);
    }

    private static void write(StringBuilder b, Object v, String indent, String unit, boolean spreadEmpty) {
        // instanceof rather than a pattern switch: a type switch spins a class at run time on every start.
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof io.peapod.engine.Timestamp t) {
            string(b, t.rfc3339Nano());
        } else if (v instanceof Boolean bool) {
            b.append(bool);
        } else if (v instanceof Double d) {
            b.append(d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : d.toString());
        } else if (v instanceof Number n) {
            b.append(n);
        } else if (v instanceof Map<?, ?> m) {
            object(b, m, indent, unit, spreadEmpty);
        } else if (v instanceof Collection<?> c) {
            array(b, c, indent, unit, spreadEmpty);
        } else if (v instanceof Record r) {
            java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    m.put(rc.getName(), rc.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            object(b, m, indent, unit, spreadEmpty);
        } else {
            string(b, v.toString());
        }
    }

    private static void object(StringBuilder b, Map<?, ?> m, String indent, String unit, boolean spreadEmpty) {
        if (m.isEmpty()) {
            b.append(spreadEmpty ? "{\n" + indent + unit + "\n" + indent + "}" : "{}");
            return;
        }
        b.append("{\n");
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            b.append(indent).append(unit);
            string(b, String.valueOf(e.getKey()));
            b.append(": ");
            write(b, e.getValue(), indent + unit, unit, spreadEmpty);
            b.append(it.hasNext() ? ",\n" : "\n");
        }
        b.append(indent).append('}');
    }

    private static void array(StringBuilder b, Collection<?> c, String indent, String unit, boolean spreadEmpty) {
        if (c.isEmpty()) {
            b.append("[]");
            return;
        }
        b.append("[\n");
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
            b.append(indent).append(unit);
            write(b, it.next(), indent + unit, unit, spreadEmpty);
            b.append(it.hasNext() ? ",\n" : "\n");
        }
        b.append(indent).append(']');
    }

    private static void string(StringBuilder b, String s) {
        io.peapod.json.JsonWriter.appendGoString(b, s);
    }
}

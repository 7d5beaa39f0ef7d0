package io.peapod.cli;

import java.util.Collection;
import java.util.Map;

/** The small YAML subset {@code info} prints by default: nested maps, lists and scalars. */
final class Yaml {
    private Yaml() {}

    static void write(StringBuilder b, Map<?, ?> map, String indent) {
        for (var e : map.entrySet()) {
            b.append(indent).append(e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                b.append('\n');
                write(b, m, indent + "  ");
            } else if (v instanceof Collection<?> c && !c.isEmpty()) {
                b.append('\n');
                for (Object item : c) {
                    b.append(indent).append("- ").append(scalar(item)).append('\n');
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
        if (v instanceof String && (s.isEmpty() || s.contains(": ") || s.startsWith(" ") || s.contains("#"))) {
            return "'" + s.replace("'", "''") + "'";
        }
        return s;
    }
}

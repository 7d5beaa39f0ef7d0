package io.peapod.network;

import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.Subnet;
import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network's configuration file, byte for byte as podman 4.3 writes it: Go's
 * json.MarshalIndent(network, "", "     ") of types.Network (omitempty fields left out, map keys
 * sorted) and a newline.
 */
final class NetworkFile {
    private NetworkFile() {}


    static byte[] write(Network n) {
        StringBuilder b = new StringBuilder();
        value(b, n.document(), "");
        b.append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String UNIT = "     ";

    private static void value(StringBuilder b, Object v, String indent) {
        switch (v) {
            case Map<?, ?> m -> {
                b.append("{\n");
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(indent).append(UNIT);
                    JsonWriter.appendGoString(b, (String) e.getKey());
                    b.append(": ");
                    value(b, e.getValue(), indent + UNIT);
                    b.append(++i < m.size() ? ",\n" : "\n");
                }
                b.append(indent).append('}');
            }
            case List<?> l -> {
                b.append("[\n");
                for (int i = 0; i < l.size(); i++) {
                    b.append(indent).append(UNIT);
                    value(b, l.get(i), indent + UNIT);
                    b.append(i + 1 < l.size() ? ",\n" : "\n");
                }
                b.append(indent).append(']');
            }
            case String s -> JsonWriter.appendGoString(b, s);
            default -> b.append(v);
        }
    }

    /** Reads a configuration file podman or Peapod wrote. */
    static Network read(byte[] data) {
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse(data);
        List<Subnet> subnets = new ArrayList<>();
        if (m.get("subnets") instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> s = (Map<?, ?>) o;
                Map<?, ?> range = s.get("lease_range") instanceof Map<?, ?> r ? r : Map.of();
                subnets.add(new Subnet((String) s.get("subnet"), (String) s.get("gateway"),
                        (String) range.get("start_ip"), (String) range.get("end_ip")));
            }
        }
        return new Network(str(m, "name"), str(m, "id"), str(m, "driver"), str(m, "network_interface"),
                str(m, "created"), subnets, Boolean.TRUE.equals(m.get("ipv6_enabled")),
                Boolean.TRUE.equals(m.get("internal")), Boolean.TRUE.equals(m.get("dns_enabled")),
                strings(m.get("labels")), strings(m.get("options")), strings(m.get("ipam_options")));
    }

    private static String str(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}

package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * podman's network filters: values of one key are ORed, keys ANDed; name and id are regular
 * expressions matched anywhere, driver is exact, label is "key" or "key=value"; prune knows only label.
 */
final class NetworkFilters {
    private NetworkFilters() {}

    static final Set<String> LIST_KEYS = Set.of("name", "id", "driver", "label");
    static final Set<String> PRUNE_KEYS = Set.of("label");

    static Predicate<Network> parse(List<String> filters, Set<String> keys) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            if (eq < 0 || !keys.contains(key)) {
                throw new EngineException("invalid filter \"" + key + "\"");
            }
            byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(f.substring(eq + 1));
        }
        Predicate<Network> all = n -> true;
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            Predicate<Network> any = n -> false;
            for (String v : e.getValue()) {
                any = any.or(one(e.getKey(), v));
            }
            all = all.and(any);
        }
        return all;
    }

    private static Predicate<Network> one(String key, String value) {
        return switch (key) {
            case "name" -> n -> Pattern.compile(value).matcher(n.name()).find();
            case "id" -> n -> Pattern.compile(value).matcher(n.id()).find();
            case "driver" -> n -> n.driver().equals(value);
            default -> {
                int eq = value.indexOf('=');
                String k = eq < 0 ? value : value.substring(0, eq);
                yield n -> n.labels().containsKey(k) && (eq < 0 || n.labels().get(k).equals(value.substring(eq + 1)));
            }
        };
    }
}

package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * podman's network filters: values of one key are ORed, keys ANDed; name and id are regular
 * expressions matched anywhere, driver is exact, label is "key" or "key=value",
 * until a time or a duration before now; prune knows only label and until.
 */
final class NetworkFilters {
    private NetworkFilters() {}

    static final Set<String> LIST_KEYS = Set.of("name", "id", "driver", "label", "until", "dangling");
    static final Set<String> PRUNE_KEYS = Set.of("label", "until");

    /**
     * {@code inUse}: the networks some container is attached to; every other one is dangling but the default,
     * {@code defaultName}.
     */
    static Predicate<Network> parse(List<String> filters, Set<String> keys, Set<String> inUse, String defaultName) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            if (eq < 0 || !keys.contains(key)) {
                throw new EngineException("invalid filter \"" + key + "\"");
            }
            String value = f.substring(eq + 1);
            if (key.equals("dangling") && !value.equals("true") && !value.equals("false")) {
                throw new EngineException("invalid dangling filter value \"" + value + "\"");
            }
            byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        }
        Predicate<Network> all = n -> true;
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            Predicate<Network> any = n -> false;
            for (String v : e.getValue()) {
                any = any.or(one(e.getKey(), v, inUse, defaultName));
            }
            all = all.and(any);
        }
        return all;
    }

    private static boolean createdBefore(Network n, Instant until) {
        try {
            return OffsetDateTime.parse(n.created()).toInstant().isBefore(until);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Predicate<Network> one(String key, String value, Set<String> inUse, String defaultName) {
        return switch (key) {
            case "name" -> n -> Pattern.compile(value).matcher(n.name()).find();
            case "id" -> n -> Pattern.compile(value).matcher(n.id()).find();
            case "driver" -> n -> n.driver().equals(value);
            // podman never counts its default network as dangling, used or not
            case "dangling" -> n -> (n.name().equals(defaultName) || inUse.contains(n.name()))
                    != value.equals("true");
            case "until" -> {
                Instant until = Until.parse(value, Instant.now());
                yield n -> createdBefore(n, until);
            }
            default -> {
                int eq = value.indexOf('=');
                String k = eq < 0 ? value : value.substring(0, eq);
                yield n -> n.labels().containsKey(k) && (eq < 0 || n.labels().get(k).equals(value.substring(eq + 1)));
            }
        };
    }
}

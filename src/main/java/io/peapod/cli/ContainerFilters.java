package io.peapod.cli;

import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ps --filter}: id, name, label, status, ancestor, exited. Values of one key match if any does;
 * different keys must all match (podman's rule).
 */
final class ContainerFilters {
    private static final List<String> STATES =
            List.of("created", "running", "paused", "stopping", "exited", "unknown");

    private final Map<String, List<String>> byKey = new LinkedHashMap<>();

    static ContainerFilters parse(List<String> filters) {
        ContainerFilters f = new ContainerFilters();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq < 0) {
                throw new EngineException("invalid filter \"" + filter + "\": filters must be of the form key=value");
            }
            String key = filter.substring(0, eq);
            String value = filter.substring(eq + 1);
            switch (key) {
                case "id", "name", "label", "ancestor", "exited", "pod" -> { }
                case "status" -> {
                    if (!STATES.contains(value)) {
                        throw new EngineException("invalid status filter \"" + value + "\": must be one of "
                                + String.join(", ", STATES));
                    }
                }
                default -> throw new EngineException("invalid filter \"" + key + "\"");
            }
            f.byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return f;
    }

    /** Filters on status or exit code are about stopped containers too, so ps lists all of them first. */
    boolean selectsStoppedOnes() {
        return byKey.containsKey("status") || byKey.containsKey("exited");
    }

    boolean matches(ContainerSummary s) {
        for (var e : byKey.entrySet()) {
            boolean any = false;
            for (String v : e.getValue()) {
                any |= switch (e.getKey()) {
                    case "id" -> s.Id().startsWith(v);
                    case "name" -> s.Names().stream().anyMatch(n -> n.matches(".*" + v + ".*"));
                    case "label" -> label(s, v);
                    case "status" -> s.State().equals(v);
                    case "ancestor" -> s.Image().equals(v) || s.ImageID().startsWith(v)
                            || s.Image().endsWith("/" + v) || s.Image().endsWith("/" + v + ":latest");
                    case "exited" -> s.Exited() && String.valueOf(s.ExitCode()).equals(v);
                    case "pod" -> !s.Pod().isEmpty() && (s.Pod().startsWith(v) || s.PodName().equals(v));
                    default -> false;
                };
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean label(ContainerSummary s, String v) {
        int eq = v.indexOf('=');
        String key = eq < 0 ? v : v.substring(0, eq);
        return s.Labels().containsKey(key) && (eq < 0 || s.Labels().get(key).equals(v.substring(eq + 1)));
    }
}

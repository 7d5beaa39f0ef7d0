package io.peapod.core;

import io.peapod.core.names.Durations;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code container prune --filter}: podman's prune filters for containers (label, label!, until). */
final class ContainerPrune {
    private ContainerPrune() {}

    static List<String> prune(ContainerService containers, List<String> filters) throws InterruptedException {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<java.util.function.Predicate<ContainerSummary>> tests = new ArrayList<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            String value = eq < 0 ? "" : filter.substring(eq + 1);
            switch (key) {
                case "label" -> tests.add(s -> hasLabel(s.Labels(), value));
                case "label!" -> tests.add(s -> !hasLabel(s.Labels(), value));
                case "until" -> {
                    long until = until(value, now);
                    tests.add(s -> s.Created() * 1_000_000_000L < until);
                }
                default -> throw new EngineException(key + " is an invalid filter");
            }
        }
        List<String> removed = new ArrayList<>();
        for (ContainerSummary s : containers.list(true)) {
            if (!s.State().equals(ContainerService.RUNNING) && !s.State().equals(ContainerService.PAUSED) && tests.stream().allMatch(t -> t.test(s))) {
                removed.add(containers.removeContainer(s.Id(), false));
            }
        }
        return removed;
    }

    /** podman's label filter: "key" or "key=value". */
    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        return labels.containsKey(key) && (eq < 0 || labels.get(key).equals(filter.substring(eq + 1)));
    }

    /** util.ComputeUntilTimestamp: a time, or a duration back from now. */
    private static long until(String value, long now) {
        try {
            return Durations.parseTimestamp(value, now);
        } catch (IllegalArgumentException e) {
            throw new EngineException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}

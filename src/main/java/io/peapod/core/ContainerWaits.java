package io.peapod.core;

import io.peapod.core.names.Durations;
import io.peapod.engine.EngineException;
import io.peapod.state.ContainerRow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code wait --condition}: podman's WaitForConditionWithInterval over Peapod's states. */
final class ContainerWaits {
    /** The states podman 4.3.1's wait accepts (libpod's StringToContainerStatus). */
    private static final Set<String> STATES = Set.of("unknown", "initialized", "created", "running", "paused",
            "stopped", "exited", "removing");
    /** How often an exit is checked when no --interval was given: an exit file is cheap to look for. */
    private static final long EXIT_POLL_MILLIS = 20;

    private ContainerWaits() {}

    static int waitFor(ContainerService containers, String nameOrId, List<String> conditions, String interval)
            throws InterruptedException {
        long pollMillis = interval == null || interval.isEmpty() ? EXIT_POLL_MILLIS : intervalMillis(interval);
        Set<String> wanted = new LinkedHashSet<>();
        boolean untilExit = conditions.isEmpty();
        for (String c : conditions) {
            if (!STATES.contains(c)) {
                throw new EngineException("unknown container state: " + c + ": invalid argument");
            }
            if (c.equals("stopped") || c.equals("exited")) {
                untilExit = true;
            } else {
                wanted.add(c);
            }
        }
        ContainerRow row = containers.find(nameOrId);
        while (true) {
            ContainerRow now = containers.findOrNull(row.id());
            if (now != null) {
                now = containers.current(now);   // one whose conmon died is recovered: its exit is known then
            }
            if (now == null) {
                throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
            }
            // A container that is not running (created or exited) has "exited" for wait's purpose, as in libpod.
            if (untilExit && !now.state().equals(ContainerService.RUNNING) && !now.state().equals(ContainerService.PAUSED)) {
                return now.exitCode();
            }
            if (wanted.contains(now.state())) {
                return -1;
            }
            Thread.sleep(pollMillis);
        }
    }

    /** podman: a bare number is milliseconds, anything else a Go duration. */
    static long intervalMillis(String interval) {
        String value = interval.matches("[0-9]+") ? interval + "ms" : interval;
        try {
            return Math.max(1, Durations.parseDuration(value) / 1_000_000L);
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage());
        }
    }
}

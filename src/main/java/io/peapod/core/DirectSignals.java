package io.peapod.core;

import io.peapod.state.ContainerRow;

import java.time.Instant;
import java.util.Optional;

/**
 * SIGKILL and SIGTERM sent to a container's process straight from the JVM ({@link ProcessHandle}) when a stop
 * or a forced removal signals it, where podman runs {@code runc kill}: starting runc costs ~35 ms a signal here,
 * and a pod's stop signals every member and then the infra. The JDK signals only the very process it looked up
 * (it checks the start time it read); a process is taken for the container's only when it started before the
 * container was recorded running. Anything else (other signals, a process this cannot vouch for) goes through
 * the runtime, as before.
 */
final class DirectSignals {
    /** /proc gives start times in clock ticks from a boot time in whole seconds: this much either way. */
    private static final long SLACK_MILLIS = 2_000;

    private DirectSignals() {}

    /** Sends signal "9" or "15" to the container's process; false when the runtime has to send it instead. */
    static boolean trySend(ContainerRow row, String signal) {
        boolean kill = signal.equals("9");
        if (!kill && !signal.equals("15") || row.pid() <= 0) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(row.pid());
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (started.isEmpty() || started.get().toEpochMilli() > row.started() / 1_000_000L + SLACK_MILLIS) {
            return false;   // the pid names a later process: its number was reused
        }
        return kill ? process.get().destroyForcibly() : process.get().destroy();
    }
}

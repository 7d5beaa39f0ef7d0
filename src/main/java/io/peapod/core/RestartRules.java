package io.peapod.core;

import java.time.Duration;

/**
 * When a container's restart policy restarts it (libpod's {@code shouldRestart} in podman 4.3.1), and the pause
 * Peapod puts before a restart of a container that keeps failing fast (podman has none: see design-notes).
 */
final class RestartRules {
    /** Restarts made at once, as podman makes them all; only later ones of a fast-failing container wait. */
    static final int IMMEDIATE = 5;
    /** A run at least this long counts as healthy: the restart after it is made at once. */
    static final Duration HEALTHY_RUN = Duration.ofSeconds(10);
    static final Duration FIRST_DELAY = Duration.ofMillis(100), MAX_DELAY = Duration.ofSeconds(30);

    private RestartRules() {}

    /**
     * Whether a container that has just exited on its own is restarted: "always" and "unless-stopped" (the same in
     * podman 4.3.1: a user's stop prevents both) whatever its code, "on-failure" on a non-zero code while fewer than
     * {@code maxRetries} restarts were made (0: no limit), "no" and "" never; a container stopped, killed or
     * removed by a command never.
     */
    static boolean shouldRestart(String policy, int maxRetries, int exitCode, int restartCount, boolean stoppedByUser) {
        if (stoppedByUser || policy == null) {
            return false;
        }
        return switch (policy) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maxRetries <= 0 || restartCount < maxRetries);
            default -> false;
        };
    }

    /**
     * The wait before restart number {@code restartCount + 1} of a container whose last run lasted {@code ran}:
     * none for a healthy run or the first {@link #IMMEDIATE} restarts, then 100 ms doubling up to 30 s. It keeps
     * a command that fails at once under "always" from costing a process start (and a JVM) many times a second
     * for ever.
     */
    static Duration delay(int restartCount, Duration ran) {
        if (restartCount < IMMEDIATE || ran.compareTo(HEALTHY_RUN) >= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(restartCount - IMMEDIATE, 20);
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}

package io.peapod.core.conmon;

import java.util.Locale;

/** What {@code runc state ID} says about a container. {@code pid} is 0 once it has stopped. */
public record RuntimeState(String id, Status status, int pid, String bundle) {
    public enum Status {
        CREATED, RUNNING, PAUSED, STOPPED;

        static Status parse(String s) {
            return switch (s) {
                case "created", "creating" -> CREATED;
                case "running" -> RUNNING;
                case "paused", "pausing" -> PAUSED;
                case "stopped" -> STOPPED;
                default -> throw new ConmonException("unrecognized runtime status " + s);
            };
        }

        /** The lower-case word runc and podman print. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

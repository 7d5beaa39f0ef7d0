package io.peapod.core.conmon;

/** conmon or the OCI runtime failed; the message carries their own words where we have them. */
public final class ConmonException extends RuntimeException {
    private final boolean runtimeRefused;

    public ConmonException(String message) {
        this(message, null, false);
    }

    public ConmonException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private ConmonException(String message, Throwable cause, boolean runtimeRefused) {
        super(message, cause);
        this.runtimeRefused = runtimeRefused;
    }

    /** The runtime itself refused to create the container: {@code RUNTIME: ITS MESSAGE}, as podman words it. */
    static ConmonException runtimeRefused(String runtime, String why) {
        return new ConmonException(runtime + ": " + why, null, true);
    }

    /** Whether the runtime refused the container (rather than conmon or our side failing). */
    public boolean runtimeRefused() {
        return runtimeRefused;
    }
}

package io.peapod.core.conmon;

/** conmon or the OCI runtime failed; the message carries their own words where we have them. */
public final class ConmonException extends RuntimeException {
    public ConmonException(String message) {
        super(message);
    }

    public ConmonException(String message, Throwable cause) {
        super(message, cause);
    }
}

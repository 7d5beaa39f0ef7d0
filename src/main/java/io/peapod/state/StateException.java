package io.peapod.state;

/** A failure reading or writing Peapod's metadata database. */
public final class StateException extends RuntimeException {
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}

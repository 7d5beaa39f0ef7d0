package io.peapod.core.oci;

/** An input the generator refuses (bad ulimit, unknown capability, unreadable seccomp profile). */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}

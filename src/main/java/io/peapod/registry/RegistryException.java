package io.peapod.registry;

/**
 * A registry operation that failed, worded as containers/image words it (podman prints these
 * after {@code Error: }). {@link #kind()} lets callers react without parsing the text, e.g.
 * {@code login} turning {@link Kind#UNAUTHORIZED} into "invalid username/password".
 */
public final class RegistryException extends RuntimeException {
    public enum Kind {
        /** 401 from the registry or the token server. */
        UNAUTHORIZED,
        /** 404: no such manifest, blob or repository. */
        NOT_FOUND,
        /** The connection, TLS or HTTP exchange failed (after retries). */
        TRANSPORT,
        /** The registry answered with data that fails verification (digest, size, media type). */
        INVALID,
        /** Any other refusal by the registry. */
        REFUSED,
        /** Writing the downloaded data locally (the sink) failed. */
        LOCAL
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The same failure with {@code context + ": "} in front, as Go's {@code fmt.Errorf("...: %w")}. */
    RegistryException within(String context) {
        return new RegistryException(kind, context + ": " + getMessage(), getCause());
    }
}

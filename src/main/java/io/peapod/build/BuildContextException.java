package io.peapod.build;

/**
 * A COPY/ADD source the context cannot give, or a context that cannot be read. {@link #getMessage()} is
 * podman 4.3.1's (buildah's) wording, what follows {@code Error: }.
 */
public class BuildContextException extends RuntimeException {
    public BuildContextException(String message) {
        super(message);
    }

    public BuildContextException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.peapod.engine;

/**
 * A failure to show the user: {@code message} is what follows {@code Error: }, {@code exitCode}
 * what the command exits with (125 unless podman uses another, e.g. 1 for "image not known" in exists).
 */
public class EngineException extends RuntimeException {
    private final int exitCode;

    public EngineException(String message) {
        this(message, 125);
    }

    public EngineException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

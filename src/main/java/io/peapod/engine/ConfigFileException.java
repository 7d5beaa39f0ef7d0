package io.peapod.engine;

/**
 * A configuration file podman would refuse to start with (containers.conf): podman logs the message at level
 * error ({@code time="…" level=error msg="…"}) instead of printing {@code Error: …}, and exits 1.
 */
public class ConfigFileException extends EngineException {
    public ConfigFileException(String message) {
        super(message, 1);
    }
}

package io.peapod.config;

/**
 * containers.conf cannot be used: the message is podman's (containers/common's) for the same file, which podman
 * logs at level error before it exits 1, whatever the command.
 */
public class ContainersConfException extends RuntimeException {
    public ContainersConfException(String message) {
        super(message);
    }
}

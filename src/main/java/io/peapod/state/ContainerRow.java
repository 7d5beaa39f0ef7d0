package io.peapod.state;

/**
 * A container as the database records it.
 *
 * @param config    the settings it was created with, as JSON (command, environment, user, ...)
 * @param state     "created", "running" or "exited"
 * @param created   unix nanos; {@code started} and {@code finished} likewise, 0 when not yet
 */
public record ContainerRow(String id, String name, String imageId, String imageName, byte[] config,
                           String state, int pid, int conmonPid, int exitCode,
                           long created, long started, long finished) {

    public ContainerRow withState(String newState, int newPid, int newConmonPid, int newExitCode,
                                  long newStarted, long newFinished) {
        return new ContainerRow(id, name, imageId, imageName, config, newState, newPid, newConmonPid, newExitCode,
                created, newStarted, newFinished);
    }
}

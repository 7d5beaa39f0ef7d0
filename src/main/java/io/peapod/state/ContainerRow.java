package io.peapod.state;

/**
 * A container as the database records it.
 *
 * @param config        the settings it was created with, as JSON (command, environment, user, ...)
 * @param state         "created", "running" or "exited"
 * @param created       unix nanos; {@code started} and {@code finished} likewise, 0 when not yet
 * @param restartCount  restarts by its restart policy since it was last started by a user (podman's RestartCount)
 * @param stoppedByUser stopped, killed or removed by a command since it last started: its policy does not restart it
 */
public record ContainerRow(String id, String name, String imageId, String imageName, byte[] config,
                           String state, int pid, int conmonPid, int exitCode,
                           long created, long started, long finished, int restartCount, boolean stoppedByUser) {

    public ContainerRow(String id, String name, String imageId, String imageName, byte[] config,
                        String state, int pid, int conmonPid, int exitCode, long created, long started, long finished) {
        this(id, name, imageId, imageName, config, state, pid, conmonPid, exitCode, created, started, finished, 0, false);
    }

    public ContainerRow withState(String newState, int newPid, int newConmonPid, int newExitCode,
                                  long newStarted, long newFinished) {
        return new ContainerRow(id, name, imageId, imageName, config, newState, newPid, newConmonPid, newExitCode,
                created, newStarted, newFinished, restartCount, stoppedByUser);
    }

    public ContainerRow withRestarts(int newRestartCount, boolean newStoppedByUser) {
        return new ContainerRow(id, name, imageId, imageName, config, state, pid, conmonPid, exitCode,
                created, started, finished, newRestartCount, newStoppedByUser);
    }
}

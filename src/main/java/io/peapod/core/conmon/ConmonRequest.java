package io.peapod.core.conmon;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything conmon needs to create one container.
 *
 * @param containerId   OCI id, also conmon's {@code -c} and {@code -u}
 * @param containerName human name, conmon's {@code -n} (used for syslog/journald tags)
 * @param bundleDir     directory holding config.json; conmon also puts its {@code ctl}/{@code winsz}
 *                      fifos and (with --full-attach) the {@code attach} socket here, so Podman makes it
 *                      the same directory as {@code containerDir}
 * @param runtimePath   absolute path of runc
 * @param runtimeRoot   runc's {@code --root}, where it keeps its state
 * @param containerDir  where conmon writes the container pidfile, the conmon pidfile and runc's log
 * @param logPath       the container's k8s-file log
 * @param logDriver     "k8s-file" or "none"
 * @param terminal      allocate a pty ({@code -t}); conmon owns the console socket
 * @param stdin         keep stdin open ({@code -i})
 * @param exitCommand   run by conmon once the container has exited, e.g. {@code peapod container cleanup ID};
 *                      empty for none
 * @param exitDir       conmon writes the exit code to {@code exitDir/containerId}
 * @param persistDir    conmon's {@code --persist-dir}: a second copy of the exit file plus the oom marker
 * @param socketDir     conmon's {@code --socket-dir-path} (ignored by conmon under --full-attach)
 * @param logSizeMax    conmon's {@code --log-size-max} in bytes ({@code --log-opt max-size}), or -1 for none
 */
public record ConmonRequest(String containerId, String containerName, Path bundleDir, Path runtimePath,
                            Path runtimeRoot, Path containerDir, Path logPath, String logDriver, boolean terminal,
                            boolean stdin, List<String> exitCommand, Path exitDir, Path persistDir, Path socketDir,
                            long logSizeMax) {
    /** Without a log size limit. */
    public ConmonRequest(String containerId, String containerName, Path bundleDir, Path runtimePath,
                         Path runtimeRoot, Path containerDir, Path logPath, String logDriver, boolean terminal,
                         boolean stdin, List<String> exitCommand, Path exitDir, Path persistDir, Path socketDir) {
        this(containerId, containerName, bundleDir, runtimePath, runtimeRoot, containerDir, logPath, logDriver,
                terminal, stdin, exitCommand, exitDir, persistDir, socketDir, -1);
    }

    public ConmonRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(runtimePath, "runtimePath");
        Objects.requireNonNull(runtimeRoot, "runtimeRoot");
        Objects.requireNonNull(containerDir, "containerDir");
        Objects.requireNonNull(exitDir, "exitDir");
        if (!"k8s-file".equals(logDriver) && !"none".equals(logDriver)) {
            throw new IllegalArgumentException("unsupported log driver " + logDriver);
        }
        if ("k8s-file".equals(logDriver)) Objects.requireNonNull(logPath, "logPath");
        exitCommand = exitCommand == null ? List.of() : List.copyOf(exitCommand);
    }

    /** conmon's {@code -p}: runc writes the container's init pid here. */
    public Path pidFile() { return containerDir.resolve("pidfile"); }

    /** conmon's {@code --conmon-pidfile}: how a later process finds the monitor. */
    public Path conmonPidFile() { return containerDir.resolve("conmon.pid"); }

    /** runc's JSON log (runc --log-format=json --log); its last error explains a failed create. */
    public Path ociLog() { return containerDir.resolve("oci-log"); }

    /** Catches what conmon prints before it daemonizes (bad arguments, missing runtime). */
    public Path conmonStderr() { return containerDir.resolve("conmon.err"); }
}

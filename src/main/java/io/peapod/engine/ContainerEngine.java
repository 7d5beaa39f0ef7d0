package io.peapod.engine;

import java.io.PrintStream;
import java.util.List;

/** What can be done with containers (Podman's ContainerEngine). Failures are {@link EngineException}s. */
public interface ContainerEngine {
    /** Creates a container; returns its id. */
    String create(ContainerCreateSpec spec);

    /**
     * Creates a container with its own resource limits ({@code --memory}, {@code --cpus}, ...) in the user
     * namespace {@code userns} asks for; returns its id.
     */
    default String create(ContainerCreateSpec spec, ContainerResources resources, UserNamespaceRequest userns) {
        return create(spec, resources, userns, NamespaceModes.DEFAULT);
    }

    /** The same, with the IPC, PID, UTS and cgroup namespaces {@code namespaces} asks for. */
    default String create(ContainerCreateSpec spec, ContainerResources resources, UserNamespaceRequest userns,
                          NamespaceModes namespaces) {
        if (!namespaces.isDefault()) {
            throw new EngineException("namespace modes are not supported by this engine");
        }
        if (!resources.equals(ContainerResources.NONE)) {
            throw new EngineException("resource limits are not supported by this engine");
        }
        if (!userns.isHost()) {
            throw new EngineException("user namespaces are not supported by this engine");
        }
        return create(spec);
    }

    /**
     * {@code update}: the given limits replace the container's stored ones and, when it runs, its cgroup's
     * ({@code runc update}); returns its full id.
     */
    default String update(String nameOrId, ContainerResources changes) {
        throw new EngineException("update is not supported by this engine");
    }

    /**
     * Says that this command will create a container, so that what a create reads besides the store
     * (containers.conf, the network configurations) can be read while the store opens.
     */
    default void expectCreate() {
    }

    /** Says that this command will start a container, so that what a start reads (the seccomp profile) is read meanwhile. */
    default void expectStart() {
    }

    /** Starts a created or exited container; returns its id. */
    String start(String nameOrId);

    /**
     * Starts the container and copies its output to {@code out}/{@code err} until it exits; returns its
     * exit code. With auto-remove set, the container is gone when this returns.
     */
    int startAttached(String nameOrId, PrintStream out, PrintStream err);

    List<ContainerSummary> listContainers(boolean all);

    /** The ports a running container publishes ({@code port}); none for a container that is not running. */
    List<NetworkRequest.PortMapping> ports(String nameOrId);

    boolean containerExists(String nameOrId);

    /** The ids of the containers that join this one's namespaces ({@code --network/--ipc/--pid/... container:}). */
    default List<String> dependents(String nameOrId) {
        return List.of();
    }

    /** Podman's {@code container inspect} document, as an ordered map. */
    java.util.Map<String, Object> inspectContainer(String nameOrId);

    /** Stops the container: its stop signal, then SIGKILL after {@code timeoutSeconds} (or its own default when negative). */
    String stop(String nameOrId, int timeoutSeconds);

    String kill(String nameOrId, String signal);

    /** Stops (as {@link #stop}) and starts the container again; returns its id. */
    String restart(String nameOrId, int timeoutSeconds);

    void rename(String nameOrId, String newName);

    /** Waits for the container to exit; returns its exit code. */
    int waitFor(String nameOrId);

    /** Removes the container; {@code force} stops a running one first. Returns its id. */
    String removeContainer(String nameOrId, boolean force);

    /** {@link #removeContainer(String, boolean)}; {@code volumes} also removes its anonymous volumes ({@code rm -v}). */
    String removeContainer(String nameOrId, boolean force, boolean volumes);

    /** The container's log as written, each line with its stream: "stdout" or "stderr". */
    List<LogLine> logs(String nameOrId);

    /** {@code logs} with its options: prints the selected lines, and with follow keeps printing until the container exits. */
    void printLogs(String nameOrId, LogOptions options, PrintStream out, PrintStream err);

    /**
     * @param since      "" or a time as podman accepts it (RFC 3339, date, unix seconds, or a duration back from now)
     * @param until      likewise
     * @param tail       the last N lines only; negative for all
     * @param namePrefix the container's name to put before each line ({@code -n}), or null
     */
    record LogOptions(boolean follow, String since, String until, int tail, boolean timestamps, boolean namePrefix) {}

    /** conmon's exit command: record the exit, release the container's resources, honour --rm. */
    void cleanup(String nameOrId);

    /**
     * How a foreground command joins a container's stdio (run -i/-t, start -a, attach).
     *
     * @param stdin      the user's input, or null to send the container none (attach --no-stdin)
     * @param detachKeys the bytes of {@code --detach-keys} ({@link DetachKeys#parse}); empty: no detaching
     * @param sigProxy   forward the signals we receive to the container
     */
    record AttachOptions(java.io.InputStream stdin, PrintStream out, PrintStream err, byte[] detachKeys,
                         boolean sigProxy) {}

    /**
     * Starts the container (if it is not running) and joins its stdio until it exits, returning its exit
     * code, or until the user detaches, returning -1. A container with neither a terminal nor stdin is
     * followed through its log, as {@link #startAttached(String, PrintStream, PrintStream)} does.
     */
    int startAttached(String nameOrId, AttachOptions options);

    /**
     * Joins a running container's stdio until it exits or the user detaches; returns its exit code,
     * or -1 when detached.
     */
    int attach(String nameOrId, AttachOptions options);

    record LogLine(String stream, String text, long timeNanos) {}

    /**
     * {@code wait --condition}: waits until the container reaches one of the states ("stopped" and
     * "exited" mean until it exits), checking every {@code interval} (a Go duration, or milliseconds).
     * Returns the exit code once it exited, else -1, as podman prints.
     */
    int waitFor(String nameOrId, List<String> conditions, String interval);

    /**
     * {@code container prune}: removes every container that is not running and matches all the filters
     * ({@code label=}, {@code label!=}, {@code until=}); returns the removed ids.
     */
    List<String> pruneContainers(List<String> filters);

    /** {@code ps --size}: the container's read-write layer and image sizes. */
    ContainerSummary.SizeInfo containerSize(String nameOrId);

    /**
     * Runs a process in a running container with this process's stdin (when interactive) and stdout;
     * its stderr is copied to {@code err}. Returns the process's exit code.
     */
    int exec(ExecSpec spec, java.io.OutputStream err);

    /** Starts a process in a running container and leaves it running; returns the exec session's id. */
    String execDetached(ExecSpec spec);

    /** Freezes every process of a running container; returns its id. */
    String pause(String nameOrId);

    /** Thaws a paused container; returns its id. */
    String unpause(String nameOrId);

    /**
     * The processes of a running container as {@code ps} descriptors select them (empty for podman's
     * default columns): a header line, then one line per process, columns separated by tabs.
     */
    List<String> top(String nameOrId, List<String> descriptors);

    /**
     * {@code stats}: one sample of each container named, of the latest one, or (none named) of every
     * container ordered by id; a container that is not running has every figure 0.
     */
    List<ContainerStats> stats(List<String> namesOrIds, boolean latest);
}

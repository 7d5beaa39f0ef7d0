package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * What {@code create}/{@code run} were asked for (podman's "specgen"), before the image's defaults
 * are applied.
 *
 * @param command    the arguments after the image; empty means the image's CMD
 * @param entrypoint {@code --entrypoint}, or null for the image's ENTRYPOINT
 * @param user       {@code -u}, or "" for the image's USER
 * @param workdir    {@code -w}, or "" for the image's WORKDIR
 * @param stopSignal {@code --stop-signal}, or "" for the image's STOPSIGNAL (default SIGTERM)
 * @param stopTimeout seconds {@code stop} waits before SIGKILL
 * @param network    {@code --network}, {@code -p} and the other network flags
 * @param mounts     {@code -v}, {@code --mount} and {@code --tmpfs}, in that order
 * @param interactive {@code -i}: keep the container's stdin open (conmon -i)
 * @param tty        {@code -t}: give the container a terminal (process.terminal, conmon -t)
 * @param annotations {@code --annotation}: OCI spec annotations, shown in inspect's Config.Annotations
 * @param ulimits     {@code --ulimit}, parsed; empty for the defaults (also what {@code --ulimit host} means)
 * @param envHost     {@code --env-host}: the engine's environment goes under the image's
 * @param log         {@code --log-driver}/{@code --log-opt}
 * @param restart     {@code --restart}, recorded and shown in inspect
 * @param cidFile     {@code --cidfile}, shown in inspect as HostConfig.ContainerIDFile ("" for none)
 * @param pod         {@code --pod}: the pod's name or id to join ("" for none)
 * @param initCtr     {@code --init-ctr}: "always" or "once" for an init container of its pod, else ""
 */
public record ContainerCreateSpec(String image, String name, List<String> command, List<String> entrypoint,
                                  List<String> env, String workdir, String user, String hostname,
                                  Map<String, String> labels, boolean autoRemove, String stopSignal,
                                  int stopTimeout, NetworkRequest network, boolean init, boolean readOnly,
                                  List<MountRequest> mounts, boolean interactive, boolean tty,
                                  Map<String, String> annotations, List<Ulimit> ulimits, boolean envHost,
                                  LogConfig log, RestartPolicy restart, String cidFile, String pod, String initCtr) {

    /** Without a pod. */
    public ContainerCreateSpec(String image, String name, List<String> command, List<String> entrypoint,
                               List<String> env, String workdir, String user, String hostname,
                               Map<String, String> labels, boolean autoRemove, String stopSignal,
                               int stopTimeout, NetworkRequest network, boolean init, boolean readOnly,
                               List<MountRequest> mounts, boolean interactive, boolean tty,
                               Map<String, String> annotations, List<Ulimit> ulimits, boolean envHost,
                               LogConfig log, RestartPolicy restart, String cidFile) {
        this(image, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove, stopSignal,
                stopTimeout, network, init, readOnly, mounts, interactive, tty, annotations, ulimits, envHost,
                log, restart, cidFile, "", "");
    }

    /** One {@code --ulimit name=soft:hard}, as go-units parses it; -1 is unlimited. */
    public record Ulimit(String name, long soft, long hard) {}

    /**
     * @param driver  "k8s-file", "json-file" (podman stores it as given and logs as k8s-file) or "none"
     * @param path    {@code --log-opt path=}, or "" for userdata/ctr.log
     * @param sizeMax {@code --log-opt max-size=} in bytes, or -1 for no limit
     * @param tag     {@code --log-opt tag=}
     */
    public record LogConfig(String driver, String path, long sizeMax, String tag) {
        public static final LogConfig DEFAULT = new LogConfig("k8s-file", "", -1, "");
    }

    /** @param name "" (not given), "no", "always", "on-failure" or "unless-stopped" */
    public record RestartPolicy(String name, int maximumRetryCount) {
        public static final RestartPolicy NONE = new RestartPolicy("", 0);
    }

    /** The settings the first create flags give, with every later flag at its default. */
    public ContainerCreateSpec(String image, String name, List<String> command, List<String> entrypoint,
                               List<String> env, String workdir, String user, String hostname,
                               Map<String, String> labels, boolean autoRemove, String stopSignal,
                               int stopTimeout, NetworkRequest network, boolean init, boolean readOnly) {
        this(image, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove, stopSignal,
                stopTimeout, network, init, readOnly, List.of(), false, false, Map.of(), List.of(), false,
                LogConfig.DEFAULT, RestartPolicy.NONE, "");
    }

    /** The same request for another image (create uses the id of an image pulled through a transport). */
    public ContainerCreateSpec withImage(String value) {
        return new ContainerCreateSpec(value, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove,
                stopSignal, stopTimeout, network, init, readOnly, mounts, interactive, tty, annotations, ulimits, envHost,
                log, restart, cidFile, pod, initCtr);
    }

    /** The same request joining a pod, with the network and hostname the pod gives it. */
    public ContainerCreateSpec inPod(String podId, NetworkRequest podNetwork, String podHostname) {
        return new ContainerCreateSpec(image, name, command, entrypoint, env, workdir, user, podHostname, labels, autoRemove,
                stopSignal, stopTimeout, podNetwork, init, readOnly, mounts, interactive, tty, annotations, ulimits, envHost,
                log, restart, cidFile, podId, initCtr);
    }

    /** The same request with {@code --pod} set (the flag is read apart from the other create flags). */
    public ContainerCreateSpec withPod(String value) {
        return new ContainerCreateSpec(image, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove,
                stopSignal, stopTimeout, network, init, readOnly, mounts, interactive, tty, annotations, ulimits, envHost,
                log, restart, cidFile, value, initCtr);
    }

    /** The same request as an init container of its pod ({@code --init-ctr always|once}). */
    public ContainerCreateSpec withInitCtr(String value) {
        return new ContainerCreateSpec(image, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove,
                stopSignal, stopTimeout, network, init, readOnly, mounts, interactive, tty, annotations, ulimits, envHost,
                log, restart, cidFile, pod, value);
    }

    /** The same request with the volumes and restart policy a pod gives the containers joining it. */
    public ContainerCreateSpec withPodSettings(List<MountRequest> podMounts, RestartPolicy podRestart) {
        return new ContainerCreateSpec(image, name, command, entrypoint, env, workdir, user, hostname, labels, autoRemove,
                stopSignal, stopTimeout, network, init, readOnly, podMounts, interactive, tty, annotations, ulimits, envHost,
                log, podRestart, cidFile, pod, initCtr);
    }
}

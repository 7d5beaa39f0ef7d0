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
 * @param mounts     {@code -v}, {@code --mount} and {@code --tmpfs}, in that order
 * @param interactive {@code -i}: keep the container's stdin open (conmon -i)
 * @param tty        {@code -t}: give the container a terminal (process.terminal, conmon -t)
 */
public record ContainerCreateSpec(String image, String name, List<String> command, List<String> entrypoint,
                                  List<String> env, String workdir, String user, String hostname,
                                  Map<String, String> labels, boolean autoRemove, String stopSignal,
                                  int stopTimeout, String network, boolean init, boolean readOnly,
                                  List<MountRequest> mounts, boolean interactive, boolean tty) {}

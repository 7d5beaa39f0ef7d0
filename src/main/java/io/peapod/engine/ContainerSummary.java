package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * One container as {@code ps} lists it, with podman's {@code ps --format json} field names.
 * Times are unix seconds.
 */
public record ContainerSummary(String Id, List<String> Names, String Image, String ImageID, List<String> Command,
                               long Created, String State, int ExitCode, boolean Exited, long StartedAt,
                               long ExitedAt, int Pid, Map<String, String> Labels, boolean AutoRemove,
                               String Status, String RunningFor) {}

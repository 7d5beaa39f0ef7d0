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
                               String Status, String RunningFor, List<String> Mounts, NamespaceSet Namespaces,
                               List<String> Networks, String Pod, String PodName, boolean IsInfra, List<Object> Ports,
                               SizeInfo Size) {

    /** The fields podman has and Peapod has no data for yet (mounts, networks, pods, sizes) at their empty values. */
    public ContainerSummary(String Id, List<String> Names, String Image, String ImageID, List<String> Command,
                            long Created, String State, int ExitCode, boolean Exited, long StartedAt,
                            long ExitedAt, int Pid, Map<String, String> Labels, boolean AutoRemove,
                            String Status, String RunningFor) {
        this(Id, Names, Image, ImageID, Command, Created, State, ExitCode, Exited, StartedAt, ExitedAt, Pid, Labels,
                AutoRemove, Status, RunningFor, List.of(), NamespaceSet.NONE, List.of(), "", "", false, null, null);
    }

    /** This summary with {@code ps --size}'s figures. */
    public ContainerSummary withSize(SizeInfo size) {
        return new ContainerSummary(Id, Names, Image, ImageID, Command, Created, State, ExitCode, Exited, StartedAt,
                ExitedAt, Pid, Labels, AutoRemove, Status, RunningFor, Mounts, Namespaces, Networks, Pod, PodName,
                IsInfra, Ports, size);
    }

    /** podman's ps namespaces (filled by {@code ps --namespace}, which Peapod does not have yet): a Go struct. */
    public record NamespaceSet(String Cgroup, String IPC, String MNT, String NET, String PIDNS, String User, String UTS) {
        public static final NamespaceSet NONE = new NamespaceSet("", "", "", "", "", "", "");
    }

    /**
     * {@code ps --size}: bytes written in the container's read-write layer, and the size of the image it
     * sits on (podman's "virtual" size).
     */
    public record SizeInfo(long rootFsSize, long rwSize) {}
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.PodRow;
import io.peapod.state.PodRows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's part of a container's start: the infra container started first, and the namespaces the pod
 * shares (other than the network, which the network layer joins as {@code container:INFRA}) given to the
 * OCI spec as the infra process's {@code /proc/PID/ns/*}.
 */
final class PodMembers {
    /** The container config's key naming the container's pod. */
    static final String KEY = "pod";
    /** The container config's key of {@code --init-ctr}: "always" or "once" (absent for a regular container). */
    static final String INIT_KEY = "initCtr";

    /** The OCI namespace type of each shared namespace the spec joins by path. */
    private static final Map<String, String> SPEC_TYPES = Map.of("ipc", "ipc", "uts", "uts", "pid", "pid", "cgroup", "cgroup");

    private PodMembers() {}

    /** The pod of the container, when it belongs to one and is not the pod's infra container. */
    private static PodRow podOf(ContainerService containers, ContainerRow row) {
        Object podId = Json.object(row.config(), "container config").get(KEY);
        if (podId == null || String.valueOf(podId).isEmpty()) {
            return null;
        }
        List<PodRow> pods = containers.store().db().read(PodRows::all);
        for (PodRow p : pods) {
            if (p.id().equals(podId) && !p.infraId().isEmpty() && !p.infraId().equals(row.id())) {
                return p;
            }
        }
        return null;
    }

    /** The infra container of the pod {@code podId} names ("" or an infra-less pod: null), for a container joining it. */
    static ContainerRow infraOf(ContainerService containers, String podId) {
        if (podId == null || podId.isEmpty()) {
            return null;
        }
        for (PodRow p : containers.store().db().read(PodRows::all)) {
            if (p.id().equals(podId)) {
                return p.infraId().isEmpty() ? null : containers.findOrNull(p.infraId());
            }
        }
        return null;   // the pod being created: this is its infra container
    }

    /** Starts the pod's infra container when the container joins its namespaces and it is not running. Not under the store lock. */
    static void startInfra(ContainerService containers, ContainerRow row) {
        PodRow pod = podOf(containers, row);
        if (pod == null) {
            return;
        }
        ContainerRow infra = containers.findOrNull(pod.infraId());
        if (infra != null) {
            infra = containers.current(infra);
        }
        if (infra != null && !infra.state().equals(ContainerService.RUNNING)) {
            containers.start(infra.id());
        }
    }

    /**
     * Whether the pod keeps the container's restart policy from restarting it: an infra container is never restarted
     * by policy, and a member whose infra container is not running is not (libpod's dependency check fails). Safe
     * under the store lock.
     */
    static boolean blocksRestart(ContainerService containers, ContainerRow row) {
        PodRow pod = podOfAny(containers, row);
        if (pod == null || pod.infraId().isEmpty()) {
            return false;
        }
        if (pod.infraId().equals(row.id())) {
            return true;
        }
        ContainerRow infra = containers.findOrNull(pod.infraId());
        return infra == null || !containers.synced(infra).state().equals(ContainerService.RUNNING);
    }

    /** The pod the container belongs to, its infra container included; null for none. */
    private static PodRow podOfAny(ContainerService containers, ContainerRow row) {
        Object podId = Json.object(row.config(), "container config").get(KEY);
        if (podId == null || String.valueOf(podId).isEmpty()) {
            return null;
        }
        for (PodRow p : containers.store().db().read(PodRows::all)) {
            if (p.id().equals(podId)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The pod's part of a container's OCI spec: the shared namespaces joined, its cgroup below the pod's (made
     * again if it has gone), and the devices, sysctls, security options and /dev/shm size of the pod-wide flags
     * (the infra container's own, or what the others inherit).
     */
    static io.peapod.core.oci.ContainerSpecInput specInput(ContainerService containers, ContainerRow row,
                                                          io.peapod.core.oci.ContainerSpecInput input) {
        PodRow pod = podOfAny(containers, row);
        if (pod == null || pod.infraId().isEmpty()) {
            return input;
        }
        io.peapod.engine.PodSettings settings = PodResources.of(pod);
        boolean infra = pod.infraId().equals(row.id());
        io.peapod.core.oci.ContainerSpecInput out = input
                .withNamespacePaths(infra ? Map.of() : namespacePaths(containers, row))
                .withExtras(infra ? PodResources.infraExtras(settings) : PodResources.memberExtras(settings));
        if (settings.shareParent()) {
            PodCgroup.ensure(pod.id(), settings);
            out = out.withCgroupsPath(PodCgroup.containerPath(pod.id(), row.id()));
        }
        return out;
    }

    /** After a start: {@code --infra-conmon-pidfile} gets the infra container's conmon pid, as conmon's own pidfile does. */
    static void started(ContainerService containers, ContainerRow running) {
        PodRow pod = podOfAny(containers, running);
        if (pod == null || !pod.infraId().equals(running.id())) {
            return;
        }
        String file = PodResources.of(pod).infraConmonPidFile();
        if (file.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), String.valueOf(running.conmonPid()));
        } catch (java.io.IOException e) {
            // the container runs: a file that cannot be written (its directory gone since pod create) must not undo that
        }
    }

    /** OCI namespace type → path to join, for the container's shared namespaces; empty for none. */
    static Map<String, String> namespacePaths(ContainerService containers, ContainerRow row) {
        PodRow pod = podOf(containers, row);
        Map<String, String> out = new LinkedHashMap<>();
        if (pod == null) {
            return out;
        }
        ContainerRow infra = containers.findOrNull(pod.infraId());
        if (infra == null || infra.pid() <= 0 || !infra.state().equals(ContainerService.RUNNING)) {
            throw new EngineException("cannot join the namespaces of pod " + pod.id() + ": its infra container is not running: "
                    + "container state improper");
        }
        for (String ns : pod.shared()) {
            String type = SPEC_TYPES.get(ns);
            if (type != null) {
                out.put(type, "/proc/" + infra.pid() + "/ns/" + ns);
            }
        }
        return out;
    }
}

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

package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * One pod as {@code pod ps} shows it (podman's ListPodsReport).
 *
 * @param status   podman's pod status: Created, Running, Degraded, Paused, Exited, Stopped
 * @param created  unix nanos
 * @param infraId  the infra container's id, "" for a pod without one
 */
public record PodSummary(String id, String name, String status, long created, String infraId,
                         Map<String, String> labels, List<String> networks, String cgroup, List<Member> containers) {

    /** A container of the pod, in creation order. */
    public record Member(String id, String name, String status) {}
}

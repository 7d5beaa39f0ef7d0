package io.peapod.state;

import java.util.List;
import java.util.Map;

/**
 * A pod as the database records it. Its containers are not listed here: each container's config names
 * its pod ({@code "pod"}), so removing a container needs no second table.
 *
 * @param created  unix nanos
 * @param infraId  "" for a pod without an infra container
 * @param shared   the namespaces its containers share (ipc, net, uts, pid, cgroup)
 * @param hostname {@code --hostname}, "" for the pod's name
 * @param config   JSON: create command and the infra settings, as {@code pod inspect} shows them
 */
public record PodRow(String id, String name, long created, String infraId, List<String> shared, String exitPolicy,
                     String hostname, Map<String, String> labels, byte[] config) {

    public PodRow withInfra(String value) {
        return new PodRow(id, name, created, value, shared, exitPolicy, hostname, labels, config);
    }
}

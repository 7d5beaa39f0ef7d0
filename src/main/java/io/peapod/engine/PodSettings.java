package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * The pod-wide settings of {@code pod create} that podman 4.3.1 gives the pod's cgroup, its infra container or
 * every container of the pod, parsed by the CLI but not yet checked against the host.
 *
 * @param cpus               {@code --cpus}; 0 for no limit (the pod cgroup's CFS quota over a 100000 µs period)
 * @param cpusetCpus         {@code --cpuset-cpus}; "" for the parent's
 * @param cpuShares          {@code --cpu-shares}; 0 for the kernel's default
 * @param memory             {@code --memory} in bytes; 0 for no limit
 * @param memorySwap         {@code --memory-swap} in bytes (memory plus swap); 0 not given, -1 unlimited
 * @param mounts             {@code -v}: the infra container's mounts, which every container of the pod inherits
 * @param devices            {@code --device} values ({@code SRC[:DST][:PERMS]}), given to every container of the pod
 * @param securityOpts       {@code --security-opt} values, applied to the infra container (as podman does)
 * @param sysctls            {@code --sysctl}: set in the infra container, so in the namespaces the pod shares
 * @param shmSize            {@code --shm-size} in bytes; 0 for podman's 64 MiB
 * @param restart            {@code --restart}: the policy of the pod's containers that set none of their own
 * @param infraConmonPidFile {@code --infra-conmon-pidfile}; "" for none
 * @param shareParent        {@code --share-parent}: the pod's cgroup is the parent of its containers' cgroups
 * @param userns             {@code --userns}, {@code --uidmap}, {@code --gidmap}, {@code --subuidname}, {@code --subgidname}:
 *                           the user namespace of the infra container, which the pod's containers join
 */
public record PodSettings(double cpus, String cpusetCpus, long cpuShares, long memory, long memorySwap,
                          List<MountRequest> mounts, List<String> devices, List<String> securityOpts,
                          Map<String, String> sysctls, long shmSize, ContainerCreateSpec.RestartPolicy restart,
                          String infraConmonPidFile, boolean shareParent, UserNamespaceRequest userns) {
    public static final PodSettings DEFAULT = new PodSettings(0, "", 0, 0, 0, List.of(), List.of(), List.of(), Map.of(),
            0, ContainerCreateSpec.RestartPolicy.NONE, "", true, UserNamespaceRequest.HOST);

    public PodSettings {
        mounts = List.copyOf(mounts);
        devices = List.copyOf(devices);
        securityOpts = List.copyOf(securityOpts);
        sysctls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sysctls));
    }

    /** Whether anything is limited on the pod's cgroup. */
    public boolean limitsResources() {
        return cpus > 0 || !cpusetCpus.isEmpty() || cpuShares > 0 || memory > 0 || memorySwap != 0;
    }
}

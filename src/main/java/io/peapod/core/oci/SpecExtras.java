package io.peapod.core.oci;

import java.util.List;
import java.util.Map;

/**
 * Settings a container gets from its pod (podman's pod-wide flags) beyond the ordinary create flags: host
 * devices, namespaced sysctls, security options and the size of /dev/shm.
 *
 * @param devices         host device nodes (or directories of them) made in the container and allowed by its
 *                        device cgroup
 * @param sysctls         written by the runtime after the ones containers.conf gives every container
 * @param noNewPrivileges {@code --security-opt no-new-privileges}: process.noNewPrivileges
 * @param shmSize         /dev/shm's size in bytes; 0 for podman's 64 MiB
 * @param mask            {@code --security-opt mask=}: paths added to linux.maskedPaths
 * @param unmask          {@code --security-opt unmask=}: paths (or ALL) taken out of the masked and read-only paths
 * @param seccompProfile  {@code --security-opt seccomp=}: null to keep the container's, "unconfined" or a file
 */
public record SpecExtras(List<Device> devices, Map<String, String> sysctls, boolean noNewPrivileges, long shmSize,
                         List<String> mask, List<String> unmask, String seccompProfile) {
    public static final SpecExtras NONE = new SpecExtras(List.of(), Map.of(), false, 0, List.of(), List.of(), null);

    public SpecExtras {
        devices = List.copyOf(devices);
        sysctls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sysctls));
        mask = List.copyOf(mask);
        unmask = List.copyOf(unmask);
    }

    /** One {@code --device SRC[:DST][:PERMS]}. */
    public record Device(String source, String destination, String permissions) {}
}

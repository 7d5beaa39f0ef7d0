package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * The resource flags of {@code create}/{@code run}/{@code update} (podman 4.3.1's LinuxResources part of the
 * specgen, plus the cgroup placement flags), parsed and checked by the CLI. Zero, "" and empty lists mean "not
 * given"; the fields whose zero is meaningful say what "not given" is.
 *
 * @param nanoCpus          {@code --cpus} × 10⁹ (0 for none; podman turns it into a quota over a 100000 µs period)
 * @param cpuPeriod         {@code --cpu-period} in µs
 * @param cpuQuota          {@code --cpu-quota} in µs
 * @param cpuShares         {@code --cpu-shares}
 * @param cpusetCpus        {@code --cpuset-cpus}
 * @param cpusetMems        {@code --cpuset-mems}
 * @param cpuRtPeriod       {@code --cpu-rt-period} in µs
 * @param cpuRtRuntime      {@code --cpu-rt-runtime} in µs
 * @param memory            {@code -m} in bytes
 * @param memoryReservation {@code --memory-reservation} in bytes
 * @param memorySwap        {@code --memory-swap} in bytes (memory plus swap), -1 for unlimited, 0 for podman's
 *                          default (twice the memory limit when there is one)
 * @param memorySwappiness  {@code --memory-swappiness}, -1 for the kernel's
 * @param oomKillDisable    {@code --oom-kill-disable}
 * @param oomScoreAdj       {@code --oom-score-adj}, null for the runtime's (inherited) value
 * @param pidsLimit         {@code --pids-limit}, null for containers.conf's pids_limit (2048); 0 or less: none
 * @param blkioWeight       {@code --blkio-weight}
 * @param blkioWeightDevice {@code --blkio-weight-device}
 * @param readBps           {@code --device-read-bps}
 * @param writeBps          {@code --device-write-bps}
 * @param readIops          {@code --device-read-iops}
 * @param writeIops         {@code --device-write-iops}
 * @param cgroupParent      {@code --cgroup-parent}, "" for /libpod_parent
 * @param cgroupns          {@code --cgroupns}: "" (host on cgroup v1, podman's default here), host, private
 * @param cgroups           {@code --cgroups}: enabled (the default), no-conmon, disabled, split
 * @param cgroupConf        {@code --cgroup-conf KEY=VALUE}: cgroup v2 files written by the runtime (linux.resources.unified)
 */
public record ContainerResources(long nanoCpus, long cpuPeriod, long cpuQuota, long cpuShares, String cpusetCpus,
                                 String cpusetMems, long cpuRtPeriod, long cpuRtRuntime, long memory,
                                 long memoryReservation, long memorySwap, long memorySwappiness, boolean oomKillDisable,
                                 Integer oomScoreAdj, Long pidsLimit, long blkioWeight,
                                 List<DeviceValue> blkioWeightDevice, List<DeviceValue> readBps,
                                 List<DeviceValue> writeBps, List<DeviceValue> readIops, List<DeviceValue> writeIops,
                                 String cgroupParent, String cgroupns, String cgroups, Map<String, String> cgroupConf) {
    public static final ContainerResources NONE = new ContainerResources(0, 0, 0, 0, "", "", 0, 0, 0, 0, 0, -1, false,
            null, null, 0, List.of(), List.of(), List.of(), List.of(), List.of(), "", "", "enabled", Map.of());

    public ContainerResources {
        blkioWeightDevice = List.copyOf(blkioWeightDevice);
        readBps = List.copyOf(readBps);
        writeBps = List.copyOf(writeBps);
        readIops = List.copyOf(readIops);
        writeIops = List.copyOf(writeIops);
        cgroupConf = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cgroupConf));
    }

    /** One {@code PATH:VALUE} of the per-device blkio flags (a weight or a rate). */
    public record DeviceValue(String path, long value) {}
}

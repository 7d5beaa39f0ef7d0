package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.engine.EngineException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resource flags of {@code create}/{@code run} and {@code update} ({@code --cpus}, {@code -m}, {@code
 * --pids-limit}, the blkio flags, the cgroup placement flags), parsed with podman 4.3.1's texts (specgenutil's
 * getCPULimits/getMemoryLimits/getIOLimits, specgen's validation). The five that {@code pod create} shares are
 * defined once here ({@link #addShared}); what needs the host (cpusets, devices) is checked by the engine.
 */
final class ResourceFlags {
    /** Compiled on first use (--cpuset-cpus, --cpuset-mems), not in every create. */
    private static final class CpuLists {
        static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    }
    private static final String MEMORY_FORMAT = "(format: `<number>[<unit>]`, where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))";

    private ResourceFlags() {}

    /** The flags of pod create, create, run and update alike. */
    static FlagSet addShared(FlagSet f) {
        return f.floating("cpus", '\0', 0, "Number of CPUs. The default is 0.000 which means no limit")
                .string("cpuset-cpus", '\0', "", "CPUs in which to allow execution (0-3, 0,1)")
                .uint("cpu-shares", 'c', 0, "CPU shares (relative weight)")
                .string("memory", 'm', "", "Memory limit " + MEMORY_FORMAT)
                .string("memory-swap", '\0', "", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
    }

    /** {@code update}'s flags (podman 4.3.1's update has no pids, oom or cgroup flags). */
    static FlagSet addUpdate(FlagSet f) {
        return addShared(f)
                .string("blkio-weight", '\0', "", "Block IO weight (relative weight) accepts a weight value between 10 and 1000.")
                .stringSlice("blkio-weight-device", '\0', "Block IO weight (relative device weight, format: `DEVICE_NAME:WEIGHT`)")
                .uint("cpu-period", '\0', 0, "Limit the CPU CFS (Completely Fair Scheduler) period")
                .integer("cpu-quota", '\0', 0, "Limit the CPU CFS (Completely Fair Scheduler) quota")
                .uint("cpu-rt-period", '\0', 0, "Limit the CPU real-time period in microseconds")
                .integer("cpu-rt-runtime", '\0', 0, "Limit the CPU real-time runtime in microseconds")
                .string("cpuset-mems", '\0', "", "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.")
                .stringSlice("device-read-bps", '\0', "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)")
                .stringSlice("device-read-iops", '\0', "Limit read rate (IO per second) from a device (e.g. --device-read-iops=/dev/sda:1000)")
                .stringSlice("device-write-bps", '\0', "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)")
                .stringSlice("device-write-iops", '\0', "Limit write rate (IO per second) to a device (e.g. --device-write-iops=/dev/sda:1000)")
                .string("memory-reservation", '\0', "", "Memory soft limit " + MEMORY_FORMAT)
                .integer("memory-swappiness", '\0', -1, "Tune container memory swappiness (0 to 100, or -1 for system default)");
    }

    /** create's and run's. */
    static FlagSet addCreate(FlagSet f) {
        return addUpdate(f)
                .stringSlice("cgroup-conf", '\0', "Configure cgroup v2 (key=value)")
                .string("cgroup-parent", '\0', "", "Optional parent cgroup for the container")
                .string("cgroupns", '\0', "", "cgroup namespace to use")
                .string("cgroups", '\0', "enabled", "control container cgroup configuration (\"enabled\"|\"disabled\"|\"no-conmon\"|\"split\")")
                .string("kernel-memory", '\0', "", "DEPRECATED: Option is just hear for compatibility with Docker")
                .hidden("kernel-memory")
                .bool("oom-kill-disable", '\0', "Disable OOM Killer")
                .integer("oom-score-adj", '\0', 0, "Tune the host's OOM preferences (-1000 to 1000)")
                .integer("pids-limit", '\0', 2048, "Tune container pids limit (set -1 for unlimited)");
    }

    /** create's and run's flags; {@code --kernel-memory} gets podman's warning on {@code err}. */
    static ContainerResources parseCreate(ParsedFlags f, PrintStream err) {
        if (f.changed("kernel-memory")) {
            err.println("time=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\" level=warning msg=\"The --kernel-memory flag is no longer supported. This flag is a noop.\"");
        }
        String cgroups = f.string("cgroups");
        if (!List.of("enabled", "disabled", "no-conmon", "split").contains(cgroups)) {
            throw new EngineException("running container create option: invalid cgroup mode \"" + cgroups + "\": invalid argument");
        }
        String cgroupns = f.string("cgroupns");
        String nsKind = cgroupns.contains(":") ? cgroupns.substring(0, cgroupns.indexOf(':')) : cgroupns;
        switch (nsKind) {
            case "", "host", "private", "ns" -> { }
            case "container" -> cgroupns = "";   // another container's namespace: NamespaceFlags
            default -> throw new EngineException("unrecognized namespace mode " + cgroupns + " passed");
        }
        Map<String, String> cgroupConf = new LinkedHashMap<>();
        for (String kv : f.list("cgroup-conf")) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new EngineException("--cgroup-conf must be formatted KEY=VALUE");
            }
            cgroupConf.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return parse(f, f.changed("oom-score-adj") ? (int) f.integer("oom-score-adj") : null,
                f.changed("pids-limit") ? f.integer("pids-limit") : null, f.bool("oom-kill-disable"),
                f.string("cgroup-parent"), cgroupns, cgroups, cgroupConf);
    }

    /** update's flags: only the given ones are set. */
    static ContainerResources parseUpdate(ParsedFlags f) {
        return parse(f, null, null, false, "", "", "enabled", Map.of());
    }

    private static ContainerResources parse(ParsedFlags f, Integer oomScoreAdj, Long pidsLimit, boolean oomKillDisable,
                                            String cgroupParent, String cgroupns, String cgroups, Map<String, String> cgroupConf) {
        // getMemoryLimits
        long memory = memory(f.string("memory"));
        long reservation = memory(f.string("memory-reservation"));
        String swapFlag = f.string("memory-swap");
        long swap = swapFlag.isEmpty() ? 0 : swapFlag.equals("-1") ? -1 : memory(swapFlag);
        long swappiness = f.integer("memory-swappiness");
        // getIOLimits
        long weight = 0;
        if (!f.string("blkio-weight").isEmpty()) {
            try {
                weight = GoNumbers.parseUint(f.string("blkio-weight"), 16);
            } catch (IllegalArgumentException e) {
                throw new EngineException("invalid value for blkio-weight: " + e.getMessage());
            }
        }
        List<DeviceValue> weightDevices = weightDevices(f.list("blkio-weight-device"));
        List<DeviceValue> readBps = rates(f.list("device-read-bps"), true);
        List<DeviceValue> writeBps = rates(f.list("device-write-bps"), true);
        List<DeviceValue> readIops = rates(f.list("device-read-iops"), false);
        List<DeviceValue> writeIops = rates(f.list("device-write-iops"), false);
        // getCPULimits
        double cpus = f.floating("cpus");
        long nanoCpus = cpus > 0 ? Math.round(cpus * 1e9) : 0;
        String cpusetCpus = f.string("cpuset-cpus");
        String cpusetMems = f.string("cpuset-mems");
        // specgen's validation
        if (swap > 0 && memory == 0) {
            throw new EngineException("you should always set a memory limit when using a memoryswap limit, see usage");
        }
        if (swap > 0 && swap < memory) {
            throw new EngineException("minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (swappiness > 100) {
            throw new EngineException("invalid value: " + swappiness + ", valid memory swappiness range is 0-100");
        }
        long period = f.uint("cpu-period");
        long quota = f.integer("cpu-quota");
        if (nanoCpus > 0 && period > 0) {
            throw new EngineException("--cpu-period and --cpus cannot be set together");
        }
        if (nanoCpus > 0 && quota != 0) {
            throw new EngineException("--cpu-quota and --cpus cannot be set together");
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw new EngineException("CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (quota > 0 && quota < 1000) {
            throw new EngineException("CPU cfs quota cannot be less than 1ms (i.e. 1000)");
        }
        if (!cpusetCpus.isEmpty() && !CpuLists.CPU_LIST.matcher(cpusetCpus).matches()) {
            throw new EngineException("invalid value " + cpusetCpus + " for cpuset cpus");
        }
        if (!cpusetMems.isEmpty() && !CpuLists.CPU_LIST.matcher(cpusetMems).matches()) {
            throw new EngineException("invalid value " + cpusetMems + " for cpuset mems");
        }
        return new ContainerResources(nanoCpus, period, quota, f.uint("cpu-shares"), cpusetCpus, cpusetMems,
                f.uint("cpu-rt-period"), f.integer("cpu-rt-runtime"), memory, reservation, swap, swappiness, oomKillDisable,
                oomScoreAdj, pidsLimit, weight, weightDevices, readBps, writeBps, readIops, writeIops, cgroupParent, cgroupns,
                cgroups, cgroupConf);
    }

    /** go-units RAMInBytes with specgenutil's prefix; "" is not given. */
    static long memory(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return GoNumbers.ramInBytes(value);
        } catch (EngineException e) {
            throw new EngineException("invalid value for memory: " + e.getMessage());
        }
    }

    /** {@code --blkio-weight-device PATH:WEIGHT} (podman's validateweightDevice). */
    static List<DeviceValue> weightDevices(List<String> values) {
        List<DeviceValue> out = new ArrayList<>();
        for (String v : values) {
            String[] split = devicePair(v);
            long weight;
            try {
                weight = GoNumbers.parseUint(split[1], 16);
            } catch (IllegalArgumentException e) {
                throw new EngineException("invalid weight for device: " + v);
            }
            if (weight > 0 && (weight < 10 || weight > 1000)) {
                throw new EngineException("invalid weight for device: " + v);
            }
            out.add(new DeviceValue(split[0], weight));
        }
        return out;
    }

    /** {@code --device-read-bps PATH:RATE[UNIT]} and the iops forms (podman's validateBpsDevice/validateIOpsDevice). */
    static List<DeviceValue> rates(List<String> values, boolean bytes) {
        List<DeviceValue> out = new ArrayList<>();
        for (String v : values) {
            String[] split = devicePair(v);
            long rate;
            try {
                rate = bytes ? GoNumbers.ramInBytes(split[1]) : GoNumbers.parseUint(split[1], 64);
            } catch (RuntimeException e) {
                rate = -1;
            }
            if (rate < 0) {
                throw new EngineException("invalid rate for device: " + v + (bytes
                        ? ". The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb"
                        : ". The correct format is <device-path>:<number>. Number must be a positive integer"));
            }
            out.add(new DeviceValue(split[0], rate));
        }
        return out;
    }

    /** Splits {@code /dev/PATH:VALUE} into its two parts, refusing any other shape as podman does. */
    private static String[] devicePair(String v) {
        String[] split = v.split(":", -1);
        if (split.length != 2) {
            throw new EngineException("bad format: " + v);
        }
        if (!split[0].startsWith("/dev/")) {
            throw new EngineException("bad format for device path: " + v);
        }
        return split;
    }
}

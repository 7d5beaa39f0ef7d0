package io.peapod.core;

import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's own resource limits in its OCI spec: the linux.resources they become (written by runc into the
 * container's cgroup, /libpod_parent/libpod-ID in every v1 hierarchy here, and what {@code runc update} gets),
 * process.oomScoreAdj, the cgroup namespace and --cgroup-parent's cgroupsPath.
 */
final class ContainerLimitsSpec {
    private ContainerLimitsSpec() {}

    /** CFS period and quota: --cpus as podman turns it (a 100000 µs period), else --cpu-period/--cpu-quota. */
    static long[] periodAndQuota(ContainerResources r) {
        if (r.nanoCpus() > 0) {
            return new long[] {PodResources.CPU_PERIOD, r.nanoCpus() * PodResources.CPU_PERIOD / 1_000_000_000L};
        }
        return new long[] {r.cpuPeriod(), r.cpuQuota()};
    }

    /**
     * linux.resources' memory, cpu, pids and blockIO objects, in the OCI spec's field order, with only what was
     * asked (podman writes nothing else); the pids limit is containers.conf's 2048 unless --pids-limit says
     * otherwise (0 or less: no limit, written as 0).
     */
    static Map<String, Object> linuxResources(ContainerResources r) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        putPositive(memory, "limit", r.memory());
        putPositive(memory, "reservation", r.memoryReservation());
        putPositive(memory, "swap", r.memorySwap());
        if (r.memorySwappiness() >= 0) {
            memory.put("swappiness", r.memorySwappiness());
        }
        if (r.oomKillDisable()) {
            memory.put("disableOOMKiller", true);
        }
        if (!memory.isEmpty()) {
            out.put("memory", memory);
        }
        Map<String, Object> cpu = new LinkedHashMap<>();
        long[] pq = periodAndQuota(r);
        putPositive(cpu, "shares", r.cpuShares());
        if (pq[1] != 0) {
            cpu.put("quota", pq[1]);
        }
        putPositive(cpu, "period", pq[0]);
        if (r.cpuRtRuntime() != 0) {
            cpu.put("realtimeRuntime", r.cpuRtRuntime());
        }
        putPositive(cpu, "realtimePeriod", r.cpuRtPeriod());
        if (!r.cpusetCpus().isEmpty()) {
            cpu.put("cpus", r.cpusetCpus());
        }
        if (!r.cpusetMems().isEmpty()) {
            cpu.put("mems", r.cpusetMems());
        }
        if (!cpu.isEmpty()) {
            out.put("cpu", cpu);
        }
        out.put("pids", Map.of("limit", pidsLimit(r)));
        Map<String, Object> blkio = new LinkedHashMap<>();
        putPositive(blkio, "weight", r.blkioWeight());
        addDevices(blkio, "weightDevice", "weight", r.blkioWeightDevice());
        addDevices(blkio, "throttleReadBpsDevice", "rate", r.readBps());
        addDevices(blkio, "throttleWriteBpsDevice", "rate", r.writeBps());
        addDevices(blkio, "throttleReadIOPSDevice", "rate", r.readIops());
        addDevices(blkio, "throttleWriteIOPSDevice", "rate", r.writeIops());
        if (!blkio.isEmpty()) {
            out.put("blockIO", blkio);
        }
        if (!r.cgroupConf().isEmpty()) {
            out.put("unified", r.cgroupConf());
        }
        return out;
    }

    static long pidsLimit(ContainerResources r) {
        Long p = r.pidsLimit();
        return p == null ? io.peapod.core.oci.ContainerSpecInput.DEFAULT_PIDS_LIMIT : Math.max(0, p);
    }

    private static void putPositive(Map<String, Object> m, String key, long value) {
        if (value > 0) {
            m.put(key, value);
        }
    }

    private static void addDevices(Map<String, Object> blkio, String key, String field, List<DeviceValue> l) {
        if (l.isEmpty()) {
            return;
        }
        List<Object> out = new ArrayList<>();
        for (DeviceValue d : l) {
            long rdev = rdev(d.path());
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("major", (rdev >>> 8) & 0xfff);
            x.put("minor", (rdev & 0xff) | ((rdev >>> 12) & 0xfff00));
            x.put(field, d.value());
            out.add(x);
        }
        blkio.put(key, out);
    }

    private static long rdev(String path) {
        try {
            return (Long) Files.getAttribute(Path.of(path).toRealPath(), "unix:rdev");
        } catch (IOException e) {
            throw new EngineException("could not parse throttle device at " + path + ": no such file or directory");
        }
    }

    /**
     * The container's settings written into the generated spec: linux.resources (besides the device rules),
     * process.oomScoreAdj, the cgroup namespace and, outside a pod, --cgroup-parent's cgroupsPath.
     */
    static void prepareStart(Map<String, Object> spec, Map<String, Object> config, String id, Path userdata) throws IOException {
        apply(spec, config, id);
        Files.deleteIfExists(ContainerLimits.oomMarker(userdata));
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> spec, Map<String, Object> config, String id) {
        ContainerResources r = ContainerLimits.of(config);
        if (r.cgroups().equals("split")) {
            // podman's systemd-only mode; without systemd its lookup of the caller's cgroup fails the same way
            throw new EngineException("could not find cgroup mount in \"/proc/self/cgroup\"");
        }
        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        Map<String, Object> resources = (Map<String, Object>) linux.get("resources");
        resources.remove("pids");
        resources.putAll(linuxResources(r));
        if (r.oomScoreAdj() != null) {
            ((Map<String, Object>) spec.get("process")).put("oomScoreAdj", r.oomScoreAdj());
        }
        if (!r.cgroupParent().isEmpty() && !config.containsKey(PodMembers.KEY)) {
            String parent = r.cgroupParent().endsWith("/") ? r.cgroupParent() : r.cgroupParent() + "/";
            linux.put("cgroupsPath", parent + "libpod-" + id);
        }
        List<Map<String, Object>> namespaces = (List<Map<String, Object>>) linux.get("namespaces");
        boolean hasCgroupNs = namespaces.stream().anyMatch(n -> "cgroup".equals(n.get("type")));
        if (!hasCgroupNs && (r.cgroupns().equals("private") || r.cgroupns().startsWith("ns:"))) {
            Map<String, Object> ns = new LinkedHashMap<>();
            ns.put("type", "cgroup");
            if (r.cgroupns().startsWith("ns:")) {
                ns.put("path", r.cgroupns().substring(3));
            }
            namespaces.add(ns);
        } else if (hasCgroupNs && r.cgroupns().equals("host")) {
            namespaces.removeIf(n -> "cgroup".equals(n.get("type")));
        }
    }
}

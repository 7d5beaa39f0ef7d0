package io.peapod.core;

import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.image.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's own resource limits ({@code create/run --memory/--cpus/--pids-limit/...}, {@code update}): how
 * they are kept in the container's config, {@code update}'s flags over them, and inspect's HostConfig fields.
 * The host checks at create are {@link ContainerLimitChecks}'s, the OCI spec's part {@link ContainerLimitsSpec}'s.
 * A pod's limits are on the pod's cgroup instead ({@link PodCgroup}); a member's own flags go to its own cgroup
 * below the pod's, as in podman.
 */
final class ContainerLimits {
    /** The container config's key holding the settings. */
    static final String KEY = "resources";

    private ContainerLimits() {}

    // ---- stored form ---------------------------------------------------------------------------

    static Map<String, Object> toJson(ContainerResources r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nanoCpus", r.nanoCpus());
        m.put("cpuPeriod", r.cpuPeriod());
        m.put("cpuQuota", r.cpuQuota());
        m.put("cpuShares", r.cpuShares());
        m.put("cpusetCpus", r.cpusetCpus());
        m.put("cpusetMems", r.cpusetMems());
        m.put("cpuRtPeriod", r.cpuRtPeriod());
        m.put("cpuRtRuntime", r.cpuRtRuntime());
        m.put("memory", r.memory());
        m.put("memoryReservation", r.memoryReservation());
        m.put("memorySwap", r.memorySwap());
        m.put("memorySwappiness", r.memorySwappiness());
        m.put("oomKillDisable", r.oomKillDisable());
        m.put("oomScoreAdj", r.oomScoreAdj());
        m.put("pidsLimit", r.pidsLimit());
        m.put("blkioWeight", r.blkioWeight());
        m.put("blkioWeightDevice", devices(r.blkioWeightDevice()));
        m.put("readBps", devices(r.readBps()));
        m.put("writeBps", devices(r.writeBps()));
        m.put("readIops", devices(r.readIops()));
        m.put("writeIops", devices(r.writeIops()));
        m.put("cgroupParent", r.cgroupParent());
        m.put("cgroupns", r.cgroupns());
        m.put("cgroups", r.cgroups());
        m.put("cgroupConf", r.cgroupConf());
        return m;
    }

    private static List<Object> devices(List<DeviceValue> l) {
        List<Object> out = new ArrayList<>();
        for (DeviceValue d : l) {
            out.add(Map.of("path", d.path(), "value", d.value()));
        }
        return out;
    }

    /** The container's settings; one created before these flags has none (podman's defaults). */
    static ContainerResources of(Map<String, Object> c) {
        if (!(c.get(KEY) instanceof Map<?, ?>)) {
            return ContainerResources.NONE;
        }
        Map<String, Object> m = Json.map(c.get(KEY));
        return new ContainerResources(num(m, "nanoCpus"), num(m, "cpuPeriod"), num(m, "cpuQuota"), num(m, "cpuShares"),
                str(m, "cpusetCpus"), str(m, "cpusetMems"), num(m, "cpuRtPeriod"), num(m, "cpuRtRuntime"), num(m, "memory"),
                num(m, "memoryReservation"), num(m, "memorySwap"), m.get("memorySwappiness") instanceof Number n ? n.longValue() : -1,
                Boolean.TRUE.equals(m.get("oomKillDisable")),
                m.get("oomScoreAdj") instanceof Number n ? n.intValue() : null,
                m.get("pidsLimit") instanceof Number n ? n.longValue() : null, num(m, "blkioWeight"),
                devices(m.get("blkioWeightDevice")), devices(m.get("readBps")), devices(m.get("writeBps")),
                devices(m.get("readIops")), devices(m.get("writeIops")), str(m, "cgroupParent"), str(m, "cgroupns"),
                m.get("cgroups") == null ? "enabled" : str(m, "cgroups"), strings(m.get("cgroupConf")));
    }

    private static List<DeviceValue> devices(Object o) {
        List<DeviceValue> out = new ArrayList<>();
        for (Object x : Json.list(o)) {
            Map<String, Object> d = Json.map(x);
            out.add(new DeviceValue(Json.string(d.get("path")), ((Number) d.get("value")).longValue()));
        }
        return out;
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        Json.map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static long num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Map<String, Object> m, String key) {
        String s = Json.string(m.get(key));
        return s == null ? "" : s;
    }

    // ---- update --------------------------------------------------------------------------------

    /**
     * {@code update}'s flags over the stored settings: each given flag replaces the stored value (with podman's
     * twice-the-memory swap when --memory comes without --memory-swap); the rest stays.
     */
    static ContainerResources merge(ContainerResources old, ContainerResources u) {
        long memory = u.memory() > 0 ? u.memory() : old.memory();
        long swap = u.memorySwap() != 0 ? u.memorySwap() : u.memory() > 0 ? 2 * u.memory() : old.memorySwap();
        boolean cpus = u.nanoCpus() > 0;
        return new ContainerResources(cpus ? u.nanoCpus() : u.cpuPeriod() > 0 || u.cpuQuota() != 0 ? 0 : old.nanoCpus(),
                cpus ? 0 : u.cpuPeriod() > 0 ? u.cpuPeriod() : old.cpuPeriod(),
                cpus ? 0 : u.cpuQuota() != 0 ? u.cpuQuota() : old.cpuQuota(),
                u.cpuShares() > 0 ? u.cpuShares() : old.cpuShares(),
                !u.cpusetCpus().isEmpty() ? u.cpusetCpus() : old.cpusetCpus(),
                !u.cpusetMems().isEmpty() ? u.cpusetMems() : old.cpusetMems(),
                u.cpuRtPeriod() > 0 ? u.cpuRtPeriod() : old.cpuRtPeriod(),
                u.cpuRtRuntime() != 0 ? u.cpuRtRuntime() : old.cpuRtRuntime(),
                memory, u.memoryReservation() > 0 ? u.memoryReservation() : old.memoryReservation(), swap,
                u.memorySwappiness() >= 0 ? u.memorySwappiness() : old.memorySwappiness(), old.oomKillDisable(),
                old.oomScoreAdj(), u.pidsLimit() != null ? u.pidsLimit() : old.pidsLimit(),
                u.blkioWeight() > 0 ? u.blkioWeight() : old.blkioWeight(),
                !u.blkioWeightDevice().isEmpty() ? u.blkioWeightDevice() : old.blkioWeightDevice(),
                !u.readBps().isEmpty() ? u.readBps() : old.readBps(), !u.writeBps().isEmpty() ? u.writeBps() : old.writeBps(),
                !u.readIops().isEmpty() ? u.readIops() : old.readIops(), !u.writeIops().isEmpty() ? u.writeIops() : old.writeIops(),
                old.cgroupParent(), old.cgroupns(), old.cgroups(), old.cgroupConf());
    }

    /** Where conmon leaves its mark when the kernel's OOM killer hit the container (its --persist-dir). */
    static Path oomMarker(Path userdata) {
        return userdata.resolve("persist").resolve("oom");
    }

    /** State.OOMKilled: conmon's oom marker of the last run. */
    static void inspectState(Map<String, Object> state, Path userdata) {
        state.put("OOMKilled", Files.exists(oomMarker(userdata)));
    }

    // ---- inspect -------------------------------------------------------------------------------

    /** HostConfig.CgroupMode: the cgroup namespace (host on this cgroup v1 host unless --cgroupns private). */
    static String cgroupMode(Map<String, Object> c) {
        String ns = of(c).cgroupns();
        return ns.isEmpty() ? (PodCgroup.unified() ? "private" : "host") : ns;
    }

    /** HostConfig's resource fields, CpuShares to PidsLimit, with podman 4.3.1's values (read back from the spec's form). */
    @SuppressWarnings("unchecked")
    static void inspect(Map<String, Object> h, Map<String, Object> c) {
        ContainerResources r = of(c);
        Map<String, Object> res = ContainerLimitsSpec.linuxResources(r);
        Map<String, Object> mem = (Map<String, Object>) res.getOrDefault("memory", Map.of());
        Map<String, Object> blkio = (Map<String, Object>) res.get("blockIO");
        h.put("Cgroups", r.cgroups().equals("disabled") ? "disabled" : "default");
        h.put("OomScoreAdj", r.oomScoreAdj() == null ? 0 : r.oomScoreAdj());
        h.put("CpuShares", r.cpuShares());
        h.put("Memory", r.memory());
        long[] pq = ContainerLimitsSpec.periodAndQuota(r);
        h.put("NanoCpus", pq[0] > 0 && pq[1] > 0 ? (long) ((double) pq[1] / pq[0] * 1_000_000_000L) : 0L);
        h.put("CgroupParent", r.cgroupParent());
        h.put("BlkioWeight", r.blkioWeight());
        h.put("BlkioWeightDevice", blkio == null ? null : inspectDevices(r.blkioWeightDevice(), "Weight"));
        h.put("BlkioDeviceReadBps", blkio == null ? null : inspectDevices(r.readBps(), "Rate"));
        h.put("BlkioDeviceWriteBps", blkio == null ? null : inspectDevices(r.writeBps(), "Rate"));
        h.put("BlkioDeviceReadIOps", blkio == null ? null : inspectDevices(r.readIops(), "Rate"));
        h.put("BlkioDeviceWriteIOps", blkio == null ? null : inspectDevices(r.writeIops(), "Rate"));
        h.put("CpuPeriod", Math.max(0, pq[0]));
        h.put("CpuQuota", pq[1]);
        h.put("CpuRealtimePeriod", r.cpuRtPeriod());
        h.put("CpuRealtimeRuntime", r.cpuRtRuntime());
        h.put("CpusetCpus", r.cpusetCpus());
        h.put("CpusetMems", r.cpusetMems());
        h.put("DiskQuota", 0);
        h.put("KernelMemory", 0);
        h.put("MemoryReservation", r.memoryReservation());
        h.put("MemorySwap", Math.max(0, r.memorySwap()));
        // podman: the spec's swappiness, -1 when the spec has a memory section without one, 0 without any
        h.put("MemorySwappiness", mem.isEmpty() ? 0L : mem.containsKey("swappiness") ? (long) mem.get("swappiness") : -1L);
        h.put("OomKillDisable", r.oomKillDisable());
        h.put("PidsLimit", ContainerLimitsSpec.pidsLimit(r));
    }

    private static List<Object> inspectDevices(List<DeviceValue> l, String field) {
        List<Object> out = new ArrayList<>();
        for (DeviceValue d : l) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("Path", d.path());
            x.put(field, d.value());
            out.add(x);
        }
        return out;
    }
}

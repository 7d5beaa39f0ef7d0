package io.peapod.core;

import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.engine.EngineException;
import io.peapod.image.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container's own resource limits ({@code create/run --memory/--cpus/--pids-limit/...}, {@code update}): the
 * host checks podman 4.3.1 makes at create, how they are kept in the container's config, the OCI spec's
 * linux.resources they become (written by runc into the container's cgroup, /libpod_parent/libpod-ID in every v1
 * hierarchy here), what {@code runc update} gets, and inspect's HostConfig fields. A pod's limits are on the pod's
 * cgroup instead ({@link PodCgroup}); a member's own flags go to its own cgroup below the pod's, as in podman.
 */
final class ContainerLimits {
    /** The container config's key holding the settings. */
    static final String KEY = "resources";
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private ContainerLimits() {}

    // ---- create --------------------------------------------------------------------------------

    /**
     * podman's create-time checks and defaults: --memory-swap defaults to twice --memory, the cpusets must be
     * available, the blkio devices must exist, --cgroups disabled needs crun, a blkio weight without the kernel's
     * support is dropped with podman's warning. Returns what is stored.
     */
    static ContainerResources resolve(ContainerResources r) {
        if (!r.cgroupConf().isEmpty() && !PodCgroup.unified()) {
            throw new EngineException("cannot use --cgroup-conf without cgroup v2");
        }
        if (r.cgroups().equals("disabled")) {
            throw new EngineException("requested OCI runtime runc is not compatible with NoCgroups: invalid argument");
        }
        if (r.cgroupns().startsWith("ns:")) {
            String p = r.cgroupns().substring(3);
            if (!Files.exists(Path.of(p))) {
                throw new EngineException("cannot find specified cgroup namespace path: stat " + p + ": no such file or directory");
            }
        }
        available("cpus", r.cpusetCpus(), CGROUP.resolve("cpuset/cpuset.effective_cpus"), CGROUP.resolve("cpuset.cpus.effective"),
                "requested CPUs are not available - requested ");
        available("mems", r.cpusetMems(), CGROUP.resolve("cpuset/cpuset.effective_mems"), CGROUP.resolve("cpuset.mems.effective"),
                "requested memory nodes are not available - requested ");
        for (DeviceValue d : r.blkioWeightDevice()) {
            if (!Files.exists(Path.of(d.path()))) {
                throw new EngineException("failed to inspect '" + d.path() + "' in --blkio-weight-device: no such file or directory");
            }
        }
        for (List<DeviceValue> l : List.of(r.readBps(), r.writeBps(), r.readIops(), r.writeIops())) {
            for (DeviceValue d : l) {
                if (!Files.exists(Path.of(d.path()))) {
                    throw new EngineException("could not parse throttle device at " + d.path() + ": no such file or directory");
                }
            }
        }
        long weight = r.blkioWeight();
        if (weight > 0 && !Files.exists(CGROUP.resolve("blkio/blkio.weight")) && !Files.exists(CGROUP.resolve("blkio/blkio.bfq.weight"))) {
            // podman's sysinfo check; printed as is (not through logrus), as podman does
            System.err.println("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
            weight = 0;
        }
        long swap = r.memorySwap() == 0 && r.memory() > 0 ? 2 * r.memory() : r.memorySwap();
        return new ContainerResources(r.nanoCpus(), r.cpuPeriod(), r.cpuQuota(), r.cpuShares(), r.cpusetCpus(), r.cpusetMems(),
                r.cpuRtPeriod(), r.cpuRtRuntime(), r.memory(), r.memoryReservation(), swap, r.memorySwappiness(),
                r.oomKillDisable(), r.oomScoreAdj(), r.pidsLimit(), weight, r.blkioWeightDevice(), r.readBps(), r.writeBps(),
                r.readIops(), r.writeIops(), r.cgroupParent(), r.cgroupns(), r.cgroups(), r.cgroupConf());
    }

    /** A cpuset that names a cpu or node the host's root cpuset lacks: podman's sysinfo error. */
    private static void available(String what, String requested, Path v1, Path v2, String message) {
        if (requested.isEmpty()) {
            return;
        }
        String have = read(Files.exists(v1) ? v1 : v2);
        if (have.isEmpty()) {
            return;
        }
        TreeSet<Integer> host = list(have);
        if (!host.containsAll(list(requested))) {
            throw new EngineException(message + requested + ", available: " + have);
        }
    }

    /** A kernel cpu list ("0-3,5"). */
    static TreeSet<Integer> list(String s) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : s.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int i = from; i <= to; i++) {
                out.add(i);
            }
        }
        return out;
    }

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

    // ---- the OCI spec --------------------------------------------------------------------------

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
        Files.deleteIfExists(oomMarker(userdata));
    }

    /** Where conmon leaves its mark when the kernel's OOM killer hit the container (its --persist-dir). */
    static Path oomMarker(Path userdata) {
        return userdata.resolve("persist").resolve("oom");
    }

    /** State.OOMKilled: conmon's oom marker of the last run. */
    static void inspectState(Map<String, Object> state, Path userdata) {
        state.put("OOMKilled", Files.exists(oomMarker(userdata)));
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> spec, Map<String, Object> config, String id) {
        ContainerResources r = of(config);
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
        Map<String, Object> res = linuxResources(r);
        Map<String, Object> mem = (Map<String, Object>) res.getOrDefault("memory", Map.of());
        Map<String, Object> blkio = (Map<String, Object>) res.get("blockIO");
        h.put("Cgroups", r.cgroups().equals("disabled") ? "disabled" : "default");
        h.put("OomScoreAdj", r.oomScoreAdj() == null ? 0 : r.oomScoreAdj());
        h.put("CpuShares", r.cpuShares());
        h.put("Memory", r.memory());
        long[] pq = periodAndQuota(r);
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
        h.put("PidsLimit", pidsLimit(r));
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

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

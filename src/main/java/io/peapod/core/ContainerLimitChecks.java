package io.peapod.core;

import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The host checks podman 4.3.1 makes on a container's resource limits at create (and {@code update}): cgroup
 * modes this host supports, cpusets it has, blkio devices that exist, with podman's defaults filled in.
 */
final class ContainerLimitChecks {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private ContainerLimitChecks() {}

    /**
     * podman's create-time checks and defaults: --memory-swap defaults to twice --memory, the cpusets must be
     * available, the blkio devices must exist, --cgroups disabled needs crun, a blkio weight without the kernel's
     * support is dropped with podman's warning; no --pids-limit: {@code defaultPidsLimit} (containers.conf's
     * pids_limit at create, null for an update: the container's own stays). Returns what is stored.
     */
    static ContainerResources resolve(ContainerResources r, Long defaultPidsLimit) {
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
                r.oomKillDisable(), r.oomScoreAdj(), r.pidsLimit() != null ? r.pidsLimit() : defaultPidsLimit, weight,
                r.blkioWeightDevice(), r.readBps(), r.writeBps(), r.readIops(), r.writeIops(), r.cgroupParent(), r.cgroupns(),
                r.cgroups(), r.cgroupConf());
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

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

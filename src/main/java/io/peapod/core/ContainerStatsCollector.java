package io.peapod.core;

import io.peapod.engine.ContainerStats;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code stats}: which containers (libpod's ContainerStats: the ones named, the latest, or all of them
 * ordered by id as podman's state lists them) and one sample of each ({@link #sample}).
 */
final class ContainerStatsCollector {
    private ContainerStatsCollector() {}

    static List<ContainerStats> collect(ContainerService containers, List<String> namesOrIds, boolean latest) throws IOException {
        if (io.peapod.sys.LibC.geteuid() != 0 && !CgroupLayout.detect().version().equals("v2")) {
            // a rootless container has no cgroup of its own on cgroup v1: podman refuses rather than show the session's
            throw new EngineException("stats is not supported in rootless mode without cgroups v2");
        }
        List<ContainerRow> targets = new ArrayList<>();
        if (latest) {
            containers.rows().stream().max(Comparator.comparingLong(ContainerRow::created)).ifPresent(targets::add);
            if (targets.isEmpty()) {
                throw new EngineException("unable to get list of containers: no such container");
            }
        } else if (!namesOrIds.isEmpty()) {
            for (String n : namesOrIds) {
                try {
                    targets.add(containers.find(n));
                } catch (EngineException e) {
                    throw new EngineException("unable to get list of containers: unable to look up container " + n + ": "
                            + e.getMessage());
                }
            }
        } else {
            targets.addAll(containers.rows());
            targets.sort(Comparator.comparing(ContainerRow::id));
        }
        CgroupStats cgroups = CgroupStats.forHost();
        long hostMemory = CgroupStats.hostMemory();
        List<ContainerStats> out = new ArrayList<>();
        for (ContainerRow r : targets) {
            ContainerRow now = containers.synced(r);
            out.add(sample(cgroups, hostMemory, now));
        }
        return out;
    }

    /** One sample of a running or paused container; the idle figures for any other, or one that exits meanwhile. */
    static ContainerStats sample(CgroupStats cgroups, long hostMemory, ContainerRow r) {
        boolean live = r.state().equals(ContainerService.RUNNING) || r.state().equals(ContainerService.PAUSED);
        if (!live || r.pid() <= 0) {
            return ContainerStats.idle(r.id(), r.name());
        }
        String procCgroup, netDev;
        try {
            procCgroup = Files.readString(Path.of("/proc/" + r.pid() + "/cgroup"));
            netDev = hostNetwork(r) ? "" : Files.readString(Path.of("/proc/" + r.pid() + "/net/dev"));
        } catch (IOException e) {
            return ContainerStats.idle(r.id(), r.name());   // it exited while we looked
        }
        long sampledAt = sampleTime();
        CgroupStats.Sample s = cgroups.read(procCgroup, hostMemory);
        long[] net = CgroupStats.eth0(netDev);
        return new ContainerStats(r.id(), r.name(), sampledAt, r.started(), s.cpuNanos(), s.systemCpuNanos(), s.perCpu(),
                s.memUsage(), s.memLimit(), net[1], net[0], s.blockRead(), s.blockWrite(), s.pids());
    }

    private static long sampleTime() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** podman reports no network figures for a container in the host's network namespace. */
    private static boolean hostNetwork(ContainerRow r) {
        return NetworkConfig.of(Json.object(r.config(), "container config")).mode() == NetworkRequest.Mode.HOST;
    }
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.PodSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's cgroup with the cgroupfs manager, {@code /libpod_parent/POD_ID} as podman 4.3.1 makes it: the pod's
 * {@code --cpus/--cpuset-cpus/--cpu-shares/--memory/--memory-swap} written there, and its containers' cgroups
 * created below it by runc (their cgroupsPath {@code /libpod_parent/POD_ID/libpod-ID}), so the limits hold for
 * the pod as a whole. Written at pod create (podman's errors come from the kernel's answer to these writes) and
 * again before a container starts when it has gone (a reboot empties /sys/fs/cgroup); removed with the pod.
 */
final class PodCgroup {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private PodCgroup() {}

    static String path(String podId) {
        return PodService.CGROUP_PARENT + "/" + podId;
    }

    /** The cgroupsPath of a container of the pod. */
    static String containerPath(String podId, String containerId) {
        return path(podId) + "/libpod-" + containerId;
    }

    static boolean unified() {
        return CgroupLayout.detect().version().equals("v2");
    }

    /** Creates the pod's cgroup with its limits; on failure, nothing of it is left. */
    static void create(String podId, PodSettings s) {
        try {
            if (unified()) {
                createV2(podId, s);
            } else {
                createV1(podId, s);
            }
        } catch (RuntimeException e) {
            remove(podId);
            throw e;
        }
    }

    /** Creates it again when it is not there (only the limited controllers matter). */
    static void ensure(String podId, PodSettings s) {
        if (!s.limitsResources()) {
            return;
        }
        Path probe = unified() ? ROOT.resolve(path(podId).substring(1)) : ROOT.resolve("memory").resolve(path(podId).substring(1));
        if (!Files.isDirectory(probe)) {
            create(podId, s);
        }
    }

    private static void createV1(String podId, PodSettings s) {
        String rel = path(podId).substring(1);
        if (!s.cpusetCpus().isEmpty()) {
            Path cpuset = ROOT.resolve("cpuset");
            Path parent = cpuset.resolve(PodService.CGROUP_PARENT.substring(1));
            Path dir = cpuset.resolve(rel);
            mkdir(dir);
            // a v1 cpuset cgroup takes no task until its cpus and mems are set: inherit them, as runc does
            for (Path p : List.of(parent, dir)) {
                for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
                    if (read(p.resolve(f)).isEmpty()) {
                        write(p.resolve(f), read(p.getParent().resolve(f)));
                    }
                }
            }
            write(dir.resolve("cpuset.cpus"), s.cpusetCpus());
        }
        if (s.cpus() > 0 || s.cpuShares() > 0) {
            Path dir = ROOT.resolve("cpu").resolve(rel);
            mkdir(dir);
            if (s.cpuShares() > 0) {
                write(dir.resolve("cpu.shares"), String.valueOf(s.cpuShares()));
            }
            if (s.cpus() > 0) {
                write(dir.resolve("cpu.cfs_period_us"), String.valueOf(PodResources.CPU_PERIOD));
                write(dir.resolve("cpu.cfs_quota_us"), String.valueOf(PodResources.quota(s)));
            }
        }
        if (s.memory() > 0 || s.memorySwap() != 0) {
            Path dir = ROOT.resolve("memory").resolve(rel);
            mkdir(dir);
            if (s.memory() > 0) {
                write(dir.resolve("memory.limit_in_bytes"), String.valueOf(s.memory()));
            }
            if (s.memorySwap() != 0 && Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
                write(dir.resolve("memory.memsw.limit_in_bytes"), String.valueOf(s.memorySwap()));
            }
        }
    }

    private static void createV2(String podId, PodSettings s) {
        Path parent = ROOT.resolve(PodService.CGROUP_PARENT.substring(1));
        Path dir = ROOT.resolve(path(podId).substring(1));
        mkdir(dir);
        for (Path p : List.of(ROOT, parent)) {
            try {
                Files.writeString(p.resolve("cgroup.subtree_control"), "+cpu +cpuset +memory");
            } catch (IOException ignored) {
                // a controller the kernel does not offer: the write of its limit below says so
            }
        }
        if (!s.cpusetCpus().isEmpty()) {
            write(dir.resolve("cpuset.cpus"), s.cpusetCpus());
        }
        if (s.cpuShares() > 0) {
            // runc's conversion of v1 shares to the v2 weight
            write(dir.resolve("cpu.weight"), String.valueOf(1 + ((s.cpuShares() - 2) * 9999) / 262142));
        }
        if (s.cpus() > 0) {
            write(dir.resolve("cpu.max"), PodResources.quota(s) + " " + PodResources.CPU_PERIOD);
        }
        if (s.memory() > 0) {
            write(dir.resolve("memory.max"), String.valueOf(s.memory()));
        }
        if (s.memorySwap() == -1) {
            write(dir.resolve("memory.swap.max"), "max");
        } else if (s.memorySwap() > 0) {
            if (s.memorySwap() < s.memory() || s.memory() <= 0) {
                throw new EngineException("invalid memory swap value " + s.memorySwap() + ": it must be at least the memory limit");
            }
            write(dir.resolve("memory.swap.max"), String.valueOf(s.memorySwap() - s.memory()));
        }
    }

    /** Removes the pod's cgroup in every hierarchy (runc made it in each for the containers below it). */
    static void remove(String podId) {
        String rel = path(podId).substring(1);
        List<Path> dirs = new ArrayList<>();
        try (var s = Files.list(ROOT)) {
            s.forEach(h -> dirs.add(h.resolve(rel)));
        } catch (IOException e) {
            return;
        }
        dirs.add(ROOT.resolve(rel));
        for (Path d : dirs) {
            removeTree(d);
        }
    }

    /** rmdir of the cgroup and any empty child left (a cgroup directory cannot be deleted with files in it). */
    private static void removeTree(Path d) {
        if (!Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = Files.list(d)) {
            s.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(PodCgroup::removeTree);
        } catch (IOException ignored) {
            // gone meanwhile
        }
        try {
            Files.deleteIfExists(d);
        } catch (IOException ignored) {
            // still in use (a process left in it): kept, as podman keeps it
        }
    }

    private static void mkdir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EngineException("creating cgroup " + dir + ": " + reason(e));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Go's text for a failed cgroup write, as podman prints it. */
    private static void write(Path p, String value) {
        try {
            Files.writeString(p, value);
        } catch (IOException e) {
            throw new EngineException("failed to write \"" + value + "\": write " + p + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        String r = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return r == null ? "input/output error" : r.toLowerCase(java.util.Locale.ROOT);
    }
}

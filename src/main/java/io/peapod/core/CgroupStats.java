package io.peapod.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's resource use as its cgroup counts it (containers/common's cgroups Stat, which podman's
 * stats reads): cgroup v1 controllers where the host mounts them (a hybrid host such as this one has
 * v1 controllers plus an empty v2 mount), else the unified v2 files. The process's cgroup comes from
 * {@code /proc/PID/cgroup}, so it is found wherever the runtime placed it.
 */
final class CgroupStats {
    /** Figures of one cgroup; a file that is missing counts 0, as containers/common ignores it. */
    record Sample(long cpuNanos, long systemCpuNanos, List<Long> perCpu, long memUsage, long memLimit,
                  long blockRead, long blockWrite, long pids) {}

    /** Controller → mount point of each v1 hierarchy; the v2 mount point under "" when there is one. */
    private final Map<String, Path> mounts;

    CgroupStats(String procMounts) {
        this.mounts = parseMounts(procMounts);
    }

    static CgroupStats forHost() throws IOException {
        return new CgroupStats(Files.readString(Path.of("/proc/self/mounts")));
    }

    static Map<String, Path> parseMounts(String procMounts) {
        Map<String, Path> out = new HashMap<>();
        for (String line : procMounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            if (f[2].equals("cgroup2")) {
                out.putIfAbsent("", Path.of(f[1]));
            } else if (f[2].equals("cgroup")) {
                for (String option : f[3].split(",")) {
                    out.putIfAbsent(option, Path.of(f[1]));
                }
            }
        }
        return out;
    }

    /** {@code /proc/PID/cgroup}: controller → path ("" for the v2 line "0::/path"). */
    static Map<String, String> parseProcCgroup(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[1].isEmpty()) {
                out.put("", f[2]);
            } else {
                for (String c : f[1].split(",")) {
                    out.put(c, f[2]);
                }
            }
        }
        return out;
    }

    Sample read(String procCgroup, long hostMemory) {
        Map<String, String> paths = parseProcCgroup(procCgroup);
        Path v2 = paths.containsKey("") && mounts.containsKey("") ? mounts.get("").resolve(relative(paths.get(""))) : null;
        Path cpuacct = v1(paths, "cpuacct");
        Path memory = v1(paths, "memory");
        Path blkio = v1(paths, "blkio");
        Path pidsDir = v1(paths, "pids");

        long cpu = 0, sys = 0;
        List<Long> perCpu = List.of();
        if (cpuacct != null) {
            cpu = number(cpuacct.resolve("cpuacct.usage"));
            sys = number(cpuacct.resolve("cpuacct.usage_sys"));
            perCpu = numbers(cpuacct.resolve("cpuacct.usage_percpu"));
        } else if (v2 != null) {
            Map<String, Long> stat = keyed(v2.resolve("cpu.stat"));
            cpu = stat.getOrDefault("usage_usec", 0L) * 1000;
            sys = stat.getOrDefault("system_usec", 0L) * 1000;
        }
        long mem = 0, limit = 0;
        if (memory != null) {
            mem = number(memory.resolve("memory.usage_in_bytes"));
            limit = number(memory.resolve("memory.limit_in_bytes"));
        } else if (v2 != null) {
            mem = number(v2.resolve("memory.current"));
            limit = number(v2.resolve("memory.max"));   // "max" reads as 0: no limit
        }
        if (limit <= 0 || limit > hostMemory) {
            limit = hostMemory;
        }
        long read = 0, write = 0;
        if (blkio != null) {
            for (String line : lines(blkio.resolve("blkio.throttle.io_service_bytes_recursive"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].contains(":")) {
                    long v = parse(f[2]);
                    switch (f[1].toLowerCase(java.util.Locale.ROOT)) {
                        case "read" -> read += v;
                        case "write" -> write += v;
                        default -> { }
                    }
                }
            }
        } else if (v2 != null) {
            for (String line : lines(v2.resolve("io.stat"))) {
                for (String word : line.trim().split("\\s+")) {
                    if (word.startsWith("rbytes=")) read += parse(word.substring(7));
                    if (word.startsWith("wbytes=")) write += parse(word.substring(7));
                }
            }
        }
        long pids = pidsDir != null ? number(pidsDir.resolve("pids.current")) : v2 != null ? number(v2.resolve("pids.current")) : 0;
        return new Sample(cpu, sys, perCpu, mem, limit, read, write, pids);
    }

    private Path v1(Map<String, String> paths, String controller) {
        Path mount = mounts.get(controller);
        String path = paths.get(controller);
        return mount == null || path == null ? null : mount.resolve(relative(path));
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long number(Path p) {
        List<String> l = lines(p);
        return l.isEmpty() ? 0 : parse(l.getFirst().trim());
    }

    private static List<Long> numbers(Path p) {
        List<Long> out = new ArrayList<>();
        for (String line : lines(p)) {
            for (String w : line.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(parse(w));
                }
            }
        }
        return out;
    }

    private static Map<String, Long> keyed(Path p) {
        Map<String, Long> out = new HashMap<>();
        for (String line : lines(p)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                out.put(f[0], parse(f[1]));
            }
        }
        return out;
    }

    private static long parse(String s) {
        try {
            return Long.parseUnsignedLong(s) < 0 ? Long.MAX_VALUE : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Bytes received and sent on {@code eth0} in a {@code /proc/PID/net/dev} table; zeros without it. */
    static long[] eth0(String netDev) {
        for (String line : netDev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("eth0")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length >= 9) {
                return new long[] {parse(f[0]), parse(f[8])};
            }
        }
        return new long[] {0, 0};
    }

    /** The host's memory in bytes (sysinfo's totalram, which /proc/meminfo shows in kB). */
    static long hostMemory() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return parse(line.substring(9).trim().split("\\s+")[0]) * 1024;
            }
        }
        return Long.MAX_VALUE;
    }
}

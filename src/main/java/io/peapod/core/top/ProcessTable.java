package io.peapod.core.top;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of one container, read from the host's /proc: every process in the pid namespace of
 * the container's first process, which is what the container's own /proc lists. Also the lookups
 * the descriptors need: names from the container's /etc/passwd and /etc/group (psgo reads them inside
 * the container) or the host's (for huser/hgroup), terminals from the container's /dev, clock data.
 */
final class ProcessTable {
    private static final DateTimeFormatter STIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Path proc;
    private final Path containerRoot;
    private final List<ProcessInfo> processes;
    private final Map<Integer, Integer> namespacePids = new HashMap<>();
    private final long nowNanos;
    private final long bootSeconds;
    private final long clockTicks;
    private Map<String, String> containerUsers, containerGroups, hostUsers, hostGroups;
    private Map<Long, String> ttys;

    private ProcessTable(Path proc, int initPid, List<ProcessInfo> processes, long nowNanos, long bootSeconds,
                         long clockTicks) {
        this.proc = proc;
        this.containerRoot = proc.resolve(Integer.toString(initPid)).resolve("root");
        this.processes = processes;
        this.nowNanos = nowNanos;
        this.bootSeconds = bootSeconds;
        this.clockTicks = clockTicks;
        for (ProcessInfo p : processes) {
            namespacePids.put(p.hostPid(), p.innermostPid());
        }
    }

    /** Reads the processes that share the pid namespace of {@code initPid} (a host pid). */
    static ProcessTable read(int initPid) throws IOException {
        Path proc = Path.of("/proc");
        Path ns = Files.readSymbolicLink(proc.resolve(initPid + "/ns/pid"));
        List<ProcessInfo> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(dir.resolve("ns/pid")).equals(ns)) {
                        found.add(readProcess(dir, Integer.parseInt(name)));
                    }
                } catch (IOException e) {
                    // exited while we looked, or not ours to read (then not in the container either): skipped
                }
            }
        }
        Instant now = Instant.now();
        ProcessTable t = new ProcessTable(proc, initPid, found, now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                bootTime(proc), clockTicks(proc));
        found.sort(Comparator.comparingInt(p -> t.namespacePid(p.hostPid())));
        return t;
    }

    private static ProcessInfo readProcess(Path dir, int pid) throws IOException {
        ProcessInfo.Stat stat = ProcessInfo.parseStat(Files.readString(dir.resolve("stat")));
        var status = ProcessInfo.parseStatus(Files.readString(dir.resolve("status")));
        List<String> cmdline = ProcessInfo.parseCmdline(Files.readAllBytes(dir.resolve("cmdline")));
        String label;
        try {
            label = Files.readString(dir.resolve("attr/current")).replaceAll("^\n+|\n+$", "");
        } catch (IOException e) {
            if (!Files.exists(dir)) {
                throw new NoSuchFileException(dir.toString());
            }
            label = "?";   // the process exists, the host has no labels
        }
        return new ProcessInfo(pid, stat, status, cmdline, label);
    }

    List<ProcessInfo> processes() {
        return processes;
    }

    /** A host pid as the container sees it; 0 for one outside its namespace (the kernel says 0 too). */
    int namespacePid(int hostPid) {
        return namespacePids.getOrDefault(hostPid, 0);
    }

    long startNanos(ProcessInfo p) {
        return (bootSeconds + p.stat().startTime() / clockTicks) * 1_000_000_000L;
    }

    long elapsedNanos(ProcessInfo p) {
        return nowNanos - startNanos(p);
    }

    /** User plus system time in whole seconds, as psgo rounds it. */
    long cpuSeconds(ProcessInfo p) {
        return (p.stat().utime() + p.stat().stime()) / clockTicks;
    }

    /** Go's time.Time %v in UTC, the zone Peapod prints times in. */
    String startTimeText(ProcessInfo p) {
        return STIME.format(Instant.ofEpochSecond(startNanos(p) / 1_000_000_000L)) + " +0000 UTC";
    }

    String containerUser(String uid) {
        if (containerUsers == null) {
            containerUsers = idNames(containerRoot.resolve("etc/passwd"));
        }
        return containerUsers.getOrDefault(uid, uid);
    }

    String containerGroup(String gid) {
        if (containerGroups == null) {
            containerGroups = idNames(containerRoot.resolve("etc/group"));
        }
        return containerGroups.getOrDefault(gid, gid);
    }

    String hostUser(String uid) {
        if (hostUsers == null) {
            hostUsers = idNames(Path.of("/etc/passwd"));
        }
        return hostUsers.getOrDefault(uid, uid);
    }

    String hostGroup(String gid) {
        if (hostGroups == null) {
            hostGroups = idNames(Path.of("/etc/group"));
        }
        return hostGroups.getOrDefault(gid, gid);
    }

    /** The terminal's name under the container's /dev ("pts/0"), or "?" (psgo looks only at /dev/tty* and /dev/pts/*). */
    String tty(long ttyNr) {
        if (ttys == null) {
            ttys = new HashMap<>();
            Path dev = containerRoot.resolve("dev");
            addDevices(dev, "tty*", "");
            addDevices(dev.resolve("pts"), "*", "pts/");
        }
        return ttys.getOrDefault(deviceKey(major(ttyNr), minor(ttyNr)), "?");
    }

    private void addDevices(Path dir, String glob, String prefix) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) {
                try {
                    long rdev = ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
                    ttys.putIfAbsent(deviceKey(major(rdev), minor(rdev)), prefix + p.getFileName());
                } catch (IOException | UnsupportedOperationException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            // no such directory in this container
        }
    }

    /** glibc's gnu_dev_major/minor, which also decode the kernel's 32-bit tty_nr. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    private static long deviceKey(long major, long minor) {
        return major << 32 | minor;
    }

    /** id -> name from a passwd or group file, the first entry for an id winning (runc's user lookup). */
    static Map<String, String> idNames(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !line.startsWith("#")) {
                    out.putIfAbsent(f[2], f[0]);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no such file: ids stay numbers
        }
        return out;
    }

    private static long bootTime(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IOException("couldn't extract boot time from /proc/stat");
    }

    /** sysconf(_SC_CLK_TCK), which glibc takes from the auxiliary vector's AT_CLKTCK (psgo reads it there too). */
    private static long clockTicks(Path proc) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(proc.resolve("self/auxv"))).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                long key = b.getLong();
                long value = b.getLong();
                if (key == 17) {   // AT_CLKTCK
                    return value;
                }
            }
        } catch (IOException e) {
            // fall through to Linux's fixed USER_HZ
        }
        return 100;
    }
}

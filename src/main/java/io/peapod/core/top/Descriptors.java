package io.peapod.core.top;

import io.peapod.engine.GoDuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * psgo's AIX format descriptors as podman 4.3.1 vendors them: each with its code form ("%C"), its
 * normal form ("pcpu"), its header ("%CPU") and how it is computed.
 */
final class Descriptors {
    private Descriptors() {}

    /** psgo's DefaultDescriptors, the columns of {@code ps -ef}. */
    static final List<String> DEFAULT = List.of("user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args");

    @FunctionalInterface
    interface Column {
        String value(ProcessInfo p, ProcessTable t);
    }

    record Descriptor(String code, String normal, String header, Column column) {}

    /** In psgo's order, which is also the order in which a descriptor given twice... is simply listed twice. */
    static final List<Descriptor> ALL = List.of(
            new Descriptor("%C", "pcpu", "%CPU", Descriptors::pcpu),
            new Descriptor("%G", "group", "GROUP", (p, t) -> t.containerGroup(p.status("Gid", 1))),
            new Descriptor("", "groups", "GROUPS", (p, t) -> String.join(",",
                    p.statusList("Groups").stream().map(t::containerGroup).toList())),
            new Descriptor("%P", "ppid", "PPID", (p, t) -> Integer.toString(t.namespacePid(p.stat().ppid()))),
            new Descriptor("%U", "user", "USER", (p, t) -> t.containerUser(p.status("Uid", 1))),
            new Descriptor("%a", "args", "COMMAND", Descriptors::args),
            new Descriptor("%c", "comm", "COMMAND", (p, t) -> p.stat().comm()),
            new Descriptor("%g", "rgroup", "RGROUP", (p, t) -> t.containerGroup(p.status("Gid", 0))),
            new Descriptor("%n", "nice", "NI", (p, t) -> p.stat().nice()),
            new Descriptor("%p", "pid", "PID", (p, t) -> Integer.toString(t.namespacePid(p.hostPid()))),
            new Descriptor("%r", "pgid", "PGID", Descriptors::pgid),
            new Descriptor("%t", "etime", "ELAPSED", (p, t) -> GoDuration.format(t.elapsedNanos(p))),
            new Descriptor("%u", "ruser", "RUSER", (p, t) -> t.containerUser(p.status("Uid", 0))),
            new Descriptor("%x", "time", "TIME", (p, t) -> GoDuration.format(t.cpuSeconds(p) * 1_000_000_000L)),
            new Descriptor("%y", "tty", "TTY", (p, t) -> t.tty(p.stat().ttyNr())),
            new Descriptor("%z", "vsz", "VSZ", (p, t) -> Long.toString(p.stat().vsize() / 1024)),
            new Descriptor("", "capamb", "AMBIENT CAPS", (p, t) -> caps(p.status("CapAmb"))),
            new Descriptor("", "capinh", "INHERITED CAPS", (p, t) -> caps(p.status("CapInh"))),
            new Descriptor("", "capprm", "PERMITTED CAPS", (p, t) -> caps(p.status("CapPrm"))),
            new Descriptor("", "capeff", "EFFECTIVE CAPS", (p, t) -> caps(p.status("CapEff"))),
            new Descriptor("", "capbnd", "BOUNDING CAPS", (p, t) -> caps(p.status("CapBnd"))),
            new Descriptor("", "seccomp", "SECCOMP", (p, t) -> seccomp(p.status("Seccomp"))),
            new Descriptor("", "label", "LABEL", (p, t) -> p.label()),
            new Descriptor("", "hpid", "HPID", (p, t) -> Integer.toString(p.hostPid())),
            new Descriptor("", "huser", "HUSER", (p, t) -> t.hostUser(p.status("Uid", 1))),
            new Descriptor("", "hgroup", "HGROUP", (p, t) -> t.hostGroup(p.status("Gid", 1))),
            new Descriptor("", "hgroups", "HGROUPS", (p, t) -> String.join(",", p.statusList("Groups"))),
            new Descriptor("", "rss", "RSS", (p, t) -> p.status("VmRSS").isEmpty() ? "0" : p.status("VmRSS")),
            new Descriptor("", "state", "STATE", (p, t) -> p.status("State")),
            new Descriptor("", "stime", "STIME", (p, t) -> t.startTimeText(p)));

    /** The descriptors named, or null when one of them is unknown (podman then runs ps(1) in the container). */
    static List<Descriptor> translate(List<String> names) {
        List<Descriptor> out = new ArrayList<>();
        for (String raw : names.isEmpty() ? DEFAULT : names) {
            String name = raw.strip();
            boolean found = false;
            for (Descriptor d : ALL) {
                if (name.equals(d.code()) || name.equals(d.normal())) {
                    out.add(d);
                    found = true;
                }
            }
            if (!found) {
                return null;
            }
        }
        return out;
    }

    /** The normal names, sorted: {@code top --help}'s list. */
    static List<String> names() {
        return ALL.stream().map(Descriptor::normal).sorted().toList();
    }

    private static String pcpu(ProcessInfo p, ProcessTable t) {
        double elapsed = t.elapsedNanos(p) / 1e9;
        double cpu = t.cpuSeconds(p);
        // Go's FormatFloat(x, 'f', 3, 64); a process started this very second gives NaN or +Inf in Go too
        return goFloat(100 * cpu / elapsed);
    }

    static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The kernel's NSpgid already says it as the container sees it (0 when the group leads outside it). */
    private static String pgid(ProcessInfo p, ProcessTable t) {
        List<String> ns = p.statusList("NSpgid");
        return ns.isEmpty() ? Integer.toString(t.namespacePid(p.stat().pgrp())) : ns.getLast();
    }

    private static String args(ProcessInfo p, ProcessTable t) {
        if (p.cmdline().isEmpty() || p.cmdline().getFirst().isEmpty()) {
            return "[" + p.status("Name") + "]";   // ps(1) shows kernel threads and zombies so
        }
        return String.join(" ", p.cmdline());
    }

    /** The capability names psgo knows (podman 4.3.1 vendors a list that ends at AUDIT_READ). */
    private static final List<String> CAP_NAMES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ");
    private static final long FULL_CAPS = (1L << CAP_NAMES.size()) - 1;

    /** A capability mask as psgo prints it: "full", "none", or the names sorted (bits it does not know are "unknown"). */
    static String caps(String hexMask) {
        if (hexMask.isEmpty()) {
            return "none";
        }
        long mask = Long.parseUnsignedLong(hexMask, 16);
        if (mask == FULL_CAPS) {
            return "full";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((mask >>> i & 1) == 1) {
                names.add(i < CAP_NAMES.size() ? CAP_NAMES.get(i) : "unknown");
            }
        }
        if (names.isEmpty()) {
            return "none";
        }
        names.sort(null);
        return String.join(",", names);
    }

    static String seccomp(String mode) {
        return switch (mode) {
            case "0" -> "disabled";
            case "1" -> "strict";
            case "2" -> "filter";
            default -> "?";
        };
    }
}

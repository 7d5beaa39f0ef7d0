package io.peapod.core.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Capability sets as podman computes them (containers/common's capabilities.MergeCapabilities). */
public final class Capabilities {

    /** Indexed by capability number (linux/capability.h). */
    static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /** containers.conf default_capabilities (containers-common 0.50, what podman 4.3.1 writes). */
    static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
            "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    private Capabilities() {
    }

    /**
     * The bounding set: the defaults with drops and adds applied, sorted by name as podman prints it.
     * "ALL" in drops starts from nothing; "ALL" in adds means every capability the host has.
     */
    static List<String> merge(List<String> base, List<String> add, List<String> drop, List<String> all) {
        List<String> adds = normalize(add, all);
        List<String> drops = normalize(drop, all);
        for (String a : adds) {
            if (drops.contains(a) && !a.equals("ALL")) {
                throw new SpecException("capability \"" + a + "\" cannot be dropped and added");
            }
        }
        var caps = new TreeSet<String>();
        if (!drops.contains("ALL")) {
            caps.addAll(base);
            drops.forEach(caps::remove);
        }
        if (adds.contains("ALL")) {
            caps.addAll(all);
        } else {
            caps.addAll(adds);
        }
        return List.copyOf(caps);
    }

    /** "net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all name the same capability. */
    static List<String> normalize(List<String> names, List<String> all) {
        var out = new ArrayList<String>();
        for (String n : names) {
            String up = n.trim().toUpperCase(Locale.ROOT);
            if (up.equals("ALL")) {
                out.add(up);
                continue;
            }
            String cap = up.startsWith("CAP_") ? up : "CAP_" + up;
            if (!ALL.contains(cap)) {
                throw new SpecException("unknown capability \"" + cap + "\"");
            }
            if (all.contains(cap)) { // podman silently skips what the host does not know
                out.add(cap);
            }
        }
        return out;
    }

    /**
     * The engine's own bounding set: privileged containers get exactly this (podman 4.3.1 gave 40
     * capabilities on this host, whose CapBnd lacks CAP_SYS_RESOURCE).
     */
    public static List<String> host() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return fromMask(Long.parseUnsignedLong(line.substring(7).trim(), 16));
                }
            }
        } catch (IOException e) {
            throw new SpecException("cannot read the capability bounding set: " + e.getMessage(), e);
        }
        return ALL;
    }

    static List<String> fromMask(long mask) {
        var out = new ArrayList<String>();
        for (int i = 0; i < ALL.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(ALL.get(i));
            }
        }
        return out;
    }

    /** The mask /proc/PID/status prints for a set, e.g. to compare with CapEff. */
    static long toMask(List<String> caps) {
        long mask = 0;
        for (String c : caps) {
            mask |= 1L << ALL.indexOf(c);
        }
        return mask;
    }
}

package io.peapod.core.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * process.rlimits: the user's ulimits, then podman's defaults for the two it always sets.
 * <p>Podman 4.3.1 (rootful) writes RLIMIT_NOFILE and RLIMIT_NPROC = 1048576 unless the user set them
 * (observed: with no --ulimit at all it wrote NPROC = kernel.pid_max, 32768 here; with any --ulimit it
 * wrote 1048576). On this host both fail in runc ("error setting rlimit type 7/6: operation not
 * permitted": hard NOFILE is 20000, and CapBnd lacks CAP_SYS_RESOURCE so hard NPROC 96364 cannot be
 * raised). Peapod clamps its defaults to the engine's own hard limits instead, and refuses a user
 * hard limit above them up front rather than letting runc fail with an obscure error.
 */
final class Rlimits {

    /** podman's define.RLimitDefaultValue. */
    static final long DEFAULT = 1_048_576L;

    static final Set<String> TYPES = Set.of("RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA",
            "RLIMIT_FSIZE", "RLIMIT_LOCKS", "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE",
            "RLIMIT_NPROC", "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK");

    private Rlimits() {
    }

    static List<Map<String, Object>> build(List<Ulimit> user, HostLimits host) {
        var out = new ArrayList<Map<String, Object>>();
        boolean nofile = false;
        boolean nproc = false;
        for (Ulimit u : user) {
            validate(u, host);
            nofile |= u.type().equals("RLIMIT_NOFILE");
            nproc |= u.type().equals("RLIMIT_NPROC");
            out.add(entry(u.type(), u.hard(), u.soft()));
        }
        if (!nofile) {
            long v = Math.min(DEFAULT, host.nofileHard());
            out.add(entry("RLIMIT_NOFILE", v, v));
        }
        if (!nproc) {
            long v = Math.min(DEFAULT, host.nprocHard());
            out.add(entry("RLIMIT_NPROC", v, v));
        }
        return out;
    }

    /** Error texts follow podman's (go-units ParseUlimit) where it has one. */
    static void validate(Ulimit u, HostLimits host) {
        if (!TYPES.contains(u.type())) {
            throw new SpecException("invalid ulimit type: " + u.type());
        }
        long soft = unsigned(u.soft());
        long hard = unsigned(u.hard());
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new SpecException("ulimit soft limit must be less than or equal to hard limit: "
                    + u.soft() + " > " + u.hard());
        }
        long max = switch (u.type()) {
            case "RLIMIT_NOFILE" -> host.nofileHard();
            case "RLIMIT_NPROC" -> host.nprocHard();
            default -> Long.MAX_VALUE; // others are not limited below unlimited here; runc reports them
        };
        if (max != Long.MAX_VALUE && Long.compareUnsigned(hard, max) > 0) {
            throw new SpecException("ulimit " + u.type() + " hard limit " + (u.hard() < 0 ? "unlimited" : u.hard())
                    + " exceeds the host's hard limit " + max + " (the runtime cannot raise it)");
        }
    }

    /** -1 (unlimited) compares as the largest value, as the kernel's RLIM_INFINITY does. */
    private static long unsigned(long v) {
        return v < 0 ? -1L : v;
    }

    private static Map<String, Object> entry(String type, long hard, long soft) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", type);
        m.put("hard", hard < 0 ? new java.math.BigInteger("18446744073709551615") : hard);
        m.put("soft", soft < 0 ? new java.math.BigInteger("18446744073709551615") : soft);
        return m;
    }
}

package io.peapod.core.oci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The mounts podman 4.3.1 gives every container, with their options as it writes them. */
final class DefaultMounts {

    static final String INIT_PATH = "/run/peapod-init";
    static final String INIT_SOURCE = "/usr/bin/catatonit";

    private DefaultMounts() {
    }

    static List<OciMount> build(ContainerSpecInput in) {
        var ms = new ArrayList<OciMount>();
        ms.add(new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        ms.add(new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "noexec", "strictatime", "mode=755", "size=65536k")));
        ms.add(in.privileged()
                ? new OciMount("/sys", "sysfs", "sysfs", List.of("rprivate", "nosuid", "noexec", "nodev", "rw"))
                : new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        ms.add(new OciMount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        ms.add(new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        // podman writes /sys/fs/cgroup last of all; it only has to follow /sys, and putting it before the
        // user's mounts keeps a user mount below it from being hidden
        ms.add(new OciMount("/sys/fs/cgroup", "cgroup", "cgroup",
                List.of("rprivate", "nosuid", "noexec", "nodev", "relatime", in.privileged() ? "rw" : "ro")));
        // podman bind-mounts a per-container shm directory (so pods can share it); a private tmpfs of the
        // same size serves a lone container and needs no cleanup
        long shm = in.extras().shmSize();
        String shmSize = shm <= 0 ? "65536k" : shm % 1024 == 0 ? (shm / 1024) + "k" : String.valueOf(shm);
        ms.add(new OciMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize)));
        if (in.readOnly()) { // containers.conf read_only_tmpfs = true
            for (String d : List.of("/run", "/tmp", "/var/tmp")) {
                ms.add(new OciMount(d, "tmpfs", "tmpfs", List.of("rw", "rprivate", "nosuid", "nodev", "tmpcopyup")));
            }
        }
        if (in.init()) {
            ms.add(new OciMount(INIT_PATH, "bind", INIT_SOURCE, List.of("bind", "ro", "rprivate")));
        }
        String[] etcOpts = in.readOnly() ? new String[] {"ro", "nosuid", "noexec", "nodev"} : new String[0];
        if (in.hostsFile() != null) {
            ms.add(OciMount.bind("/etc/hosts", in.hostsFile().toString(), etcOpts));
        }
        if (in.hostnameFile() != null) {
            ms.add(OciMount.bind("/etc/hostname", in.hostnameFile().toString(), etcOpts));
        }
        if (in.resolvConfFile() != null) {
            ms.add(OciMount.bind("/etc/resolv.conf", in.resolvConfFile().toString(), etcOpts));
        }
        if (in.containerEnvFile() != null) {
            ms.add(OciMount.bind("/run/.containerenv", in.containerEnvFile().toString()));
        }
        var user = new ArrayList<OciMount>();
        for (String t : in.tmpfs()) {
            user.add(tmpfs(t));
        }
        user.addAll(in.mounts());
        // a user mount replaces the default at the same destination, as in podman
        var taken = new LinkedHashSet<String>();
        user.forEach(m -> taken.add(clean(m.destination())));
        ms.removeIf(m -> taken.contains(m.destination()));
        ms.addAll(user);
        return ms;
    }

    /** A {@code --tmpfs /dest[:opts]} value, with podman's defaults for the options not given. */
    static OciMount tmpfs(String spec) {
        int colon = spec.indexOf(':');
        String dest = colon < 0 ? spec : spec.substring(0, colon);
        if (!dest.startsWith("/")) {
            throw new SpecException("invalid tmpfs destination \"" + dest + "\": must be an absolute path");
        }
        var opts = new ArrayList<String>();
        if (colon >= 0 && colon + 1 < spec.length()) {
            opts.addAll(List.of(spec.substring(colon + 1).split(",")));
        }
        addUnless(opts, "rw", "ro");
        addUnless(opts, "rprivate", "private", "rshared", "shared", "rslave", "slave");
        addUnless(opts, "noexec", "exec");
        addUnless(opts, "nosuid", "suid");
        addUnless(opts, "nodev", "dev");
        addUnless(opts, "tmpcopyup", "notmpcopyup");
        return new OciMount(clean(dest), "tmpfs", "tmpfs", opts);
    }

    private static void addUnless(List<String> opts, String dflt, String... alternatives) {
        if (opts.contains(dflt)) {
            return;
        }
        for (String a : alternatives) {
            if (opts.contains(a)) {
                return;
            }
        }
        opts.add(dflt);
    }

    private static String clean(String dest) {
        return dest.length() > 1 && dest.endsWith("/") ? dest.substring(0, dest.length() - 1) : dest;
    }
}

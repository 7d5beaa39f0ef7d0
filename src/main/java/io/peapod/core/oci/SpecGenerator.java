package io.peapod.core.oci;

import io.peapod.image.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds config.json (OCI runtime spec) for a container, mirroring what podman 4.3.1 writes with runc
 * and the cgroupfs manager. The document is a tree of insertion-ordered maps so the file reads in the
 * same order as podman's and can be diffed against it.
 */
public final class SpecGenerator {

    /** What podman 4.3.1 (runtime-tools) writes; runc 1.1.5 reports the same spec version. */
    public static final String OCI_VERSION = "1.0.2-dev";

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block");

    static final List<String> READONLY_PATHS = List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");

    private SpecGenerator() {
    }

    public static Map<String, Object> generate(ContainerSpecInput in, HostLimits limits) {
        return generate(in, limits, Capabilities.host(), Seccomp.nativeArch());
    }

    /** The host's capabilities and architecture are parameters so tests can pin them. */
    static Map<String, Object> generate(ContainerSpecInput in, HostLimits limits, List<String> hostCaps, String arch) {
        List<String> bounding = in.privileged()
                ? List.copyOf(new java.util.TreeSet<>(hostCaps))
                : Capabilities.merge(Capabilities.DEFAULT, in.capAdd(), in.capDrop(), hostCaps);
        var doc = new LinkedHashMap<String, Object>();
        doc.put("ociVersion", OCI_VERSION);
        doc.put("process", process(in, limits, bounding, hostCaps));
        var root = new LinkedHashMap<String, Object>();
        root.put("path", in.rootfs().toString());
        if (in.readOnly()) {
            root.put("readonly", true);
        }
        doc.put("root", root);
        if (!in.hostUts()) {
            doc.put("hostname", in.hostname());
        }
        doc.put("mounts", DefaultMounts.build(in).stream().map(SpecGenerator::mount).toList());
        doc.put("annotations", annotations(in));
        doc.put("linux", linux(in, bounding, arch));
        return doc;
    }

    /**
     * process.rlimits for these ulimits on this host: the user's, then the defaults. Fails with a
     * {@link SpecException} for a limit the runtime could not set here (above the engine's hard limit).
     */
    public static List<Map<String, Object>> rlimits(List<Ulimit> user, HostLimits limits) {
        return Rlimits.build(user, limits);
    }

    /** Has the default seccomp profile read on another thread meanwhile, for a spec made later in this command. */
    public static void prefetchDefaultSeccomp() {
        Seccomp.prefetchDefault();
    }

    public static byte[] toJson(Map<String, Object> doc) {
        return Json.pretty(doc);
    }

    private static Map<String, Object> process(ContainerSpecInput in, HostLimits limits, List<String> bounding,
            List<String> hostCaps) {
        var p = new LinkedHashMap<String, Object>();
        if (in.terminal()) {
            p.put("terminal", true);
        }
        var user = new LinkedHashMap<String, Object>();
        user.put("uid", in.uid());
        user.put("gid", in.gid());
        if (!in.additionalGids().isEmpty()) {
            user.put("additionalGids", in.additionalGids());
        }
        user.put("umask", 0022); // written as 18, like podman
        p.put("user", user);
        var args = new ArrayList<String>();
        if (in.init()) {
            args.addAll(List.of(DefaultMounts.INIT_PATH, "--"));
        }
        args.addAll(in.args());
        p.put("args", args);
        p.put("env", env(in));
        p.put("cwd", in.workingDir() == null || in.workingDir().isEmpty() ? "/" : in.workingDir());
        p.put("capabilities", capabilities(in, bounding, hostCaps));
        p.put("rlimits", Rlimits.build(in.ulimits(), limits));
        if (in.extras().noNewPrivileges()) {
            p.put("noNewPrivileges", true);
        }
        if (in.oomScoreAdj() != null) {
            p.put("oomScoreAdj", in.oomScoreAdj());
        }
        // noNewPrivileges stays unset (false), as podman leaves it without --security-opt no-new-privileges
        return p;
    }

    /**
     * Root gets the whole set in effective and permitted. Any other uid gets only what was added with
     * --cap-add (also as ambient, so it survives the exec), as podman 4.3's security_linux.go does.
     */
    private static Map<String, Object> capabilities(ContainerSpecInput in, List<String> bounding, List<String> hostCaps) {
        var c = new LinkedHashMap<String, Object>();
        c.put("bounding", bounding);
        if (in.uid() == 0) {
            c.put("effective", bounding);
            c.put("permitted", bounding);
        } else {
            List<String> added = Capabilities.merge(List.of(), in.capAdd(), List.of(), hostCaps).stream()
                    .filter(bounding::contains).toList();
            c.put("effective", added);
            c.put("permitted", added);
            if (!added.isEmpty()) {
                c.put("ambient", added);
            }
        }
        return c;
    }

    /**
     * podman's order: containers.conf env (PATH, TERM=xterm, set whether or not there is a terminal),
     * container=&lt;engine&gt;, then the image's and user's values, and HOSTNAME last unless given.
     * "container" names the engine (systemd reads it); Peapod says "peapod" where podman says "podman".
     */
    static List<String> env(ContainerSpecInput in) {
        var vars = new LinkedHashMap<String, String>();
        put(vars, DEFAULT_PATH);
        put(vars, "TERM=xterm");
        put(vars, "container=peapod");
        in.env().forEach(e -> put(vars, e));
        vars.putIfAbsent("HOSTNAME", "HOSTNAME=" + in.hostname());
        return List.copyOf(vars.values());
    }

    private static void put(Map<String, String> vars, String kv) {
        int eq = kv.indexOf('=');
        vars.put(eq < 0 ? kv : kv.substring(0, eq), kv);
    }

    private static Map<String, Object> mount(OciMount m) {
        var out = new LinkedHashMap<String, Object>();
        out.put("destination", m.destination());
        out.put("type", m.type());
        out.put("source", m.source());
        out.put("options", m.options());
        return out;
    }

    /** Podman's own annotation keys, so tools reading config.json see the same facts. */
    private static Map<String, Object> annotations(ContainerSpecInput in) {
        var a = new LinkedHashMap<String, Object>();
        a.put("io.container.manager", "peapod");
        a.put("io.kubernetes.cri-o.TTY", Boolean.toString(in.terminal()));
        a.put("io.podman.annotations.init", in.init() ? "TRUE" : "FALSE");
        a.put("io.podman.annotations.privileged", in.privileged() ? "TRUE" : "FALSE");
        a.putAll(in.annotations());
        return a;
    }

    private static Map<String, Object> linux(ContainerSpecInput in, List<String> bounding, String arch) {
        var l = new LinkedHashMap<String, Object>();
        boolean hostNet = in.network().equals("host");
        var sysctl = new LinkedHashMap<String, String>();
        if (!hostNet) { // containers.conf default_sysctls; podman skips net.* sysctls with the host's netns
            sysctl.put("net.ipv4.ping_group_range", "0 0");
        }
        in.extras().sysctls().forEach((k, v) -> {
            if (!hostNet || !k.startsWith("net.")) {
                sysctl.put(k, v);
            }
        });
        if (!sysctl.isEmpty()) {
            l.put("sysctl", sysctl);
        }
        List<Map<String, Object>> hostDevices = in.privileged() ? List.of() : Devices.requested(in.extras().devices());
        var resources = new LinkedHashMap<String, Object>();
        List<Map<String, Object>> rules = new ArrayList<>(in.privileged() ? List.of(device(true, null, -1, -1, "rwm")) : Devices.allowList());
        for (Map<String, Object> d : hostDevices) {
            rules.add(device(true, (String) d.get("type"), ((Number) d.get("major")).longValue(), ((Number) d.get("minor")).longValue(),
                    (String) d.remove("access")));
        }
        resources.put("devices", rules);
        if (in.pidsLimit() > 0) {
            resources.put("pids", Map.of("limit", in.pidsLimit()));
        }
        l.put("resources", resources);
        l.put("cgroupsPath", in.cgroupsPath());
        l.put("namespaces", namespaces(in, hostNet));
        if (in.privileged()) {
            l.put("devices", Devices.host());
        } else {
            if (!hostDevices.isEmpty()) {
                l.put("devices", hostDevices);
            }
            Map<String, Object> seccomp = seccomp(in, bounding, arch);
            if (seccomp != null) {
                l.put("seccomp", seccomp);
            }
            l.put("maskedPaths", paths(MASKED_PATHS, in.extras().mask(), in.extras().unmask()));
            l.put("readonlyPaths", paths(READONLY_PATHS, List.of(), in.extras().unmask()));
        }
        return l;
    }

    /** podman's --security-opt mask=/unmask=: paths added, and taken out (ALL: every one). */
    private static List<String> paths(List<String> defaults, List<String> add, List<String> remove) {
        if (remove.contains("ALL")) {
            return List.copyOf(add);
        }
        var out = new ArrayList<String>(defaults);
        out.removeAll(remove);
        add.stream().filter(p -> !out.contains(p)).forEach(out::add);
        return out;
    }

    private static Map<String, Object> seccomp(ContainerSpecInput in, List<String> bounding, String arch) {
        String profile = in.extras().seccompProfile() != null ? in.extras().seccompProfile() : in.seccompProfile();
        if ("unconfined".equals(profile)) {
            return null;
        }
        return Seccomp.load(profile == null ? Seccomp.DEFAULT_PROFILE : Path.of(profile), arch, bounding);
    }

    /** Observed order: pid, network, ipc, uts, mount; no cgroup namespace on cgroup v1. */
    private static List<Map<String, Object>> namespaces(ContainerSpecInput in, boolean hostNet) {
        var ns = new ArrayList<Map<String, Object>>();
        ns.add(namespace("pid", in));
        if (!hostNet) {
            var net = new LinkedHashMap<String, Object>();
            net.put("type", "network");
            if (!in.network().equals("private")) {
                net.put("path", in.network());
            }
            ns.add(net);
        }
        ns.add(namespace("ipc", in));
        if (!in.hostUts()) {
            ns.add(namespace("uts", in));
        }
        ns.add(Map.of("type", "mount"));
        if (in.privateCgroupNs() || in.namespacePaths().containsKey("cgroup")) {
            ns.add(namespace("cgroup", in));
        }
        return ns;
    }

    /** A new namespace of this type, or the one at the path given for it (a pod's shared namespace). */
    private static Map<String, Object> namespace(String type, ContainerSpecInput in) {
        String path = in.namespacePaths().get(type);
        var m = new LinkedHashMap<String, Object>();
        m.put("type", type);
        if (path != null) {
            m.put("path", path);
        }
        return m;
    }

    static Map<String, Object> device(boolean allow, String type, long major, long minor, String access) {
        var d = new LinkedHashMap<String, Object>();
        d.put("allow", allow);
        if (type != null) {
            d.put("type", type);
        }
        if (major >= 0) {
            d.put("major", major);
        }
        if (minor >= 0) {
            d.put("minor", minor);
        }
        d.put("access", access);
        return d;
    }
}

package io.peapod.core;

import io.peapod.core.oci.SpecExtras;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PodSettings;
import io.peapod.engine.UserNamespaceRequest;
import io.peapod.image.Json;
import io.peapod.state.PodRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's pod-wide settings ({@code pod create --cpus/--memory/-v/--device/--security-opt/--sysctl/--shm-size/
 * --restart/--infra-conmon-pidfile/--share-parent/--userns}): the host checks made before anything exists, how
 * they are kept in the pod's config, what each container of the pod gets from them, and pod inspect's fields.
 * What podman 4.3.1 does with each: resource limits on the pod's cgroup (the parent of its containers'); the
 * volumes and devices on the infra container, inherited by every container joining the pod; security options,
 * sysctls and /dev/shm's size on the infra container (the sysctls reach the others through the shared namespaces).
 */
final class PodResources {
    /** The pod config's key holding the settings. */
    static final String KEY = "settings";
    static final long CPU_PERIOD = 100_000;

    private PodResources() {}

    // ---- checks --------------------------------------------------------------------------------

    /** What podman refuses on this host, checked before the pod, its cgroup or its infra container exist. */
    static void check(PodSettings s, NetworkRequest net) {
        for (String d : s.devices()) {
            String src = device(d).source();
            if (!Files.exists(Path.of(src))) {
                throw new EngineException("stat " + src + ": no such file or directory");
            }
        }
        for (String o : s.securityOpts()) {
            String value = o.substring(o.indexOf('=') + 1);
            if (o.startsWith("seccomp=") && !value.equals("unconfined") && !Files.isReadable(Path.of(value))) {
                throw new EngineException("opening seccomp profile failed: open " + value + ": no such file or directory");
            }
            if (o.startsWith("apparmor=") && !value.equals("unconfined") && !Files.exists(Path.of("/sys/kernel/security/apparmor"))) {
                throw new EngineException("apparmor profile \"" + value + "\" specified, but Apparmor is not enabled on this system");
            }
        }
        if (net.mode() == NetworkRequest.Mode.HOST) {
            s.sysctls().forEach((k, v) -> {
                if (k.startsWith("net.")) {
                    throw new EngineException("sysctl " + k + "=" + v + " can't be set since Network Namespace set to host: invalid argument");
                }
            });
        }
        userns(s.userns());
    }

    /**
     * {@code --userns} and the mapping flags: podman's texts for a mode it refuses or a mapping it cannot parse; the
     * infra container's create resolves the rest (auto's ranges).
     */
    static void userns(UserNamespaceRequest r) {
        if (r.hasMaps()) {
            UserNamespaceMaps.explicit(r);
        } else {
            UserNamespace.checkPodMode(r.mode());
        }
    }

    /** A {@code --device} value the CLI has checked: SRC[:DST][:PERMS]. */
    static SpecExtras.Device device(String value) {
        String[] arr = value.split(":", -1);
        String dst = arr[0];
        String perms = "rwm";
        for (int i = 1; i < arr.length; i++) {
            if (arr[i].startsWith("/")) {
                dst = arr[i];
            } else if (!arr[i].isEmpty()) {
                perms = arr[i];
            }
        }
        return new SpecExtras.Device(arr[0], dst, perms);
    }

    // ---- stored form ---------------------------------------------------------------------------

    static Map<String, Object> toJson(PodSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", s.cpus());
        m.put("cpusetCpus", s.cpusetCpus());
        m.put("cpuShares", s.cpuShares());
        m.put("memory", s.memory());
        m.put("memorySwap", s.memorySwap());
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (MountRequest r : s.mounts()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", r.type());
            x.put("source", r.source());
            x.put("destination", r.destination());
            x.put("options", r.options());
            mounts.add(x);
        }
        m.put("mounts", mounts);
        m.put("devices", s.devices());
        m.put("securityOpts", s.securityOpts());
        m.put("sysctls", s.sysctls());
        m.put("shmSize", s.shmSize());
        m.put("restartPolicy", s.restart().name());
        m.put("restartRetries", s.restart().maximumRetryCount());
        m.put("infraConmonPidFile", s.infraConmonPidFile());
        m.put("shareParent", s.shareParent());
        m.put("userns", s.userns().mode());
        if (s.userns().hasMaps()) {
            m.put("uidmap", s.userns().uidMap());
            m.put("gidmap", s.userns().gidMap());
            m.put("subuidname", s.userns().subUidName());
            m.put("subgidname", s.userns().subGidName());
        }
        return m;
    }

    /** The pod's settings; a pod created before these flags has podman's defaults. */
    static PodSettings of(PodRow pod) {
        Object o = Json.object(pod.config(), "pod config").get(KEY);
        if (!(o instanceof Map<?, ?>)) {
            return PodSettings.DEFAULT;
        }
        Map<String, Object> m = Json.map(o);
        List<MountRequest> mounts = new ArrayList<>();
        for (Object x : Json.list(m.get("mounts"))) {
            Map<String, Object> r = Json.map(x);
            mounts.add(new MountRequest(Json.string(r.get("type")), Json.string(r.get("source")), Json.string(r.get("destination")),
                    ContainerConfig.strings(r.get("options"))));
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        Json.map(m.get("sysctls")).forEach((k, v) -> sysctls.put(k, String.valueOf(v)));
        return new PodSettings(num(m, "cpus").doubleValue(), str(m, "cpusetCpus"), num(m, "cpuShares").longValue(),
                num(m, "memory").longValue(), num(m, "memorySwap").longValue(), mounts, ContainerConfig.strings(m.get("devices")),
                ContainerConfig.strings(m.get("securityOpts")), sysctls, num(m, "shmSize").longValue(),
                new ContainerCreateSpec.RestartPolicy(str(m, "restartPolicy"), num(m, "restartRetries").intValue()),
                str(m, "infraConmonPidFile"), !Boolean.FALSE.equals(m.get("shareParent")),
                new UserNamespaceRequest(str(m, "userns"), ContainerConfig.strings(m.get("uidmap")),
                        ContainerConfig.strings(m.get("gidmap")), str(m, "subuidname"), str(m, "subgidname")));
    }

    private static Number num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n : 0;
    }

    private static String str(Map<String, Object> m, String key) {
        String s = Json.string(m.get(key));
        return s == null ? "" : s;
    }

    /** Whether the pod has a cgroup of its own, the parent of its containers' (podman's CreateCgroup). */
    static boolean createsCgroup(PodRow pod) {
        return !pod.infraId().isEmpty() && of(pod).shareParent();
    }

    // ---- what the containers get ---------------------------------------------------------------

    /** The infra container's extras: devices, sysctls, security options, /dev/shm's size. */
    static SpecExtras infraExtras(PodSettings s) {
        boolean noNewPrivileges = false;
        String seccomp = null;
        List<String> mask = new ArrayList<>();
        List<String> unmask = new ArrayList<>();
        for (String o : s.securityOpts()) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? "true" : o.substring(eq + 1);
            switch (key) {
                case "no-new-privileges" -> noNewPrivileges = List.of("1", "t", "T", "TRUE", "true", "True").contains(value);
                case "seccomp" -> seccomp = value;
                case "mask" -> mask.addAll(List.of(value.split(":")));
                case "unmask" -> unmask.addAll(List.of(value.split(":")));
                case "systempaths" -> unmask.add("ALL");
                default -> { }   // label (no SELinux here), apparmor=unconfined, proc-opts: nothing to apply
            }
        }
        return new SpecExtras(devices(s), s.sysctls(), noNewPrivileges, s.shmSize(), mask, unmask, seccomp);
    }

    /**
     * Another container of the pod: the pod's devices and /dev/shm's size (podman gives it the infra's /dev/shm);
     * the security options stay the infra's own, as podman 4.3.1 leaves them.
     */
    static SpecExtras memberExtras(PodSettings s) {
        return new SpecExtras(devices(s), Map.of(), false, s.shmSize(), List.of(), List.of(), null);
    }

    private static List<SpecExtras.Device> devices(PodSettings s) {
        return s.devices().stream().map(PodResources::device).toList();
    }

    /**
     * A container joining the pod: the pod's volumes before its own (its own win at the same destination), and
     * the pod's restart policy when it sets none (and is not {@code --rm}).
     */
    static ContainerCreateSpec inherit(ContainerCreateSpec spec, PodSettings s) {
        List<MountRequest> mounts = new ArrayList<>();
        List<MountRequest> own = spec.mounts() == null ? List.of() : spec.mounts();
        for (MountRequest m : s.mounts()) {
            if (own.stream().noneMatch(o -> o.destination().equals(m.destination()))) {
                mounts.add(m);
            }
        }
        mounts.addAll(own);
        ContainerCreateSpec.RestartPolicy restart = spec.restart();
        if ((restart == null || restart.name().isEmpty()) && !s.restart().name().isEmpty() && !spec.autoRemove()) {
            restart = s.restart();
        }
        return spec.withPodSettings(mounts, restart);
    }

    // ---- inspect -------------------------------------------------------------------------------

    /** InfraConfig's resource fields. */
    static void inspectInfra(Map<String, Object> c, PodSettings s) {
        if (s.cpus() > 0) {
            c.put("cpu_period", CPU_PERIOD);
            c.put("cpu_quota", quota(s));
        }
        if (!s.cpusetCpus().isEmpty()) {
            c.put("cpuset_cpus", s.cpusetCpus());
        }
    }

    /** The pod's own fields, after Containers, in podman's InspectPodData order (devices: 4.3.1 shows none). */
    static void inspect(Map<String, Object> d, PodSettings s, List<Object> mounts) {
        if (s.cpus() > 0) {
            d.put("cpu_period", CPU_PERIOD);
            d.put("cpu_quota", quota(s));
        }
        if (s.cpuShares() > 0) {
            d.put("cpu_shares", s.cpuShares());
        }
        if (!s.cpusetCpus().isEmpty()) {
            d.put("cpuset_cpus", s.cpusetCpus());
        }
        if (mounts != null && !mounts.isEmpty()) {
            d.put("mounts", mounts);
        }
        if (!s.securityOpts().isEmpty()) {
            d.put("security_opt", s.securityOpts());
        }
        if (s.memory() > 0) {
            d.put("memory_limit", s.memory());
        }
        if (s.memorySwap() > 0) {
            d.put("memory_swap", s.memorySwap());
        }
    }

    static long quota(PodSettings s) {
        return (long) (s.cpus() * CPU_PERIOD);
    }
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.NamespaceModes;
import io.peapod.engine.NetworkRequest;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A container's IPC, PID and UTS namespaces ({@code --ipc}, {@code --pid}, {@code --uts}) and another container's
 * cgroup namespace ({@code --cgroupns container:}), as podman 4.3.1 has them: resolved at create (a container named
 * is kept by its full id, a path must exist), applied to the OCI spec at each start, shown by inspect. Also which
 * containers a container depends on: those whose namespaces it joins, which cannot be removed before it.
 */
final class ContainerNamespaces {
    private ContainerNamespaces() {}

    /** The container config's key: OCI namespace type (ipc, pid, uts, cgroup) → mode, only those given. */
    static final String KEY = "namespaces";

    /** How podman names each in its "cannot find specified … namespace path" error. */
    private static final Map<String, String> LABELS = Map.of("ipc", "IPC", "pid", "PID", "uts", "UTS", "cgroup", "cgroup");

    // ---- create --------------------------------------------------------------------------------

    /**
     * The modes to record, with {@code container:NAME} resolved to the full id; podman's errors for the rest and for
     * a {@code --hostname} the host's UTS namespace cannot take.
     */
    static Map<String, Object> resolve(NamespaceModes modes, String hostname, Function<String, ContainerRow> lookup) {
        if (modes.uts().equals("host") && hostname != null && !hostname.isEmpty()) {
            throw new EngineException("invalid config provided: cannot set hostname when running in the host UTS namespace: "
                    + "invalid configuration");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "ipc", modes.ipc(), lookup);
        put(out, "pid", modes.pid(), lookup);
        put(out, "uts", modes.uts(), lookup);
        put(out, "cgroup", modes.cgroup(), lookup);
        return out;
    }

    private static void put(Map<String, Object> out, String type, String mode, Function<String, ContainerRow> lookup) {
        if (mode.isEmpty()) {
            return;
        }
        int colon = mode.indexOf(':');
        String kind = colon < 0 ? mode : mode.substring(0, colon);
        String value = colon < 0 ? "" : mode.substring(colon + 1);
        switch (kind) {
            case "container" -> {
                if (value.isEmpty()) {
                    throw new EngineException("invalid config provided: namespace mode container requires a value");
                }
                ContainerRow other = lookup.apply(value);
                if (other == null) {
                    throw new EngineException("looking up container to share " + type + " namespace with: no container with name or ID \""
                            + value + "\" found: no such container");
                }
                out.put(type, "container:" + other.id());
            }
            case "ns" -> {
                if (value.isEmpty()) {
                    throw new EngineException("invalid config provided: namespace mode path requires a value");
                }
                if (!Files.exists(Path.of(value), LinkOption.NOFOLLOW_LINKS)) {
                    throw new EngineException("cannot find specified " + LABELS.get(type) + " namespace path: stat " + value
                            + ": no such file or directory");
                }
                out.put(type, mode);
            }
            default -> out.put(type, mode);   // host, private, shareable, none: the CLI has checked the word
        }
    }

    private static Map<String, Object> modes(Map<String, Object> config) {
        Map<String, Object> m = Json.map(config.get(KEY));
        return m == null ? Map.of() : m;
    }

    private static String mode(Map<String, Object> config, String type) {
        Object m = modes(config).get(type);
        return m == null ? "" : m.toString();
    }

    /** {@code --uts host}: the host's UTS namespace, so the host's name (as with {@code --network host}). */
    static boolean hostUts(Map<String, Object> config) {
        return mode(config, "uts").equals("host");
    }

    // ---- start ---------------------------------------------------------------------------------

    /**
     * Applies the modes to the OCI spec the generator made (a private namespace of each type, /dev/shm a tmpfs of
     * the container's own): a host namespace is left out, another container's or a path is joined. The IPC mode
     * also decides /dev/shm: the host's with {@code host}, none with {@code none}. With {@code container:} it stays
     * the container's own: the other's is a tmpfs inside that container's mount namespace, which the kernel does
     * not bind across namespaces (podman keeps every container's on the host instead). A container joined must be
     * running.
     */
    @SuppressWarnings("unchecked")
    static void addToSpec(Map<String, Object> spec, Map<String, Object> config, Function<String, ContainerRow> lookup) {
        Map<String, Object> modes = modes(config);
        if (modes.isEmpty()) {
            return;
        }
        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        List<Map<String, Object>> namespaces = (List<Map<String, Object>>) linux.get("namespaces");
        for (Map.Entry<String, Object> e : modes.entrySet()) {
            String type = e.getKey();
            String mode = e.getValue().toString();
            namespaces.removeIf(n -> type.equals(n.get("type")));
            if (mode.equals("host")) {
                continue;
            }
            Map<String, Object> ns = new LinkedHashMap<>();
            ns.put("type", type);
            if (mode.startsWith("container:")) {
                ns.put("path", "/proc/" + runningPid(mode.substring("container:".length()), type, lookup) + "/ns/" + type);
            } else if (mode.startsWith("ns:")) {
                ns.put("path", mode.substring(3));
            }
            namespaces.add(ns);
            if (type.equals("uts") && ns.containsKey("path")) {
                spec.remove("hostname");   // the joined namespace keeps its own name: runc would set it there
            }
        }
        shm(spec, mode(config, "ipc"));
    }

    private static long runningPid(String id, String type, Function<String, ContainerRow> lookup) {
        ContainerRow other = lookup.apply(id);
        if (other == null || other.pid() <= 0 || !other.state().equals(ContainerService.RUNNING)) {
            throw new EngineException("cannot join the " + type + " namespace of container " + id
                    + ": container is not running: container state improper");
        }
        return other.pid();
    }

    @SuppressWarnings("unchecked")
    private static void shm(Map<String, Object> spec, String ipc) {
        String source;
        if (ipc.equals("host")) {
            source = "/dev/shm";
        } else if (ipc.equals("none")) {
            source = null;
        } else {
            return;
        }
        List<Map<String, Object>> mounts = new ArrayList<>((List<Map<String, Object>>) spec.get("mounts"));
        spec.put("mounts", mounts);
        int at = -1;
        for (int i = 0; i < mounts.size(); i++) {
            if ("/dev/shm".equals(mounts.get(i).get("destination"))) {
                at = i;
            }
        }
        if (at < 0) {
            return;   // a mount of the user's own is there instead
        }
        if (source == null) {
            mounts.remove(at);
            return;
        }
        Map<String, Object> bind = new LinkedHashMap<>();
        bind.put("destination", "/dev/shm");
        bind.put("type", "bind");
        bind.put("source", source);
        bind.put("options", List.of("rbind", "nosuid", "noexec", "nodev"));
        mounts.set(at, bind);
    }

    // ---- inspect -------------------------------------------------------------------------------

    /**
     * HostConfig's IpcMode, PidMode and UTSMode as podman 4.3.1 shows them: IpcMode is "shareable" unless the
     * container joins another's (podman shows it for host, private and none alike).
     */
    static void inspect(Map<String, Object> hostConfig, Map<String, Object> config) {
        String ipc = mode(config, "ipc");
        hostConfig.put("IpcMode", ipc.startsWith("container:") || ipc.startsWith("ns:") ? ipc : "shareable");
        hostConfig.put("PidMode", orPrivate(mode(config, "pid")));
        hostConfig.put("UTSMode", orPrivate(mode(config, "uts")));
    }

    private static String orPrivate(String mode) {
        return mode.isEmpty() ? "private" : mode;
    }

    /** HostConfig.CgroupMode of a container in another's cgroup namespace; null for the resource setting's. */
    static String cgroupMode(Map<String, Object> config) {
        String m = mode(config, "cgroup");
        return m.isEmpty() ? null : m;
    }

    // ---- dependencies --------------------------------------------------------------------------

    /** The ids of the containers whose namespaces this one joins: network, IPC, PID, UTS, cgroup, user. */
    static Set<String> joined(Map<String, Object> config) {
        Set<String> out = new LinkedHashSet<>();
        NetworkRequest net = NetworkConfig.of(config);
        if (net.mode() == NetworkRequest.Mode.CONTAINER) {
            out.add(net.modeValue());
        }
        for (Object mode : modes(config).values()) {
            if (mode.toString().startsWith("container:")) {
                out.add(mode.toString().substring("container:".length()));
            }
        }
        String userns = UserNamespace.of(config).join();
        if (!userns.isEmpty()) {
            out.add(userns);
        }
        return out;
    }

    /**
     * The containers that join {@code target}'s namespaces, but for its own pod's: a pod's containers join its
     * infra container's, and the pod's removal orders them itself.
     */
    static List<String> dependents(ContainerRow target, List<ContainerRow> all) {
        Object targetPod = null;
        byte[] id = target.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<String> out = new ArrayList<>();
        for (ContainerRow r : all) {
            // every rm asks, rm -a for each container: only a config that names the id is worth parsing
            if (r.id().equals(target.id()) || !contains(r.config(), id)) {
                continue;
            }
            if (targetPod == null) {
                targetPod = java.util.Objects.requireNonNullElse(
                        Json.object(target.config(), "container config").get(PodMembers.KEY), "");
            }
            Map<String, Object> config = Json.object(r.config(), "container config");
            if (!targetPod.equals("") && targetPod.equals(config.get(PodMembers.KEY))) {
                continue;
            }
            if (joined(config).contains(target.id())) {
                out.add(r.id());
            }
        }
        return out;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

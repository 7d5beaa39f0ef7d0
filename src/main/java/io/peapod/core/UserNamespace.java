package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.UserNamespaceRequest;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.storage.IdMapping;
import io.peapod.storage.IdMapping.Range;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's user namespace (podman 4.3.1's {@code --userns}, {@code --uidmap}, {@code --gidmap},
 * {@code --subuidname}, {@code --subgidname}, for a root engine): the request resolved at create into the
 * settings kept in the container config under {@link #KEY}, read back from there, and shown by inspect.
 * The maps are parsed and checked by {@link UserNamespaceMaps}, {@code auto}'s ids are taken by
 * {@link AutoIdRanges}, and at start {@link UserNamespaceSpec} gives the settings to the OCI spec (a user
 * namespace with uidMappings/gidMappings, or the namespace of the container it joins).
 */
final class UserNamespace {
    static final String KEY = "userns";

    private UserNamespace() {}

    /**
     * What a container gets.
     *
     * @param mode    as inspect shows it: "" (host), "auto", "private" (explicit maps), "ns:PATH", "container:ID"
     * @param mapping the ids its files and processes are shifted by; null for none (the host's ids)
     * @param join    the container whose user namespace it joins (a pod's infra, container:ID); "" for a new one
     * @param nsPath  ns:PATH; "" otherwise
     */
    record Settings(String mode, IdMapping mapping, String join, String nsPath) {
        static final Settings HOST = new Settings("", null, "", "");

        boolean isHost() {
            return mapping == null && join.isEmpty() && nsPath.isEmpty();
        }
    }

    // ---- create --------------------------------------------------------------------------------

    /**
     * The settings for a new container. {@code podInfra} is the infra container of the pod it joins (null for
     * none); {@code others} are the store's containers. Runs under the store lock (auto's ranges).
     */
    static Settings resolve(UserNamespaceRequest req, ImageRow image, Store store, List<ContainerRow> others,
                            ContainerRow podInfra, java.util.function.Function<String, ContainerRow> lookup) {
        if (req == null) {
            req = UserNamespaceRequest.HOST;
        }
        boolean maps = req.hasMaps();
        String mode = req.mode();
        if (podInfra != null && maps) {
            throw new EngineException("cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument");
        }
        if (podInfra != null && (mode.isEmpty() || mode.equals("pod"))) {
            Settings infra = of(podInfra);
            if (!infra.isHost()) {   // the pod's user namespace: the infra container's, with its mapping
                return new Settings("container:" + podInfra.id(), infra.mapping(), podInfra.id(), "");
            }
            return Settings.HOST;
        }
        if (maps) {
            return new Settings("private", UserNamespaceMaps.explicit(req), "", "");
        }
        String name = mode.contains(":") ? mode.substring(0, mode.indexOf(':')) : mode;
        String value = mode.contains(":") ? mode.substring(mode.indexOf(':') + 1) : null;
        return switch (name) {
            case "", "host" -> Settings.HOST;
            case "keep-id", "nomap" -> throw new EngineException(isRoot()
                    ? name + " is only supported in rootless mode"
                    : "--userns=" + mode + " is not supported by peapod yet");
            case "private" -> throw new EngineException("must provide at least one UID or GID mapping to configure a user namespace");
            case "auto" -> new Settings("auto", AutoIdRanges.mapping(UserNamespaceMaps.AutoOptions.parse(value), image, store, others), "", "");
            case "ns" -> {
                if (value == null || value.isEmpty()) {
                    throw new EngineException("invalid config provided: namespace mode path requires a value");
                }
                if (!Files.exists(Path.of(value), LinkOption.NOFOLLOW_LINKS)) {
                    throw new EngineException("cannot find specified user namespace path: stat " + value + ": no such file or directory");
                }
                yield new Settings("ns:" + value, procMapping(value), "", value);
            }
            case "container" -> {
                ContainerRow other = value == null || value.isEmpty() ? null : lookup.apply(value);
                if (other == null) {
                    throw new EngineException("looking up container to share user namespace with: no container with name or ID \""
                            + (value == null ? "" : value) + "\" found: no such container");
                }
                Settings theirs = of(other);
                yield new Settings("container:" + other.id(), theirs.mapping(), other.id(), "");
            }
            case "pod" -> throw new EngineException("cannot use pod namespace as container is not joining a pod or pod has no "
                    + "infra container: invalid argument");
            default -> throw new EngineException("unrecognized namespace mode " + mode + " passed");
        };
    }

    /**
     * The mapping of the user namespace at {@code /proc/PID/ns/user}, read from that process's uid_map and
     * gid_map (the runtime needs it, and the root filesystem is shifted by it); null for any other path, whose
     * mapping cannot be read without a process in it.
     */
    private static IdMapping procMapping(String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/proc/(\\d+)/ns/user").matcher(path);
        if (!m.matches()) {
            return null;
        }
        try {
            return new IdMapping(procRanges(Path.of("/proc", m.group(1), "uid_map")), procRanges(Path.of("/proc", m.group(1), "gid_map")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Range> procRanges(Path file) throws IOException {
        List<Range> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                out.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return out;
    }

    /** Checks a pod's {@code --userns} before anything of the pod exists (the infra container resolves it). */
    static void checkPodMode(String mode) {
        String name = mode.contains(":") ? mode.substring(0, mode.indexOf(':')) : mode;
        switch (name) {
            case "", "host", "ns", "container" -> { }
            case "auto" -> UserNamespaceMaps.AutoOptions.parse(mode.contains(":") ? mode.substring(mode.indexOf(':') + 1) : null);
            case "keep-id", "nomap" -> throw new EngineException(isRoot()
                    ? name + " is only supported in rootless mode"
                    : "--userns=" + mode + " is not supported by peapod yet");
            case "private" -> throw new EngineException("must provide at least one UID or GID mapping to configure a user namespace");
            default -> throw new EngineException("unrecognized namespace mode " + mode + " passed");
        }
    }

    // ---- the container config ------------------------------------------------------------------

    static Map<String, Object> toJson(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode());
        if (s.mapping() != null) {
            m.put("uidMap", ranges(s.mapping().uids()));
            m.put("gidMap", ranges(s.mapping().gids()));
        }
        if (!s.join().isEmpty()) {
            m.put("join", s.join());
        }
        if (!s.nsPath().isEmpty()) {
            m.put("nsPath", s.nsPath());
        }
        return m;
    }

    private static List<Object> ranges(List<Range> ranges) {
        List<Object> out = new ArrayList<>();
        ranges.forEach(r -> out.add(List.of(r.containerId(), r.hostId(), r.size())));
        return out;
    }

    /**
     * inspect's HostConfig.UsernsMode and IDMappings as podman 4.3.1 shows them: "" for the host's and for auto,
     * "private" for explicit maps, the mode as given otherwise; the mappings as {@code C:H:S} strings.
     */
    static void inspect(Map<String, Object> hostConfig, Map<String, Object> config) {
        Settings s = of(config);
        hostConfig.put("UsernsMode", s.mode().equals("auto") ? "" : s.mode());
        if (s.mapping() != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("UidMap", s.mapping().uids().stream().map(Range::toString).toList());
            m.put("GidMap", s.mapping().gids().stream().map(Range::toString).toList());
            hostConfig.put("IDMappings", m);
        }
    }

    /** A container's settings, from its config. */
    static Settings of(ContainerRow row) {
        return of(Json.object(row.config(), "container config"));
    }

    static Settings of(Map<String, Object> config) {
        Map<String, Object> m = Json.map(config.get(KEY));
        if (m == null || m.isEmpty()) {
            return Settings.HOST;
        }
        IdMapping mapping = m.containsKey("uidMap") ? new IdMapping(rangesOf(m.get("uidMap")), rangesOf(m.get("gidMap"))) : null;
        return new Settings(Json.string(m.get("mode")), mapping, m.containsKey("join") ? Json.string(m.get("join")) : "",
                m.containsKey("nsPath") ? Json.string(m.get("nsPath")) : "");
    }

    private static List<Range> rangesOf(Object o) {
        List<Range> out = new ArrayList<>();
        for (Object e : Json.list(o)) {
            List<Object> f = Json.list(e);
            out.add(new Range(((Number) f.get(0)).longValue(), ((Number) f.get(1)).longValue(), ((Number) f.get(2)).longValue()));
        }
        return out;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return true;
        }
        return true;
    }
}

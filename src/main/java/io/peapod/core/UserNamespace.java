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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's user namespace (podman 4.3.1's {@code --userns}, {@code --uidmap}, {@code --gidmap},
 * {@code --subuidname}, {@code --subgidname}, for a root engine): the request checked with podman's texts and
 * turned into a mapping at create, kept in the container config under {@link #KEY}, and at start given to the
 * OCI spec (a user namespace with uidMappings/gidMappings, or the namespace of the container it joins).
 *
 * <p>{@code auto} takes ids from the ranges of the user {@code containers} in /etc/subuid and /etc/subgid, as
 * podman does as root, and never the ids of another container of the store (every container's mapping is in
 * its config, read under the store lock that a create holds).
 */
final class UserNamespace {
    static final String KEY = "userns";

    /** containers/storage's defaults: AutoUserNsMinSize, and the user whose subordinate ids auto uses. */
    static final long AUTO_MIN_SIZE = 1024;
    static final String AUTO_USER = "containers";

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
        boolean maps = !req.uidMap().isEmpty() || !req.gidMap().isEmpty() || !req.subUidName().isEmpty()
                || !req.subGidName().isEmpty();
        String mode = req.mode();
        if (podInfra != null && !maps && (mode.isEmpty() || mode.equals("pod"))) {
            Settings infra = of(podInfra);
            if (!infra.isHost()) {   // the pod's user namespace: the infra container's, with its mapping
                return new Settings("container:" + podInfra.id(), infra.mapping(), podInfra.id(), "");
            }
            return Settings.HOST;
        }
        if (maps) {
            return explicit(req);
        }
        String name = mode.contains(":") ? mode.substring(0, mode.indexOf(':')) : mode;
        String value = mode.contains(":") ? mode.substring(mode.indexOf(':') + 1) : null;
        return switch (name) {
            case "", "host" -> Settings.HOST;
            case "keep-id", "nomap" -> throw new EngineException(isRoot()
                    ? name + " is only supported in rootless mode"
                    : "--userns=" + mode + " is not supported by peapod yet");
            case "private" -> throw new EngineException("must provide at least one UID or GID mapping to configure a user namespace");
            case "auto" -> auto(AutoOptions.parse(value), image, store, others);
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
            case "auto" -> AutoOptions.parse(mode.contains(":") ? mode.substring(mode.indexOf(':') + 1) : null);
            case "keep-id", "nomap" -> throw new EngineException(isRoot()
                    ? name + " is only supported in rootless mode"
                    : "--userns=" + mode + " is not supported by peapod yet");
            case "private" -> throw new EngineException("must provide at least one UID or GID mapping to configure a user namespace");
            default -> throw new EngineException("unrecognized namespace mode " + mode + " passed");
        }
    }

    /** {@code --uidmap}/{@code --gidmap}/{@code --subuidname}/{@code --subgidname}: podman's ParseIDMapping as root. */
    private static Settings explicit(UserNamespaceRequest req) {
        String subUid = req.subUidName();
        String subGid = req.subGidName();
        if (subGid.isEmpty() && !subUid.isEmpty()) {
            subGid = subUid;
        }
        if (subUid.isEmpty() && !subGid.isEmpty()) {
            subUid = subGid;
        }
        List<String> uidSpec = req.uidMap();
        List<String> gidSpec = req.gidMap();
        if (gidSpec.isEmpty() && !uidSpec.isEmpty()) {
            gidSpec = uidSpec;
        }
        if (uidSpec.isEmpty() && !gidSpec.isEmpty()) {
            uidSpec = gidSpec;
        }
        List<Range> uids = new ArrayList<>();
        List<Range> gids = new ArrayList<>();
        if (!subUid.isEmpty()) {
            uids.addAll(SubIds.mappedFromZero(SubIds.ranges(SubIds.SUBUID, subUid, "user")));
            gids.addAll(SubIds.mappedFromZero(SubIds.ranges(SubIds.SUBGID, subGid, "group")));
        }
        uids.addAll(parseIdMap(uidSpec, "UID"));
        gids.addAll(parseIdMap(gidSpec, "GID"));
        IdMapping mapping = new IdMapping(uids, gids);
        checkRoot(mapping);
        checkOverlaps(mapping);
        return new Settings("private", mapping, "", "");
    }

    /** containers/storage's ParseIDMap, error for error. */
    static List<Range> parseIdMap(List<String> specs, String setting) {
        String malformed = "initializing ID mappings: " + setting + " setting is malformed expected [\"uint32:uint32:uint32\"]: "
                + goQuoted(specs);
        List<Range> out = new ArrayList<>();
        for (String spec : specs) {
            if (spec.isEmpty()) {
                continue;
            }
            String[] f = spec.split(":", -1);
            if (f.length % 3 != 0) {
                throw new EngineException(malformed);
            }
            for (int i = 0; i < f.length; i += 3) {
                try {
                    out.add(new Range(uint32(f[i]), uint32(f[i + 1]), uint32(f[i + 2])));
                } catch (NumberFormatException e) {
                    throw new EngineException(malformed);
                }
            }
        }
        return out;
    }

    private static long uint32(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(s);
        }
        long v = Long.parseLong(s.length() > 11 ? "99999999999" : s);
        if (v > 0xFFFFFFFFL) {
            throw new NumberFormatException(s);
        }
        return v;
    }

    /** Go's %q of a []string. */
    static String goQuoted(List<String> values) {
        List<String> q = new ArrayList<>();
        values.forEach(v -> q.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(" ", q) + "]";
    }

    /** libpod: the container's root must have a host id for its files and processes. */
    private static void checkRoot(IdMapping m) {
        if (m.hostUid(0) < 0 || m.hostGid(0) < 0) {
            throw new EngineException("container ID 0 cannot be mapped to a host ID");
        }
    }

    /**
     * containers/storage refuses ranges that overlap inside or outside; it names the later one, the
     * ranges taken in the order of their host ids.
     */
    private static void checkOverlaps(IdMapping m) {
        for (List<Range> ranges : List.of(m.uids(), m.gids())) {
            List<Range> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingLong(Range::hostId));
            for (int j = 1; j < sorted.size(); j++) {
                for (int i = 0; i < j; i++) {
                    Range a = sorted.get(i);
                    Range b = sorted.get(j);
                    if (overlap(a.containerId(), a.size(), b.containerId(), b.size()) || overlap(a.hostId(), a.size(), b.hostId(), b.size())) {
                        throw new EngineException("creating container storage: the specified UID and/or GID mapping " + b
                                + " conflicts with other mappings: invalid mappings specified");
                    }
                }
            }
        }
    }

    private static boolean overlap(long a, long aSize, long b, long bSize) {
        return a < b + bSize && b < a + aSize;
    }

    // ---- auto ----------------------------------------------------------------------------------

    /** {@code auto:size=N,uidmapping=C:H:S,gidmapping=C:H:S} as podman parses it (pkg/specgen GetAutoOptions). */
    record AutoOptions(long size, List<Range> uidMappings, List<Range> gidMappings) {
        static AutoOptions parse(String value) {
            long size = 0;
            List<Range> uids = new ArrayList<>();
            List<Range> gids = new ArrayList<>();
            if (value == null) {
                return new AutoOptions(0, uids, gids);
            }
            for (String o : value.split(",", -1)) {
                int eq = o.indexOf('=');
                if (eq < 0) {
                    throw new EngineException("invalid option specified: \"" + o + "\"");
                }
                String v = o.substring(eq + 1);
                switch (o.substring(0, eq)) {
                    case "size" -> size = parseUint32(v);
                    case "uidmapping" -> uids.addAll(wrapped(v, "UID"));
                    case "gidmapping" -> gids.addAll(wrapped(v, "GID"));
                    default -> throw new EngineException("unknown option specified: \"" + o.substring(0, eq) + "\"");
                }
            }
            return new AutoOptions(size, uids, gids);
        }

        private static List<Range> wrapped(String v, String setting) {
            try {
                return parseIdMap(List.of(v), setting);
            } catch (EngineException e) {
                throw new EngineException("failed to create Parse" + setting + "Map " + setting + "=[" + v + "]: " + e.getMessage());
            }
        }

        /** strconv.ParseUint(v, 10, 32)'s errors. */
        private static long parseUint32(String v) {
            if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
                throw new EngineException("strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
            }
            if (v.length() > 10 || Long.parseLong(v) > 0xFFFFFFFFL) {
                throw new EngineException("strconv.ParseUint: parsing \"" + v + "\": value out of range");
            }
            return Long.parseLong(v);
        }
    }

    /**
     * containers/storage's getAutoUserNS: {@code size} ids (estimated from the image when not given) taken
     * first-fit from the ranges of {@code containers} that no other container of the store maps, uids and gids
     * alike; the forced mappings of the options are added and their container ids left out of the range.
     */
    private static Settings auto(AutoOptions o, ImageRow image, Store store, List<ContainerRow> others) {
        List<Range> subUids;
        List<Range> subGids;
        try {
            subUids = SubIds.ranges(SubIds.SUBUID, AUTO_USER, "user");
            subGids = SubIds.ranges(SubIds.SUBGID, AUTO_USER, "group");
        } catch (EngineException e) {
            // podman logs why, then fails on the ids it could not find
            System.err.println("time=\"" + java.time.OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\" level=error msg=\"Cannot find mappings for user "
                    + "\\\"" + AUTO_USER + "\\\": " + e.getMessage().replace("\"", "\\\"") + "\"");
            throw new EngineException("creating container storage: could not find enough available IDs");
        }
        long size = o.size() > 0 ? o.size() : Math.max(AUTO_MIN_SIZE, ImageIds.maxId(store, image) + 1);
        List<Range> usedU = new ArrayList<>(o.uidMappings());
        List<Range> usedG = new ArrayList<>(o.gidMappings());
        for (ContainerRow r : others) {
            Settings s = of(r);
            if (s.mapping() != null && s.join().isEmpty()) {
                usedU.addAll(s.mapping().uids());
                usedG.addAll(s.mapping().gids());
            }
        }
        List<Range> uids = allocate(subUids, usedU, size, o.uidMappings());
        List<Range> gids = allocate(subGids, usedG, size, o.gidMappings());
        return new Settings("auto", new IdMapping(uids, gids), "", "");
    }

    /**
     * Container ids 0..size-1 less those {@code forced} maps, each run given host ids from the free parts of
     * {@code available} (those no range of {@code used} covers), then the forced mappings themselves.
     */
    static List<Range> allocate(List<Range> available, List<Range> used, long size, List<Range> forced) {
        List<long[]> free = new ArrayList<>();   // [start, length] of host ids
        for (Range a : available) {
            free.addAll(subtract(a.hostId(), a.size(), used));
        }
        List<long[]> wanted = new ArrayList<>(subtract(0, size, forced.stream()
                .map(f -> new Range(f.hostId(), f.containerId(), f.size())).toList()));   // container ids, less the forced ones
        List<Range> out = new ArrayList<>();
        int fi = 0;
        long freeOffset = 0;
        for (long[] w : wanted) {
            long c = w[0];
            long left = w[1];
            while (left > 0) {
                if (fi >= free.size()) {
                    throw new EngineException("creating container storage: could not find enough available IDs");
                }
                long[] f = free.get(fi);
                long n = Math.min(left, f[1] - freeOffset);
                out.add(new Range(c, f[0] + freeOffset, n));
                c += n;
                left -= n;
                freeOffset += n;
                if (freeOffset == f[1]) {
                    fi++;
                    freeOffset = 0;
                }
            }
        }
        out.addAll(forced);
        return out;
    }

    /** The parts of [start, start+length) that no range's host ids cover. */
    private static List<long[]> subtract(long start, long length, List<Range> used) {
        List<long[]> parts = new ArrayList<>();
        parts.add(new long[]{start, length});
        for (Range u : used) {
            List<long[]> next = new ArrayList<>();
            for (long[] p : parts) {
                long pEnd = p[0] + p[1];
                long uEnd = u.hostId() + u.size();
                if (uEnd <= p[0] || u.hostId() >= pEnd) {
                    next.add(p);
                    continue;
                }
                if (u.hostId() > p[0]) {
                    next.add(new long[]{p[0], u.hostId() - p[0]});
                }
                if (uEnd < pEnd) {
                    next.add(new long[]{uEnd, pEnd - uEnd});
                }
            }
            parts = next;
        }
        parts.sort(Comparator.comparingLong(p -> p[0]));
        return parts;
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

    // ---- start ---------------------------------------------------------------------------------

    /**
     * Whether the container's network namespace is made by the network layer for a container with a user
     * namespace of its own: it is then made owned by that user namespace ({@link #createNetns}), which the
     * runtime joins by the path {@link #netnsOwnerFile} instead of making one.
     */
    static boolean ownedNetns(Map<String, Object> config) {
        Settings s = of(config);
        return s.mapping() != null && s.join().isEmpty() && s.nsPath().isEmpty()
                && NetworkConfig.of(config).mode() == io.peapod.engine.NetworkRequest.Mode.BRIDGE;
    }

    /** Where the user namespace owning the container's network namespace is kept until the runtime has joined it. */
    static Path netnsOwnerFile(Path runRoot, String id) {
        return runRoot.resolve("userns").resolve(id);
    }

    /**
     * How the container's network namespace is made: owned by a new user namespace with its mapping when it has
     * one of its own, by the one it joins otherwise. Resolved on the caller's thread; made on the network's.
     */
    static java.util.function.Consumer<io.peapod.network.NetNamespace> netnsMaker(Map<String, Object> config, Path runRoot,
            String id, java.util.function.Function<String, ContainerRow> lookup) {
        Settings s = of(config);
        if ((!s.join().isEmpty() || !s.nsPath().isEmpty()) && NetworkConfig.of(config).mode() == io.peapod.engine.NetworkRequest.Mode.BRIDGE) {
            Path joined = Path.of(nsPath(s, lookup));
            return ns -> ns.createIn(joined);   // owned by the user namespace it joins (container:ID, ns:PATH)
        }
        if (!ownedNetns(config)) {
            return io.peapod.network.NetNamespace::create;
        }
        IdMapping m = s.mapping();
        Path owner = netnsOwnerFile(runRoot, id);
        return ns -> ns.createOwned(procMap(m.uids()), procMap(m.gids()), owner);
    }

    private static String procMap(List<Range> ranges) {
        List<String> lines = new ArrayList<>();
        ranges.forEach(r -> lines.add(r.containerId() + " " + r.hostId() + " " + r.size()));
        return String.join(",", lines);
    }

    /** Unmounts and removes the file keeping the owner alive (the container's processes and its netns hold it). */
    static void releaseNetnsOwner(Path runRoot, String id) {
        Path f = netnsOwnerFile(runRoot, id);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("umount", "--lazy", f.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            p.waitFor();
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a file left behind holds only a namespace; the next start of the container replaces it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The user namespace in the container's OCI spec: {@code linux.uidMappings}/{@code gidMappings} first in
     * {@code linux} (podman's order) and a {@code user} namespace last, joined by path when the container
     * shares another's. Fails as runc does (exit 126) when the process's user has no host id.
     */
    @SuppressWarnings("unchecked")
    static void addToSpec(Map<String, Object> doc, Settings s, java.util.function.Function<String, ContainerRow> lookup,
                          Path netnsOwner) {
        if (s.isHost()) {
            return;
        }
        Map<String, Object> linux = (Map<String, Object>) doc.get("linux");
        Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) doc.get("process")).get("user");
        if (s.mapping() != null) {
            long uid = ((Number) user.get("uid")).longValue();
            if (s.mapping().hostUid(uid) < 0) {
                throw new EngineException("container uses ID mappings (" + goIdMappings(s.mapping().uids())
                        + "), but doesn't map UID " + uid, 126);
            }
            long gid = ((Number) user.get("gid")).longValue();
            if (s.mapping().hostGid(gid) < 0) {
                throw new EngineException("container uses ID mappings (" + goIdMappings(s.mapping().gids())
                        + "), but doesn't map GID " + gid, 126);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.mapping() != null) {
            out.put("uidMappings", specRanges(s.mapping().uids()));
            out.put("gidMappings", specRanges(s.mapping().gids()));
        }
        out.putAll(linux);
        List<Map<String, Object>> ns = new ArrayList<>((List<Map<String, Object>>) out.get("namespaces"));
        Map<String, Object> userNs = new LinkedHashMap<>();
        userNs.put("type", "user");
        String path = netnsOwner != null ? netnsOwner.toString() : nsPath(s, lookup);
        if (path != null) {
            userNs.put("path", path);
        }
        ns.add(userNs);
        out.put("namespaces", ns);
        doc.put("linux", out);
        if (netnsOwner == null && s.join().isEmpty()) {
            bindSys(doc, ns);   // a network namespace this user namespace does not own (the host's, ns:PATH)
        }
    }

    /**
     * sysfs can only be mounted by a user namespace that owns the container's network namespace. When it does
     * not (the host's network, a namespace given by path) the container gets the host's /sys bound read-only
     * instead, as runc and podman do for rootless containers on the host's network.
     */
    @SuppressWarnings("unchecked")
    private static void bindSys(Map<String, Object> doc, List<Map<String, Object>> namespaces) {
        boolean ownNetns = namespaces.stream().anyMatch(n -> "network".equals(n.get("type")) && !n.containsKey("path"));
        if (ownNetns) {
            return;   // a namespace runc makes inside the user namespace: sysfs mounts
        }
        // Nor may it write the network namespace's sysctls: containers.conf's default ping range goes.
        Map<String, Object> linux = (Map<String, Object>) doc.get("linux");
        Map<String, Object> sysctl = linux.get("sysctl") == null ? null : new LinkedHashMap<>((Map<String, Object>) linux.get("sysctl"));
        if (sysctl != null && "0 0".equals(sysctl.get("net.ipv4.ping_group_range"))) {
            sysctl.remove("net.ipv4.ping_group_range");
            if (sysctl.isEmpty()) {
                linux.remove("sysctl");
            } else {
                linux.put("sysctl", sysctl);
            }
        }
        List<Map<String, Object>> mounts = new ArrayList<>((List<Map<String, Object>>) doc.get("mounts"));
        for (int i = 0; i < mounts.size(); i++) {
            Map<String, Object> m = mounts.get(i);
            if ("/sys".equals(m.get("destination")) && "sysfs".equals(m.get("type"))) {
                Map<String, Object> bind = new LinkedHashMap<>();
                bind.put("destination", "/sys");
                bind.put("type", "bind");
                bind.put("source", "/sys");
                bind.put("options", List.of("rprivate", "nosuid", "noexec", "nodev", "ro", "rbind"));
                mounts.set(i, bind);
            }
        }
        doc.put("mounts", mounts);
    }

    private static String nsPath(Settings s, java.util.function.Function<String, ContainerRow> lookup) {
        if (!s.nsPath().isEmpty()) {
            return s.nsPath();
        }
        if (s.join().isEmpty()) {
            return null;
        }
        ContainerRow other = lookup.apply(s.join());
        if (other == null || other.pid() <= 0 || !other.state().equals(ContainerService.RUNNING)) {
            throw new EngineException("cannot join the user namespace of container " + s.join() + ": it is not running: "
                    + "container state improper");
        }
        return "/proc/" + other.pid() + "/ns/user";
    }

    private static List<Object> specRanges(List<Range> ranges) {
        List<Object> out = new ArrayList<>();
        for (Range r : ranges) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("containerID", r.containerId());
            m.put("hostID", r.hostId());
            m.put("size", r.size());
            out.add(m);
        }
        return out;
    }

    /** Go's %#v of []specs.LinuxIDMapping, as runc's message prints it. */
    private static String goIdMappings(List<Range> ranges) {
        List<String> parts = new ArrayList<>();
        ranges.forEach(r -> parts.add("specs.LinuxIDMapping{ContainerID:0x" + Long.toHexString(r.containerId()) + ", HostID:0x"
                + Long.toHexString(r.hostId()) + ", Size:0x" + Long.toHexString(r.size()) + "}"));
        return "[]specs.LinuxIDMapping{" + String.join(", ", parts) + "}";
    }

    /**
     * podman gives the files it bind-mounts from the container's own directory (/etc/hosts, /etc/hostname,
     * /etc/resolv.conf) to the container's root, so that root inside can still change them.
     */
    static void chownFiles(Settings s, List<Path> files) throws IOException {
        if (s.mapping() == null) {
            return;
        }
        int uid = (int) s.mapping().hostUid(0);
        int gid = (int) s.mapping().hostGid(0);
        for (Path f : files) {
            if (f != null && Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.setAttribute(f, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(f, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** The container's user as the host sees it (the owner a volume gets at its first use, {@code :U}). */
    static Users.Resolved toHost(Settings s, Users.Resolved user) {
        if (s.mapping() == null) {
            return user;
        }
        long uid = s.mapping().hostUid(user.uid());
        long gid = s.mapping().hostGid(user.gid());
        return new Users.Resolved(uid < 0 ? user.uid() : (int) uid, gid < 0 ? user.gid() : (int) gid, user.additionalGids());
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

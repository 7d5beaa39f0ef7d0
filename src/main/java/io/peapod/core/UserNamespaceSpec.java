package io.peapod.core;

import io.peapod.core.UserNamespace.Settings;
import io.peapod.engine.EngineException;
import io.peapod.state.ContainerRow;
import io.peapod.storage.IdMapping;
import io.peapod.storage.IdMapping.Range;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's user namespace at start: the OCI spec's part (uidMappings/gidMappings and a {@code user}
 * namespace, or the path of the one it joins; /sys bound when sysfs cannot be mounted), the network namespace
 * owned by it (made by the network layer, kept alive under the run root until the runtime has joined it), and
 * the host ids of the files and the user the container's root and user are.
 */
final class UserNamespaceSpec {
    private UserNamespaceSpec() {}

    /**
     * Whether the container's network namespace is made by the network layer for a container with a user
     * namespace of its own: it is then made owned by that user namespace ({@link #createNetns}), which the
     * runtime joins by the path {@link #netnsOwnerFile} instead of making one.
     */
    static boolean ownedNetns(Map<String, Object> config) {
        Settings s = UserNamespace.of(config);
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
        Settings s = UserNamespace.of(config);
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
            io.peapod.storage.Mounts.unmountLazy(f);
            Files.deleteIfExists(f);
        } catch (IOException | RuntimeException e) {
            // a file left behind holds only a namespace; the next start of the container replaces it
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
}

package io.peapod.core;

import io.peapod.core.oci.OciMount;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.Metadata;
import io.peapod.state.VolumeRow;
import io.peapod.state.VolumeRows;
import io.peapod.storage.Store;
import io.peapod.storage.VolumeStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import io.peapod.state.sql.Connection;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A container's mounts (libpod's named volumes and user mounts): at create, {@code -v}/{@code --mount}/
 * {@code --tmpfs} and the image's VOLUMEs resolved into the {@code mounts} of its config, with new
 * volumes made on demand; at start, volumes prepared (owner, copy-up of the image's files, a mounted
 * filesystem) and turned into config.json mounts; at cleanup and removal, released.
 */
final class ContainerVolumes {
    /** The config key holding the resolved mounts. */
    static final String KEY = "mounts";
    /** What podman gives an image's VOLUME: its order, as inspect's Binds shows it. */
    private static final List<String> IMAGE_VOLUME_OPTIONS = List.of("rprivate", "rw", "nodev", "exec", "nosuid", "rbind");

    private final Store store;
    private final VolumeService volumes;

    ContainerVolumes(Store store) {
        this.store = store;
        this.volumes = new VolumeService(store);
    }

    /** One resolved mount, as stored in the container's config. */
    record Entry(String type, String source, String destination, List<String> options, boolean anonymous) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("source", source);
            m.put("destination", destination);
            m.put("options", options);
            m.put("anonymous", anonymous);
            return m;
        }

        static Entry fromJson(Object o) {
            Map<String, Object> m = Json.map(o);
            return new Entry(Json.string(m.get("type")), Json.string(m.get("source")), Json.string(m.get("destination")),
                    ContainerConfig.strings(m.get("options")), Boolean.TRUE.equals(m.get("anonymous")));
        }
    }

    static List<Entry> entries(Map<String, Object> config) {
        List<Entry> out = new ArrayList<>();
        for (Object o : Json.list(config.get(KEY))) {
            out.add(Entry.fromJson(o));
        }
        return out;
    }

    /** The mounts of a container being created, and the volumes it needs made; undone by {@link #discard}. */
    final class Prepared {
        final List<Entry> entries;
        private final List<VolumeRow> newRows = new ArrayList<>();
        private final List<VolumeStore.Staged> staged = new ArrayList<>();

        private Prepared(List<Entry> entries) {
            this.entries = entries;
        }

        List<Map<String, Object>> json() {
            return entries.stream().map(Entry::toJson).toList();
        }

        /** Records the new volumes and which volumes the container uses; after the container's row. */
        void insert(Connection c, String containerId) throws SQLException {
            for (VolumeRow v : newRows) {
                VolumeRows.insert(c, v);
            }
            for (Entry e : entries) {
                if (e.type().equals(MountRequest.VOLUME)) {
                    VolumeRows.attach(c, containerId, e.source(), e.destination());
                }
            }
        }

        /** Records only the new volumes (pod clone: its copies name them in their configs, attached with them). */
        void insertVolumes(Connection c) throws SQLException {
            for (VolumeRow v : newRows) {
                VolumeRows.insert(c, v);
            }
        }

        /** Deletes the new volumes' directories: the create failed. */
        void discard() {
            for (VolumeStore.Staged s : staged) {
                try {
                    s.discard();
                } catch (IOException e) {
                    // the store lock's leftover sweep removes what is left
                }
            }
        }
    }

    /**
     * Checks the requested mounts against the host (a bind's source must exist) and adds anonymous
     * volumes for the image's VOLUMEs. New volumes' directories are made last, moved into place but
     * without rows: {@link Prepared#insert} records them with the container. Runs inside {@link Store#write}.
     */
    Prepared prepare(List<MountRequest> requests, Map<String, Object> imageConfig) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, VolumeRow> toCreate = new LinkedHashMap<>();
        List<String> destinations = new ArrayList<>();
        for (MountRequest r : requests) {
            destinations.add(cleanPath(r.destination()));
            switch (r.type()) {
                case MountRequest.BIND -> entries.add(new Entry(r.type(), r.source(), r.destination(),
                        MountOptions.process(r.options(), false, MountOptions.of(Path.of(r.source()))), false));
                case MountRequest.TMPFS -> entries.add(new Entry(r.type(), "tmpfs", r.destination(),
                        MountOptions.process(r.options(), true, MountOptions.SourceFlags.NONE), false));
                default -> {
                    List<String> options = MountOptions.process(r.options(), false, MountOptions.SourceFlags.NONE);
                    boolean anonymous = r.source().isEmpty();
                    String name = anonymous ? newName(toCreate) : r.source();
                    if (!toCreate.containsKey(name) && volumes.findOrNull(name) == null) {
                        try {
                            toCreate.put(name, volumes.newRow(name, VolumeService.LOCAL, Map.of(), Map.of(), anonymous));
                        } catch (EngineException e) {
                            throw new EngineException("creating named volume \"" + name + "\": " + e.getMessage());
                        }
                    }
                    entries.add(new Entry(r.type(), name, r.destination(), options, anonymous));
                }
            }
        }
        for (String dest : Json.map(Json.map(imageConfig.get("config")).get("Volumes")).keySet()) {
            String clean = cleanPath(dest);
            if (!destinations.contains(clean)) {
                destinations.add(clean);
                String name = newName(toCreate);
                toCreate.put(name, volumes.newRow(name, VolumeService.LOCAL, Map.of(), Map.of(), true));
                entries.add(new Entry(MountRequest.VOLUME, name, clean, IMAGE_VOLUME_OPTIONS, true));
            }
        }
        Prepared p = new Prepared(entries);
        try {
            for (VolumeRow v : toCreate.values()) {
                VolumeStore.Staged s = volumes.files().stage(v.name());
                p.staged.add(s);
                s.commit();
                p.newRows.add(v);
            }
        } catch (IOException | RuntimeException e) {
            p.discard();
            throw e;
        }
        return p;
    }

    private String newName(Map<String, VolumeRow> taken) {
        String name;
        do {
            name = volumes.newName();
        } while (taken.containsKey(name));
        return name;
    }

    /** Go's filepath.Clean of a destination, for comparing them. */
    private static String cleanPath(String dest) {
        String c = Path.of(dest).normalize().toString();
        return c.isEmpty() ? "/" : c;
    }

    // ---- start ---------------------------------------------------------------------------------

    /**
     * Gets the container's volumes ready for a start (first-use owner and copy-up, U, a volume's own
     * filesystem) and returns its config.json mounts, parents before what is mounted inside them.
     * Runs inside {@link Store#write}.
     */
    List<OciMount> startMounts(ContainerRow row, Map<String, Object> config, Path rootfs) throws IOException {
        List<Entry> entries = entries(config);
        List<OciMount> out = new ArrayList<>();
        if (entries.stream().noneMatch(e -> Path.of(e.destination()).normalize().equals(Path.of("/dev/shm")))) {
            out.addAll(PodShm.startMounts(store, row, config));   // a pod's shared /dev/shm, unless -v gives one
        }
        if (entries.isEmpty()) {
            return out;
        }
        // the owner a volume gets is the container user's id on the host (its user namespace's mapping)
        Users.Resolved user = UserNamespaceSpec.toHost(UserNamespace.of(config), Users.resolve(Json.string(config.get("user")), rootfs));
        for (Entry e : entries) {
            String source = e.source();
            if (e.type().equals(MountRequest.VOLUME)) {
                VolumeRow v = volumes.find(e.source());
                source = volumes.files().mountpoint(v.name()).toString();
                mountVolumeFilesystem(v, row.id());
                firstUse(v, e, rootfs, user);
            }
            if (e.options().contains("U") && !e.type().equals(MountRequest.TMPFS)) {
                chownTree(Path.of(source), user.uid(), user.gid());
            }
            List<String> ociOptions = new ArrayList<>(e.options());
            ociOptions.removeAll(List.of("z", "Z", "U"));   // podman's own: relabel (no SELinux here) and chown
            out.add(new OciMount(e.destination(), e.type().equals(MountRequest.TMPFS) ? "tmpfs" : "bind", source, ociOptions));
        }
        out.sort(Comparator.comparingInt(m -> Path.of(m.destination()).normalize().getNameCount()));
        return out;
    }

    private void mountVolumeFilesystem(VolumeRow v, String containerId) throws IOException {
        if (!VolumeService.needsMount(v) || volumes.files().isMounted(v.name())) {
            return;
        }
        String type = v.options().getOrDefault("type", "");
        String device = v.options().getOrDefault("device", type.equals("tmpfs") ? "tmpfs" : "");
        try {
            volumes.files().mount(v.name(), type, device, v.options().getOrDefault("o", ""));
        } catch (RuntimeException ex) {
            throw new EngineException("mounting volume " + v.name() + " for container " + containerId + ": " + ex.getMessage());
        }
    }

    /**
     * What podman does the first time a volume is mounted: give it the owner of the container's user,
     * then the owner and mode of the directory it covers in the image; and copy that directory's
     * contents in, unless nocopy was asked for or the volume already has files.
     */
    private void firstUse(VolumeRow v, Entry e, Path rootfs, Users.Resolved user) throws IOException {
        if (!v.needsChown() && !v.needsCopyUp()) {
            return;
        }
        Path data = volumes.files().mountpoint(v.name());
        Path covered = insideRootfs(rootfs, e.destination());
        VolumeRow updated = v;
        if (v.needsChown()) {
            Files.setAttribute(data, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(data, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
            if (covered != null && Files.isDirectory(covered, LinkOption.NOFOLLOW_LINKS)) {
                Map<String, Object> attrs = Files.readAttributes(covered, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(data, "unix:uid", attrs.get("uid"), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(data, "unix:gid", attrs.get("gid"), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(data, "unix:mode", ((Integer) attrs.get("mode")) & 07777, LinkOption.NOFOLLOW_LINKS);
            }
            updated = new VolumeRow(v.name(), v.driver(), v.labels(), v.options(), v.anonymous(), v.needsCopyUp(), false, v.created());
        }
        boolean noCopy = e.options().contains("nocopy") || v.options().containsKey("nocopy");
        if (v.needsCopyUp() && !noCopy && covered != null && Files.isDirectory(covered, LinkOption.NOFOLLOW_LINKS)
                && !isEmpty(covered)) {
            updated = updated.afterFirstUse();
            if (isEmpty(data)) {
                copyTree(covered, data);
            }
        }
        if (!updated.equals(v)) {
            VolumeRow state = updated;
            store.db().transaction(c -> {
                VolumeRows.updateState(c, state);
                return null;
            });
        }
    }

    /** The path {@code dest} names in the rootfs, or null if it is missing or leads outside it through a link. */
    private static Path insideRootfs(Path rootfs, String dest) throws IOException {
        Path p = rootfs.resolve(cleanPath(dest).substring(1));
        if (!Files.exists(p)) {
            return null;
        }
        return p.toRealPath().startsWith(rootfs.toRealPath()) ? p.toRealPath() : null;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** cp -a keeps what a copy-up must keep: owners, modes, times, links, devices, xattrs. */
    private static void copyTree(Path from, Path to) throws IOException {
        Process p = new ProcessBuilder("cp", "-a", "--", from + "/.", to + "/").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new EngineException("copying up into volume " + to + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while copying up into volume " + to);
        }
    }

    /** The U option: the whole tree belongs to the container's user. */
    private static void chownTree(Path root, int uid, int gid) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    // ---- cleanup and removal -------------------------------------------------------------------

    /** Unmounts the filesystems of the container's volumes that no other running container uses. */
    void release(ContainerRow row) throws IOException {
        PodShm.release(store, row);
        for (Entry e : entries(Json.object(row.config(), "container config"))) {
            if (!e.type().equals(MountRequest.VOLUME)) {
                continue;
            }
            VolumeRow v = volumes.findOrNull(e.source());
            if (v != null && VolumeService.needsMount(v) && runningUsers(store, v.name(), row.id()) == 0) {
                volumes.files().unmount(v.name());
            }
        }
    }

    /** After the container's row is gone: its anonymous volumes go too, unless another container uses them. */
    void removeAnonymous(ContainerRow row) throws IOException {
        for (Entry e : entries(Json.object(row.config(), "container config"))) {
            if (e.type().equals(MountRequest.VOLUME) && e.anonymous()) {
                volumes.removeLocked(e.source());
            }
        }
    }

    /** Running containers using the volume (other than {@code except}). */
    static int runningUsers(Store store, String volume, String... except) {
        List<String> skip = List.of(except);
        return store.db().read(c -> {
            int n = 0;
            List<String> users = VolumeRows.users(c, volume);
            for (ContainerRow r : Metadata.containers(c)) {
                if (users.contains(r.id()) && !skip.contains(r.id()) && r.state().equals(ContainerService.RUNNING)) {
                    n++;
                }
            }
            return n;
        });
    }

    // ---- inspect -------------------------------------------------------------------------------

    /** inspect's {@code Mounts}: volumes first, then binds, as podman lists them; tmpfs are not shown. */
    List<Map<String, Object>> inspectMounts(Map<String, Object> config) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String type : List.of(MountRequest.VOLUME, MountRequest.BIND)) {
            for (Entry e : entries(config)) {
                if (!e.type().equals(type)) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Type", type);
                if (type.equals(MountRequest.VOLUME)) {
                    m.put("Name", e.source());
                    m.put("Source", volumes.files().mountpoint(e.source()).toString());
                } else {
                    m.put("Source", e.source());
                }
                m.put("Destination", e.destination());
                m.put("Driver", type.equals(MountRequest.VOLUME) ? VolumeService.LOCAL : "");
                String mode = "";
                String propagation = "";
                boolean rw = true;
                List<String> other = new ArrayList<>();
                for (String o : e.options()) {
                    switch (o) {
                        case "ro" -> rw = false;
                        case "rw" -> { }
                        case "shared", "slave", "private", "rshared", "rslave", "rprivate", "unbindable", "runbindable" ->
                                propagation = o;
                        case "z", "Z" -> mode = o;
                        default -> other.add(o);
                    }
                }
                m.put("Mode", mode);
                m.put("Options", other);
                m.put("RW", rw);
                m.put("Propagation", propagation);
                out.add(m);
            }
        }
        return out;
    }

    /** Fills inspect's Mounts, HostConfig.Binds and HostConfig.Tmpfs from the container's config. */
    @SuppressWarnings("unchecked")
    void addToInspect(Map<String, Object> doc, Map<String, Object> config) {
        doc.put("Mounts", inspectMounts(config));
        if (doc.get("HostConfig") instanceof Map<?, ?> host) {
            ((Map<String, Object>) host).put("Binds", binds(config));
            ((Map<String, Object>) host).put("Tmpfs", tmpfs(config));
        }
    }

    /** HostConfig's {@code Binds}: "source:destination:options", volumes first. */
    static List<String> binds(Map<String, Object> config) {
        List<String> out = new ArrayList<>();
        for (String type : List.of(MountRequest.VOLUME, MountRequest.BIND)) {
            for (Entry e : entries(config)) {
                if (e.type().equals(type)) {
                    out.add(e.source() + ":" + e.destination() + (e.options().isEmpty() ? "" : ":" + String.join(",", e.options())));
                }
            }
        }
        return out;
    }

    /** HostConfig's {@code Tmpfs}: destination to options. */
    static Map<String, String> tmpfs(Map<String, Object> config) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Entry e : entries(config)) {
            if (e.type().equals(MountRequest.TMPFS)) {
                out.put(e.destination(), String.join(",", e.options()));
            }
        }
        return out;
    }
}

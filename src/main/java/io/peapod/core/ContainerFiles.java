package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;
import io.peapod.image.BytePipe;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.RootedPath;
import io.peapod.storage.Store;
import io.peapod.storage.TarExtractor;
import io.peapod.storage.TreeArchiver;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code cp} (podman's cmd/podman/containers/cp.go with libpod's copier calls): paths inside a
 * container resolve as if chrooted there ({@link RootedPath}), so no link in the container reaches the
 * host; archives coming in go through {@link TarExtractor}'s rules. A container that is not running
 * is mounted for the copy (counted, so a start and exit meanwhile cannot unmount it) and unmounted
 * after.
 */
final class ContainerFiles {
    private final ContainerService containers;
    private final Store store;
    private final ContainerLayers layers;

    ContainerFiles(ContainerService containers) {
        this.containers = containers;
        this.store = containers.store();
        this.layers = new ContainerLayers(store);
    }

    // ---- the container's root, held for one operation -------------------------------------------

    /** Something done with a container's mounted root filesystem. */
    @FunctionalInterface
    interface WithRoot<T> {
        T apply(ContainerRow row, Path root) throws IOException;
    }

    /** Runs {@code op} with the container's root mounted, counted as one user of the mount for its duration. */
    <T> T withRoot(String nameOrId, WithRoot<T> op) throws IOException {
        ContainerRow row = containers.find(nameOrId);
        Path root = store.write(() -> layers.mountCounted(row.id()));
        Runnable release = () -> store.write(() -> {
            ContainerRow now = containers.findOrNull(row.id());
            if (now != null) {
                layers.unmountCounted(row.id(), false, running(now));
            }
            return null;
        });
        // Interrupted (Ctrl-C, SIGTERM), the copy still gives its mount back rather than leave it counted.
        Thread onExit = new Thread(release, "peapod-release-mount");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            return op.apply(row, root);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
                release.run();
            } catch (IllegalStateException shuttingDown) {
                // the hook runs it
            }
        }
    }

    static boolean running(ContainerRow row) {
        return row.state().equals(ContainerService.RUNNING) || row.state().equals(ContainerService.PAUSED);
    }

    // ---- cp ----------------------------------------------------------------------------------------

    /** What a path names inside a container: podman's ContainerStat. {@code root} is where it was resolved. */
    record Stat(boolean exists, boolean isDir, String linkTarget, Path host, Path root) {}

    /**
     * A container's filesystem for path look-ups: its root, and the host directories of its volumes and
     * bind mounts by destination (a path under one of them is looked up there, as libpod's resolvePath).
     */
    record Rootfs(Path root, Map<String, Path> mounts) {
        static Rootfs plain(Path root) {
            return new Rootfs(root, Map.of());
        }
    }

    Rootfs rootfs(ContainerRow row, Path root) {
        Map<String, Path> mounts = new java.util.HashMap<>();
        io.peapod.storage.VolumeStore volumes = new io.peapod.storage.VolumeStore(store);
        for (Object o : Json.list(config(row).get(ContainerVolumes.KEY))) {
            Map<String, Object> m = Json.map(o);
            String type = Json.string(m.get("type"));
            String source = Json.string(m.get("source"));
            String dest = Json.string(m.get("destination"));
            if (dest == null || source == null) {
                continue;
            }
            if ("volume".equals(type)) {
                mounts.put(clean(dest), volumes.mountpoint(source));
            } else if ("bind".equals(type)) {
                mounts.put(clean(dest), Path.of(source));
            }
        }
        return new Rootfs(root, mounts);
    }

    /** Go's path.Clean of an absolute path. */
    static String clean(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * {@code path} in the container: relative paths start at its working directory, "/" means its
     * contents, and the result keeps a trailing "/" or "/." the user typed (they decide what is copied).
     * A path under a volume or bind mount (matched on the cleaned path, deepest mount first) resolves
     * inside that mount's directory, again as if chrooted there.
     */
    static Stat stat(Rootfs fs, String path, String workdir) {
        String p = path.equals("/") ? "/." : path;
        if (p.contains("*")) {
            return new Stat(false, false, p, null, fs.root());   // podman refuses globs as not found
        }
        String abs = p.startsWith("/") ? p : (workdir == null || workdir.isEmpty() ? "/" : workdir) + "/" + p;
        String cleaned = clean(abs);
        for (String search = cleaned; ; search = dir(search)) {
            Path mount = fs.mounts().get(search);
            if (mount != null) {
                String rest = cleaned.substring(search.length());
                RootedPath.Resolved r = RootedPath.resolve(mount, rest, true);
                String inContainer = search.equals("/") ? r.inContainer() : r.rel().isEmpty() ? search : search + "/" + r.rel();
                return statOf(p, inContainer, r.host(), mount);
            }
            if (search.equals("/")) {
                break;
            }
        }
        RootedPath.Resolved r = RootedPath.resolve(fs.root(), abs, true);
        return statOf(p, r.inContainer(), r.host(), fs.root());
    }

    private static Stat statOf(String typed, String inContainer, Path host, Path root) {
        String target = preserveBase(typed, inContainer);
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return new Stat(false, false, target, host, root);
        }
        return new Stat(true, Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS), target, host, root);
    }

    /** containers/podman's copy.PreserveBasePath: "/" and "/." at the end of what the user typed matter. */
    static String preserveBase(String original, String resolved) {
        if (original.endsWith("/")) {
            return resolved.endsWith("/") ? resolved : resolved + "/";
        }
        if (original.endsWith("/.")) {
            return resolved.endsWith("/") ? resolved + "." : resolved + "/.";
        }
        return resolved;
    }

    static String base(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1).isEmpty() ? "/" : p.substring(slash + 1);
    }

    static String dir(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : p.substring(0, slash);
    }

    void copy(FilesEngine.CopyRequest r, InputStream stdin, OutputStream stdout) throws IOException {
        boolean fromContainer = !r.sourceContainer().isEmpty();
        boolean toContainer = !r.destContainer().isEmpty();
        if (fromContainer && toContainer) {
            mustExist(r.sourceContainer());
            mustExist(r.destContainer());
            betweenContainers(r);
        } else if (fromContainer) {
            mustExist(r.sourceContainer());
            fromContainer(r, stdout);
        } else {
            mustExist(r.destContainer());
            toContainer(r, stdin);
        }
    }

    private void mustExist(String container) {
        if (container.isEmpty()) {
            throw new EngineException("name or ID cannot be empty");
        }
        if (containers.findOrNull(container) == null) {
            throw new EngineException("container \"" + container + "\" does not exist");
        }
    }

    private static String workdir(ContainerRow row) {
        return Json.string(Json.object(row.config(), "container config").get("workdir"));
    }

    private static EngineException notOnContainer(String path, String container) {
        return new EngineException("\"" + path + "\" could not be found on container " + container + ": no such file or directory");
    }

    private static EngineException notOnHost(String path) {
        return new EngineException("\"" + path + "\" could not be found on the host: no such file or directory");
    }

    /** A host path as podman's copy.ResolveHostPath sees it: links resolved, the typed "/" or "/." kept. */
    record HostStat(boolean isDir, boolean isRegular, String linkTarget) {}

    static HostStat hostStat(String path) {
        Path p = Path.of(path);
        try {
            Path real = p.toRealPath();
            String target = preserveBase(path, real.toString());
            return new HostStat(Files.isDirectory(real), Files.isRegularFile(real), target);
        } catch (IOException e) {
            return null;
        }
    }

    /** The destination inside a container: the path itself, or its parent when it does not exist yet. */
    private record Destination(Stat stat, String baseName, boolean resolvedToParent) {}

    private static Destination destination(Rootfs fs, String container, String path, String workdir, boolean fromStdin) {
        Stat s = stat(fs, path, workdir);
        if (s.exists()) {
            return new Destination(s, base(s.linkTarget()), false);
        }
        if (path.endsWith("/")) {
            throw notOnContainer(path, container);
        }
        if (fromStdin) {
            throw new EngineException("destination must be a directory when copying from stdin");
        }
        // A link into nowhere names its target: that is what gets created.
        String missing = s.linkTarget();
        Stat parent = stat(fs, dir(missing), "/");
        if (!parent.exists()) {
            throw notOnContainer(path, container);
        }
        return new Destination(parent, base(missing), true);
    }

    private void toContainer(FilesEngine.CopyRequest r, InputStream stdin) throws IOException {
        boolean fromStdin = r.sourcePath().equals("-");
        HostStat host = null;
        if (!fromStdin) {
            host = hostStat(r.sourcePath());
            if (host == null) {
                throw notOnHost(r.sourcePath());
            }
        }
        Path spooled = null;
        try {
            if (fromStdin) {
                spooled = spoolArchive(stdin);
            }
            HostStat h = host;
            Path tar = spooled;
            withRoot(r.destContainer(), (row, root) -> {
                Destination d = destination(rootfs(row, root), r.destContainer(), r.destPath(), workdir(row), fromStdin);
                if (fromStdin && !d.stat().isDir()) {
                    throw new EngineException("destination must be a directory when copying from stdin");
                }
                if (h != null && h.isDir() && !d.stat().isDir()) {
                    throw new EngineException("destination must be a directory when copying a directory");
                }
                Users.Resolved owner = r.chown() ? Users.resolve(userOf(row), root) : null;
                Path into = d.stat().isDir() ? d.stat().host() : d.stat().host().getParent();
                String shownInto = d.stat().isDir() ? d.stat().linkTarget() : dir(d.stat().linkTarget());
                if (tar != null) {
                    try (InputStream in = Compression.decompress(new BufferedInputStream(Files.newInputStream(tar), 256 * 1024))) {
                        TarExtractor.check(in, new TarExtractor.Options(-1, -1, null, null, !r.overwrite(), false));
                    } catch (io.peapod.storage.StorageException | io.peapod.storage.LayerException e) {
                        throw new EngineException(e.getMessage());   // refused before anything is written
                    }
                    try (InputStream in = Compression.decompress(new BufferedInputStream(Files.newInputStream(tar), 256 * 1024))) {
                        extract(in, d.stat().root(), into, shownInto, owner, null, null, r.overwrite(), false, mappingOf(row));
                    }
                    return null;
                }
                String hostTarget = h.linkTarget();
                if (d.resolvedToParent() && h.isDir() && hostTarget.endsWith(".")) {
                    hostTarget = dir(hostTarget);
                }
                boolean keepDirName = h.isDir() && !base(hostTarget).equals(".");
                String from = hostTarget;
                String renameFrom = (!h.isDir() && !d.stat().isDir()) || d.resolvedToParent() ? base(from) : null;
                String renameTo = d.baseName();
                pipe(out -> archiveHost(from, keepDirName, out),
                        in -> extract(in, d.stat().root(), into, shownInto, owner, renameFrom, renameTo, r.overwrite(), false,
                                mappingOf(row)));
                return null;
            });
        } finally {
            if (spooled != null) {
                Files.deleteIfExists(spooled);
            }
        }
    }

    private static String userOf(ContainerRow row) {
        String u = Json.string(Json.object(row.config(), "container config").get("user"));
        return u == null || u.isEmpty() ? "0" : u;
    }

    /**
     * Standard input copied to a temporary file before anything is written to the container, as podman
     * does, so a stream that is not a tar archive is refused with nothing half-copied.
     */
    private static Path spoolArchive(InputStream stdin) throws IOException {
        String tmpdir = System.getenv("TMPDIR");
        Path dir = Path.of(tmpdir == null || tmpdir.isEmpty() ? "/var/tmp" : tmpdir);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "peapod-cp-", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                stdin.transferTo(out);
            }
            if (!isArchive(tmp)) {
                throw new EngineException("source must be a (compressed) tar archive when copying from stdin");
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Whether the file is a tar archive, compressed or not: its first header's magic and checksum. */
    static boolean isArchive(Path file) throws IOException {
        try (InputStream in = Compression.decompress(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512) {
                return false;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
            }
            String field = new String(header, 148, 8, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").strip();
            try {
                return !field.isEmpty() && Long.parseLong(field, 8) == sum;
            } catch (NumberFormatException e) {
                return false;
            }
        } catch (IOException e) {
            return false;   // a compressor's header that does not decode
        }
    }

    private void fromContainer(FilesEngine.CopyRequest r, OutputStream stdout) throws IOException {
        boolean toStdout = r.destPath().equals("-");
        withRoot(r.sourceContainer(), (row, root) -> {
            Rootfs fs = rootfs(row, root);
            Stat s = stat(fs, r.sourcePath(), workdir(row));
            if (!s.exists()) {
                throw notOnContainer(r.sourcePath(), r.sourceContainer());
            }
            if (toStdout) {
                OutputStream out = new BufferedOutputStream(stdout, 256 * 1024);
                archiveContainer(root, s, s.linkTarget(), out);
                out.flush();
                return null;
            }
            String hostPath = r.destPath();
            HostStat h = hostStat(hostPath);
            String hostBaseName;
            boolean resolvedToParent = false;
            if (h == null) {
                if (hostPath.endsWith("/")) {
                    throw notOnHost(hostPath);
                }
                h = hostStat(dir(hostPath));
                if (h == null) {
                    throw notOnHost(hostPath);
                }
                hostBaseName = base(hostPath);
                resolvedToParent = true;
            } else {
                hostBaseName = base(h.linkTarget());
            }
            if (!h.isDir() && !h.isRegular()) {
                throw new EngineException("invalid destination: \"" + h.linkTarget() + "\" must be a directory or a regular file");
            }
            String containerTarget = s.linkTarget();
            if (resolvedToParent && s.isDir() && containerTarget.endsWith(".")) {
                containerTarget = dir(containerTarget);
            }
            if (s.isDir() && !h.isDir()) {
                throw new EngineException("destination must be a directory when copying a directory");
            }
            Stat source = stat(fs, containerTarget, "/");
            String renameFrom = (!s.isDir() && !h.isDir()) || resolvedToParent ? base(containerTarget) : null;
            Path into = Path.of(h.isDir() ? h.linkTarget() : dir(h.linkTarget()));
            String target = containerTarget;
            pipe(out -> archiveContainer(root, source, target, out),
                    in -> extract(in, null, into, into.toString(), new Users.Resolved(io.peapod.sys.LibC.geteuid(), hostGid(), java.util.List.of()),
                            renameFrom, hostBaseName, r.overwrite(), true, null));
            return null;
        });
    }

    private static int hostGid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void betweenContainers(FilesEngine.CopyRequest r) throws IOException {
        withRoot(r.sourceContainer(), (srcRow, srcRoot) -> {
            Rootfs srcFs = rootfs(srcRow, srcRoot);
            Stat s = stat(srcFs, r.sourcePath(), workdir(srcRow));
            if (!s.exists()) {
                throw notOnContainer(r.sourcePath(), r.sourceContainer());
            }
            return withRoot(r.destContainer(), (row, root) -> {
                Destination d = destination(rootfs(row, root), r.destContainer(), r.destPath(), workdir(row), false);
                if (s.isDir() && !d.stat().isDir()) {
                    throw new EngineException("destination must be a directory when copying a directory");
                }
                String sourceTarget = s.linkTarget();
                if (d.resolvedToParent() && s.isDir() && r.sourcePath().endsWith(".")) {
                    sourceTarget = dir(sourceTarget);
                }
                Path into = d.stat().isDir() ? d.stat().host() : d.stat().host().getParent();
                String shownInto = d.stat().isDir() ? d.stat().linkTarget() : dir(d.stat().linkTarget());
                String renameFrom = (!s.isDir() && !d.stat().isDir()) || d.resolvedToParent() ? base(sourceTarget) : null;
                Users.Resolved owner = r.chown() ? Users.resolve(userOf(row), root) : null;
                Stat source = stat(srcFs, sourceTarget, "/");
                String target = sourceTarget;
                pipe(out -> archiveContainer(srcRoot, source, target, out),
                        in -> extract(in, d.stat().root(), into, shownInto, owner, renameFrom, d.baseName(), r.overwrite(), false,
                                mappingOf(row)));
                return null;
            });
        });
    }

    /**
     * The tar podman's copier makes of a container path: the directory itself with its name unless the
     * path ends in "/." (then only its contents), owners set to the calling user (names are the
     * container's), and the container's /dev, /proc and /sys left out.
     */
    private static void archiveContainer(Path root, Stat s, String containerTarget, OutputStream out) throws IOException {
        TreeArchiver.Owners names = TreeArchiver.ownersOf(root);
        TarWriter tar = new TarWriter(out);
        TreeArchiver archiver = new TreeArchiver(tar, names, false)
                .owner(io.peapod.sys.LibC.geteuid(), hostGid())
                .excluding(s.root(), java.util.List.of("dev", "proc", "sys"));
        boolean contents = s.isDir() && base(containerTarget).equals(".");
        archiver.write(s.host(), contents ? "" : base(s.linkTarget().endsWith("/.") ? dir(s.linkTarget()) : s.linkTarget()));
        tar.close();
    }

    /** The tar of a host path (podman's copier.Get from "/"): a directory with its name unless it ends in "/.". */
    private static void archiveHost(String hostTarget, boolean keepDirName, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        Path p = Path.of(hostTarget).normalize();
        new TreeArchiver(tar, hostOwners(), false).write(p, keepDirName || !Files.isDirectory(p) ? base(p.toString()) : "");
        tar.close();
    }

    private static TreeArchiver.Owners hostOwners() {
        return TreeArchiver.ownersOf(Path.of("/"));
    }

    /** The user namespace mapping of a destination container: what its ids are on the host; null for the host's. */
    private static io.peapod.storage.IdMapping mappingOf(ContainerRow row) {
        return UserNamespace.of(row).mapping();
    }

    /**
     * Unpacks a copy's archive. Owners (the container's user, or the archive's with {@code --archive=false}) are
     * ids as the destination container sees them; {@code mapping} turns them into host ids, as podman's copier does
     * with the container's id mappings (null for a destination in the host's user namespace).
     */
    private static void extract(InputStream in, Path containerRoot, Path into, String shownInto, Users.Resolved owner,
                                String renameFrom, String renameTo, boolean overwrite, boolean ignoreDevices,
                                io.peapod.storage.IdMapping mapping) throws IOException {
        if (containerRoot != null && !RootedPath.inside(containerRoot, into)) {
            throw new EngineException("refusing to copy outside the container's root: " + into);
        }
        TarExtractor.Options o = new TarExtractor.Options(owner == null ? -1 : owner.uid(), owner == null ? -1 : owner.gid(),
                renameFrom, renameTo, !overwrite, ignoreDevices, mapping);
        try {
            TarExtractor.extract(in, into, shownInto, o);
        } catch (io.peapod.storage.StorageException | io.peapod.storage.LayerException e) {
            throw new EngineException(e.getMessage());
        }
    }

    @FunctionalInterface
    interface Producer {
        void write(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    interface Consumer {
        void read(InputStream in) throws IOException;
    }

    /** Runs {@code producer} on a thread of its own, its output read by {@code consumer} on this one. */
    static void pipe(Producer producer, Consumer consumer) throws IOException {
        BytePipe pipe = new BytePipe();
        Throwable[] failed = new Throwable[1];
        Thread writer = Thread.ofPlatform().name("peapod-cp-archive").start(() -> {
            try {
                producer.write(pipe.sink);
                pipe.sink.close();
            } catch (BytePipe.Abandoned e) {
                // the reader failed: its error is the one reported
            } catch (Throwable e) {
                failed[0] = e;
                pipe.fail(e);   // no close: the reader must see the failure, not an end
            }
        });
        try {
            consumer.read(pipe.source);
            pipe.source.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            pipe.abandon();
            throw e;
        } finally {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failed[0] instanceof IOException io) {
            throw io;
        } else if (failed[0] instanceof RuntimeException re) {
            throw re;
        } else if (failed[0] != null) {
            throw new IOException(failed[0].toString(), failed[0]);
        }
    }

    static Map<String, Object> config(ContainerRow row) {
        return Json.object(row.config(), "container config");
    }
}

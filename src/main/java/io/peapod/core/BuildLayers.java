package io.peapod.core;

import io.peapod.build.BuildContext;
import io.peapod.build.CopyEntry;
import io.peapod.engine.BuildEngine;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;
import io.peapod.engine.MountRequest;
import io.peapod.engine.NetworkRequest;
import io.peapod.state.ContainerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.LayerDiff;
import io.peapod.storage.RootedPath;
import io.peapod.storage.TarExtractor;
import io.peapod.storage.TreeArchiver;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The steps of a build that change files, each in a working container of the step's parent image: RUN runs
 * the command in it through the same path as {@code run} (conmon, the runtime, the container's log streamed
 * to the user); COPY/ADD write into its mounted root (paths resolved inside it as if chrooted, never through
 * a link out of it); WORKDIR creates its directory. The container's changes (what {@code diff} lists) are
 * spooled into a layer tar; the container is always removed. A stage from {@code scratch} has no image to
 * make a container of: its COPY writes into an empty directory whose whole tree is the layer.
 */
final class BuildLayers {
    private static final Set<PosixFilePermission> NONE = EnumSet.noneOf(PosixFilePermission.class);

    private final ContainerService containers;
    private final ImageService images;
    private final BuildEngine.BuildRequest request;

    BuildLayers(ContainerService containers, ImageService images, BuildEngine.BuildRequest request) {
        this.containers = containers;
        this.images = images;
        this.request = request;
    }

    /** RUN: the layer tar of what the command changed; an {@link EngineException} with its exit code when it fails. */
    /** A {@code RUN --mount=type=bind,from=...}: {@code source} inside {@code image}'s root at {@code target}. */
    record FromMount(String image, String source, String target, boolean readOnly) {}

    /** RUN with bind mounts from other images: each image's root is mounted (a working container) meanwhile. */
    Path run(BuildState state, List<String> argv, Map<String, String> env, List<MountRequest> mounts,
             List<FromMount> fromMounts, String stepText, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (fromMounts.isEmpty()) {
            return run(state, argv, env, mounts, stepText, out, err);
        }
        FromMount m = fromMounts.getFirst();
        String source = create(m.image());
        return using(source, () -> new ContainerFiles(containers).withRoot(source, (row, root) -> {
            Path host = RootedPath.resolve(root, m.source().isEmpty() ? "/" : m.source(), true).host();
            if (!Files.exists(host)) {
                throw new EngineException("building at STEP \"" + stepText + "\": " + m.source() + ": no such file or directory");
            }
            List<MountRequest> more = new ArrayList<>(mounts);
            more.add(new MountRequest(MountRequest.BIND, host.toString(), m.target(), m.readOnly() ? List.of("ro") : List.of()));
            try {
                return run(state, argv, env, more, fromMounts.subList(1, fromMounts.size()), stepText, out, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }));
    }

    Path run(BuildState state, List<String> argv, Map<String, String> env, List<MountRequest> mounts, String stepText,
             PrintStream out, PrintStream err) throws IOException, InterruptedException {
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        List<MountRequest> all = new ArrayList<>(request.volumes());
        all.addAll(mounts);
        String id = containers.create(new ContainerCreateSpec(state.imageId(), "", argv, List.of(), envList,
                state.config().workingDir(), userOf(state), "", Map.of(), false, "", 10, network(), false, false,
                all, false, false, Map.of(), request.ulimits(), false,
                ContainerCreateSpec.LogConfig.DEFAULT, ContainerCreateSpec.RestartPolicy.NONE, ""));
        return using(id, () -> {
            int code = containers.startAttached(id, out, err);
            if (code != 0) {
                throw new EngineException("building at STEP \"" + stepText + "\": while running runtime: exit status " + code, code);
            }
            Set<String> made = new java.util.HashSet<>();   // directories the runtime made only to hold a mount point
            for (MountRequest m : all) {
                for (String p = parentOf(m.destination()); !p.equals("/"); p = parentOf(p)) {
                    made.add(p);
                }
            }
            return diff(id, false, made);
        });
    }

    private static String parentOf(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code body} with the working container {@code id}, then removes it; interrupted (Ctrl-C, SIGTERM),
     * the build still removes it from a shutdown hook, so no working container outlives the build.
     */
    private <T> T using(String id, Body<T> body) throws IOException, InterruptedException {
        Thread hook = new Thread(() -> {
            try {
                remove(id);
            } catch (InterruptedException | RuntimeException e) {
                // the next look at the store finds it; nothing more can be done while shutting down
            }
        }, "peapod-build-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run();
        } finally {
            boolean shuttingDown = false;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                shuttingDown = true;   // the hook removes it
            }
            if (!shuttingDown) {
                remove(id);
            }
        }
    }

    /** COPY/ADD from the build context. */
    Path copy(BuildState state, List<CopyEntry> entries, String dest, String chown, String chmod, boolean add)
            throws IOException, InterruptedException {
        return inRoot(state, (root, workdir) -> {
            write(root, workdir, entries, dest, chown, chmod, add);
            return true;
        });
    }

    /** A COPY --from's layer and the entries it copied (whose digest names the content in the history). */
    record Copied(Path tar, String summary) {}

    /** COPY --from: the sources read from another image's root (resolved inside it). */
    Copied copyFromImage(BuildState state, String image, List<String> sources, String dest, String chown, String chmod,
                       String stepText) throws IOException, InterruptedException {
        String source = create(image);
        try {
            return new ContainerFiles(containers).withRoot(source, (row, srcRoot) -> {
                List<CopyEntry> entries = new ArrayList<>();
                boolean toDir = dest.endsWith("/") || sources.size() > 1;
                for (String s : sources) {
                    RootedPath.Resolved r = RootedPath.resolve(srcRoot, s, true);
                    if (!Files.exists(r.host(), LinkOption.NOFOLLOW_LINKS)) {
                        throw new EngineException("building at STEP \"" + stepText + "\": checking on sources under \""
                                + srcRoot + "\": copier: stat: \"" + (s.startsWith("/") ? s : "/" + s)
                                + "\": no such file or directory");
                    }
                    if (Files.isDirectory(r.host(), LinkOption.NOFOLLOW_LINKS)) {
                        try (Stream<Path> walk = Files.walk(r.host())) {
                            for (Path p : walk.sorted().toList()) {
                                if (p.equals(r.host())) {
                                    continue;
                                }
                                entries.add(new CopyEntry(p, r.host().relativize(p).toString(), typeOf(p)));
                            }
                        }
                    } else {
                        entries.add(new CopyEntry(r.host(), toDir ? r.host().getFileName().toString() : "", typeOf(r.host())));
                    }
                }
                try {
                    String summary = BuildService.contentSummary(entries);
                    return new Copied(inRoot(state, (root, workdir) -> {
                        write(root, workdir, entries, dest, chown, chmod, false);
                        return true;
                    }), summary);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            });
        } finally {
            remove(source);
        }
    }

    /** WORKDIR: the layer that creates the directory, or null when it is there already. */
    Path mkdir(BuildState state, String dir) throws IOException, InterruptedException {
        return inRoot(state, (root, workdir) -> {
            Path host = RootedPath.resolve(root, dir, true).host();
            if (Files.isDirectory(host)) {
                return false;
            }
            Files.createDirectories(host);
            return true;
        });
    }

    /**
     * One layer holding what {@code image} has over {@code base} (the whole filesystem when {@code base} is
     * null), read from a working container's mounted root.
     */
    Path squashedLayer(String image, String base) throws IOException, InterruptedException {
        String id = create(image);
        try {
            List<FilesEngine.Change> changes = base == null ? null
                    : new FilesystemChanges(containers, images).diff(image, base);
            return new ContainerFiles(containers).withRoot(id, (row, root) -> {
                Path tar = Files.createTempFile(BuildService.tempDir(), "peapod-build-", ".tar");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024)) {
                    if (changes == null) {
                        TarWriter w = new TarWriter(out);
                        new TreeArchiver(w, TreeArchiver.Owners.NONE, true).write(root, "");
                        w.close();
                    } else {
                        List<LayerDiff.Change> entries = new ArrayList<>();
                        for (FilesEngine.Change c : changes) {
                            entries.add(new LayerDiff.Change(c.kind(), c.path()));
                        }
                        LayerDiff.write(root, entries, out);
                    }
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(tar);
                    throw e;
                }
                return tar;
            });
        } finally {
            remove(id);
        }
    }

    @FunctionalInterface
    private interface RootOp {
        /** Changes the root; false when it changed nothing (no layer then). */
        boolean apply(Path root, String workdir) throws IOException;
    }

    private Path inRoot(BuildState state, RootOp op) throws IOException, InterruptedException {
        String workdir = state.config().workingDir();
        if (state.imageId() == null) {
            Path root = Files.createTempDirectory(BuildService.tempDir(), "peapod-scratch-");
            try {
                op.apply(root, workdir);
                Path tar = Files.createTempFile(BuildService.tempDir(), "peapod-build-", ".tar");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024)) {
                    TarWriter w = new TarWriter(out);
                    new TreeArchiver(w, TreeArchiver.Owners.NONE, true).write(root, "");
                    w.close();
                }
                return tar;
            } finally {
                deleteTree(root);
            }
        }
        String id = create(state.imageId());
        return using(id, () -> {
            boolean changed = new ContainerFiles(containers).withRoot(id, (row, root) -> op.apply(root, workdir));
            return changed ? diff(id, true) : null;
        });
    }

    /** A working container of {@code image} that is never started (its root is written to directly). */
    private String create(String image) {
        return containers.create(new ContainerCreateSpec(image, "", List.of("/bin/sh"), List.of(), List.of(), "", "", "",
                Map.of(), false, "", 10, NetworkRequest.of(NetworkRequest.Mode.NONE, ""), false, false));
    }

    private void remove(String id) throws InterruptedException {
        if (containers.findOrNull(id) != null) {
            containers.removeContainer(id, true, true);
        }
    }

    private NetworkRequest network() {
        return switch (request.network()) {
            case "host" -> NetworkRequest.of(NetworkRequest.Mode.HOST, "");
            case "none" -> NetworkRequest.of(NetworkRequest.Mode.NONE, "");
            default -> NetworkRequest.DEFAULT;
        };
    }

    private static String userOf(BuildState state) {
        Object u = state.config().inner().get("User");
        return u == null ? "" : String.valueOf(u);
    }

    /** The container's changes as a layer tar (null when {@code skipEmpty} and nothing changed). */
    private Path diff(String id, boolean skipEmpty) throws IOException {
        return diff(id, skipEmpty, Set.of());
    }

    /**
     * As above; an added directory in {@code mountParents} is left out when nothing else was added under it
     * (the runtime made it for a RUN mount's destination, which {@code diff} already hides).
     */
    private Path diff(String id, boolean skipEmpty, Set<String> mountParents) throws IOException {
        ContainerRow row = containers.find(id);
        List<FilesEngine.Change> all = new FilesystemChanges(containers, images).containerDiff(row);
        List<FilesEngine.Change> changes = new ArrayList<>();
        for (FilesEngine.Change c : all) {
            if (c.kind().equals("A") && mountParents.contains(c.path())
                    && all.stream().noneMatch(o -> o.path().startsWith(c.path() + "/") && !mountParents.contains(o.path()))) {
                continue;
            }
            changes.add(c);
        }
        if (skipEmpty && changes.isEmpty()) {
            return null;
        }
        List<LayerDiff.Change> entries = new ArrayList<>();
        for (FilesEngine.Change c : changes) {
            entries.add(new LayerDiff.Change(c.kind(), c.path()));
        }
        Path top = new ContainerLayers(containers.store()).dir(id).resolve("diff");
        Path tar = Files.createTempFile(BuildService.tempDir(), "peapod-build-", ".tar");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024)) {
            LayerDiff.write(top, entries, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tar);
            throw e;
        }
        return tar;
    }

    // ---- writing COPY/ADD entries into a root -------------------------------------------------------

    private static void write(Path root, String workdir, List<CopyEntry> entries, String dest, String chown,
                              String chmod, boolean add) throws IOException {
        String destPath = dest.startsWith("/") ? dest : (workdir.endsWith("/") ? workdir : workdir + "/") + dest;
        long[] owner = owner(root, chown);
        Integer mode = chmod == null || chmod.isEmpty() ? null : Integer.parseInt(chmod, 8);
        boolean destIsDir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.") || entries.isEmpty()
                || entries.stream().anyMatch(e -> !e.target().isEmpty() || e.type() == CopyEntry.Type.ARCHIVE);
        Path destHost = RootedPath.resolve(root, destPath, true).host();
        if (destIsDir) {
            if (!Files.isDirectory(destHost)) {
                Files.createDirectories(destHost);
                chown(destHost, owner);
            }
        } else if (Files.isDirectory(destHost)) {
            // buildah: a file copied onto an existing directory goes into it under its own name
            destPath = strip(destPath) + "/" + entries.getFirst().source().getFileName();
        }
        for (CopyEntry e : entries) {
            if (e.type() == CopyEntry.Type.ARCHIVE) {
                try (InputStream in = new BufferedInputStream(BuildContext.openArchive(e.source()))) {
                    TarExtractor.extract(in, destHost, destPath, new TarExtractor.Options(-1, -1, null, null, false, false));
                }
                continue;
            }
            String path = e.target().isEmpty() ? destPath : strip(destPath) + "/" + e.target();
            String parent = path.substring(0, Math.max(1, strip(path).lastIndexOf('/')));
            Path parentHost = RootedPath.resolve(root, parent, true).host();
            Files.createDirectories(parentHost);
            Path host = RootedPath.resolve(root, path, false).host();
            switch (e.type()) {
                case DIRECTORY -> {
                    if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(host);
                        Files.createDirectory(host);
                    }
                    Files.setPosixFilePermissions(host, perms(mode != null ? mode : modeOf(e.source())));
                    chown(host, owner);
                    Files.setLastModifiedTime(host, Files.getLastModifiedTime(e.source()));
                }
                case SYMLINK -> {
                    deleteNonDir(host);
                    Files.createSymbolicLink(host, Files.readSymbolicLink(e.source()));
                    chown(host, owner);
                }
                case ARCHIVE -> throw new IllegalStateException("handled above");
                case FILE -> {
                    deleteNonDir(host);
                    Files.copy(e.source(), host, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    Files.setPosixFilePermissions(host, perms(mode != null ? mode : modeOf(e.source())));
                    chown(host, owner);
                    Files.setLastModifiedTime(host, FileTime.from(Files.getLastModifiedTime(e.source()).toInstant()));
                }
            }
        }
    }

    private static String strip(String p) {
        String s = p;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static void deleteNonDir(Path host) throws IOException {
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new EngineException("copier: put: error creating \"" + host.getFileName() + "\": file exists");
        }
        Files.deleteIfExists(host);
    }

    private static CopyEntry.Type typeOf(Path p) {
        return Files.isSymbolicLink(p) ? CopyEntry.Type.SYMLINK
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? CopyEntry.Type.DIRECTORY : CopyEntry.Type.FILE;
    }

    private static int modeOf(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.copyOf(NONE);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private static void chown(Path p, long[] owner) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) owner[0], LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) owner[1], LinkOption.NOFOLLOW_LINKS);
    }

    /** {@code --chown=user[:group]}: numbers, or names from the root's /etc/passwd and /etc/group; 0:0 by default. */
    static long[] owner(Path root, String chown) throws IOException {
        if (chown == null || chown.isEmpty()) {
            return new long[]{0, 0};
        }
        String[] ug = chown.split(":", 2);
        long uid = id(root, "/etc/passwd", ug[0], 2);
        long gid;
        if (ug.length > 1) {
            gid = id(root, "/etc/group", ug[1], 2);
        } else if (ug[0].matches("\\d+")) {
            gid = uid;
        } else {
            gid = field(root, "/etc/passwd", ug[0], 3);
        }
        return new long[]{uid, gid};
    }

    private static long id(Path root, String file, String name, int column) throws IOException {
        if (name.matches("\\d+")) {
            return Long.parseLong(name);
        }
        long v = field(root, file, name, column);
        if (v < 0) {
            throw new EngineException("looking up UID/GID for \"" + name + "\": unable to find user " + name
                    + ": no matching entries in passwd file");
        }
        return v;
    }

    private static long field(Path root, String file, String name, int column) throws IOException {
        Path f = RootedPath.resolve(root, file, true).host();
        if (!Files.isRegularFile(f)) {
            return -1;
        }
        for (String line : Files.readAllLines(f)) {
            String[] parts = line.split(":");
            if (parts.length > column && parts[0].equals(name)) {
                return Long.parseLong(parts[column]);
            }
        }
        return -1;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

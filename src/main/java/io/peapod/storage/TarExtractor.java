package io.peapod.storage;

import io.peapod.storage.tar.TarEntry;
import io.peapod.storage.tar.TarReader;
import io.peapod.sys.LibC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a tar stream into an existing directory for {@code cp}: unlike {@link LayerApplier} it knows
 * nothing of whiteouts ({@code .wh.*} files are plain files here), it can give every file one owner,
 * rename the top member, and refuse to replace a directory with a file or the other way round.
 *
 * <p>The safety rules are the layers' ({@link PathSafety}): a member name that climbs above the
 * destination with {@code ..} is refused, and so is one whose parent is a symlink, whether the link was
 * already there or came earlier in the same archive. Leading {@code /} are dropped, as tar does. A
 * file is always created afresh ({@code O_EXCL}), so no existing link is followed when writing it.
 */
public final class TarExtractor {
    /**
     * @param uid           the owner every member gets, or -1 to keep the archive's
     * @param gid           likewise for the group
     * @param renameFrom    the top-level name to rename (a file copied under another name), or null
     * @param renameTo      what it becomes
     * @param noOverwriteDirNonDir refuse to replace a directory by a non-directory and vice versa
     * @param ignoreDevices skip device nodes (the host side of a copy, as podman)
     * @param mapping       the destination's user namespace: owners (given or the archive's) are ids inside it and
     *                      are written as the host ids it maps them to; null when the ids are the host's
     */
    public record Options(long uid, long gid, String renameFrom, String renameTo,
                          boolean noOverwriteDirNonDir, boolean ignoreDevices, IdMapping mapping) {
        public Options(long uid, long gid, String renameFrom, String renameTo, boolean noOverwriteDirNonDir,
                       boolean ignoreDevices) {
            this(uid, gid, renameFrom, renameTo, noOverwriteDirNonDir, ignoreDevices, null);
        }

        /** The host uid of {@code uid} inside; podman's copier refuses an id the mapping does not reach. */
        int hostUid(long uid) {
            return toHost(uid, mapping == null ? uid : mapping.hostUid(uid));
        }

        int hostGid(long gid) {
            return toHost(gid, mapping == null ? gid : mapping.hostGid(gid));
        }

        private static int toHost(long inside, long host) {
            if (host < 0) {
                throw new StorageException("container ID " + inside + " cannot be mapped to a host ID");
            }
            return (int) host;
        }
    }

    private final Path dest;
    private final Options options;
    /** The destination as the user named it, for messages ("/tmp/e2" rather than the host path). */
    private final String shownDest;
    private final List<Object[]> dirTimes = new ArrayList<>();

    private TarExtractor(Path dest, String shownDest, Options options) {
        this.dest = dest;
        this.shownDest = shownDest;
        this.options = options;
    }

    /** Unpacks all of {@code tar} (uncompressed) into the directory {@code dest}. */
    public static void extract(InputStream tar, Path dest, String shownDest, Options options) throws IOException {
        new TarExtractor(dest, shownDest, options).run(tar);
    }

    /**
     * Reads a whole archive without writing anything and refuses it as {@link #extract} would for its
     * names: one that climbs out, or one below a symlink the archive itself makes. A stream spooled to a
     * file is checked first, so a hostile archive is refused before any of it is written.
     */
    public static void check(InputStream tar, Options options) throws IOException {
        TarExtractor probe = new TarExtractor(null, "", options);
        java.util.Set<String> links = new java.util.HashSet<>();
        TarReader reader = new TarReader(tar, null);
        TarEntry e;
        while ((e = reader.next()) != null) {
            String rel = probe.relative(e.name());
            String[] parts = rel.split("/");
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                prefix.append(i == 0 ? "" : "/").append(parts[i]);
                if (links.contains(prefix.toString())) {
                    throw new StorageException("refusing to write \"" + rel + "\": it passes through the symlink \"" + prefix + "\"");
                }
            }
            if (e.type() == TarEntry.SYMLINK) {
                links.add(rel);
            } else {
                links.remove(rel);   // replaced by what comes later under the same name
            }
            if (e.type() == TarEntry.HARDLINK) {
                probe.relative(e.linkName());
            }
        }
        reader.finish();
    }

    private void run(InputStream in) throws IOException {
        TarReader reader = new TarReader(in, null);
        TarEntry e;
        while ((e = reader.next()) != null) {
            apply(reader, e);
        }
        reader.finish();
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Object[] d = dirTimes.get(i);
            LibC.lutimes((Path) d[0], (Long) d[1], (Integer) d[2], (Long) d[1], (Integer) d[2]);
        }
    }

    /** The member's path below the destination: leading slashes dropped, cleaned, refused if it climbs out. */
    String relative(String name) {
        String n = name;
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        String rel = PathSafety.clean(n);
        if (options.renameFrom() != null && !rel.isEmpty()) {
            int slash = rel.indexOf('/');
            String first = slash < 0 ? rel : rel.substring(0, slash);
            if (first.equals(options.renameFrom())) {
                rel = options.renameTo() + (slash < 0 ? "" : rel.substring(slash));
            }
        }
        return rel;
    }

    private void apply(TarReader reader, TarEntry e) throws IOException {
        String rel = relative(e.name());
        if (rel.isEmpty()) {
            return;   // "./": the destination itself keeps its owner and mode (a /tmp stays 1777)
        }
        if ((e.type() == TarEntry.CHAR || e.type() == TarEntry.BLOCK) && options.ignoreDevices()) {
            return;
        }
        Path target = placeFor(rel);
        BasicFileAttributes existing = attributes(target);
        String shown = shownDest.endsWith("/") ? shownDest + rel : shownDest + "/" + rel;
        if (e.isDirectory()) {
            if (existing != null && !existing.isDirectory()) {
                if (options.noOverwriteDirNonDir()) {
                    throw new StorageException("copier: put: error creating \"" + shown + "\": mkdir " + shown + ": file exists");
                }
                Files.delete(target);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(target);
            }
            setMetadata(target, e);
            return;
        }
        if (existing != null) {
            if (existing.isDirectory()) {
                if (options.noOverwriteDirNonDir()) {
                    throw new StorageException("copier: put: error creating \"" + shown + "\": " + shown
                            + " exists and is a directory");
                }
                LayerApplier.deleteTree(target);
            } else {
                Files.delete(target);
            }
        }
        switch (e.type()) {
            case TarEntry.SYMLINK -> Files.createSymbolicLink(target, Path.of(e.linkName()));
            case TarEntry.HARDLINK -> {
                Path linked = placeFor(relative(e.linkName()));
                BasicFileAttributes a = attributes(linked);
                if (a == null || a.isDirectory()) {
                    throw new StorageException("hardlink \"" + rel + "\" points to \"" + e.linkName()
                            + "\", which is not in the archive");
                }
                Files.createLink(target, linked);
                return;
            }
            case TarEntry.CHAR -> LibC.mknod(target, LibC.S_IFCHR | (e.mode() & 07777), e.devMajor(), e.devMinor());
            case TarEntry.BLOCK -> LibC.mknod(target, LibC.S_IFBLK | (e.mode() & 07777), e.devMajor(), e.devMinor());
            case TarEntry.FIFO -> LibC.mknod(target, LibC.S_IFIFO | (e.mode() & 07777), 0, 0);
            default -> {
                if (!e.isRegular()) {
                    throw new StorageException("unsupported tar entry type '" + (char) e.type() + "' for " + rel);
                }
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    reader.payload().transferTo(out);
                }
            }
        }
        setMetadata(target, e);
    }

    /**
     * {@code dest/rel} with its parent directories in place: missing ones are created, and a parent
     * that is a symlink or not a directory is refused, so nothing is written through a link.
     */
    private Path placeFor(String rel) throws IOException {
        String[] parts = rel.split("/");
        Path current = dest;
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            BasicFileAttributes a = attributes(current);
            if (a == null) {
                Files.createDirectory(current);
                LibC.lchown(current, options.hostUid(Math.max(options.uid(), 0)), options.hostGid(Math.max(options.gid(), 0)));
            } else if (a.isSymbolicLink()) {
                throw new StorageException("refusing to write \"" + rel + "\": it passes through the symlink \""
                        + String.join("/", java.util.Arrays.copyOf(parts, i + 1)) + "\"");
            } else if (!a.isDirectory()) {
                throw new StorageException("refusing to write \"" + rel + "\": \""
                        + String.join("/", java.util.Arrays.copyOf(parts, i + 1)) + "\" is not a directory");
            }
        }
        Path target = dest.resolve(rel);
        if (!RootedPath.inside(dest, target)) {
            throw new StorageException("refusing path \"" + rel + "\": it leads outside the destination");
        }
        // Once more on the real path: a running container may have swapped a directory for a link since
        // the walk above (this narrows that window; it cannot close it as a chroot would).
        if (!current.toRealPath().startsWith(realDest())) {
            throw new StorageException("refusing to write \"" + rel + "\": its directory left the destination");
        }
        return target;
    }

    private Path realDest;

    private Path realDest() throws IOException {
        if (realDest == null) {
            realDest = dest.toRealPath();
        }
        return realDest;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void setMetadata(Path target, TarEntry e) {
        long uid = options.uid() >= 0 ? options.uid() : e.uid();
        long gid = options.gid() >= 0 ? options.gid() : e.gid();
        LibC.lchown(target, options.hostUid(uid), options.hostGid(gid));
        for (var x : e.xattrs().entrySet()) {
            try {
                LibC.lsetxattr(target, x.getKey(), x.getValue());
            } catch (RuntimeException ignored) {
                // an attribute the destination cannot hold (e.g. trusted.* without privileges): as podman, copy on
            }
        }
        if (e.type() != TarEntry.SYMLINK) {
            LibC.chmod(target, e.mode() & 07777);   // after chown, which clears setuid/setgid
        }
        if (e.isDirectory()) {
            dirTimes.add(new Object[] {target, e.mtimeSeconds(), e.mtimeNanos()});
        } else {
            LibC.lutimes(target, e.mtimeSeconds(), e.mtimeNanos(), e.mtimeSeconds(), e.mtimeNanos());
        }
    }
}

package io.peapod.storage;

import io.peapod.storage.tar.TarEntry;
import io.peapod.storage.tar.TarReader;
import io.peapod.storage.tar.TarSkeleton;
import io.peapod.sys.LibC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Unpacks one layer tar into a directory: regular files, directories, hardlinks, symlinks, device
 * nodes, fifos, ownership, full modes (setuid/setgid/sticky), extended attributes and mtimes.
 *
 * <p>Whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) are either turned into overlayfs' own
 * markers (a 0/0 character device, the {@code trusted.overlay.opaque} xattr) when the directory is
 * an overlay layer, or carried out (deleting what they hide) when it is a full vfs snapshot.
 *
 * <p>No entry may land outside the root: absolute names, {@code ..} that climbs out, and paths that
 * pass through a symlink are refused with {@link LayerException}.
 */
public final class LayerApplier {
    public enum Whiteouts { OVERLAY, DELETE }

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path root;
    private final Whiteouts whiteouts;
    private final TarSkeleton skeleton;
    private final Set<String> writtenHere = new HashSet<>();
    /** Directories holding something this layer wrote, also when the tar has no entry for them. */
    private final Set<String> writtenBelow = new HashSet<>();
    private final List<TimedDir> dirTimes = new ArrayList<>();
    /**
     * Directories (relative to the root) this applier has seen to be real directories, not symlinks:
     * checked once, not for every entry below them. Every ancestor of one is in the set too, and
     * whatever this applier removes leaves it with all its descendants ({@link #forget}).
     */
    private final Set<String> realDirs = new HashSet<>();

    private record TimedDir(Path dir, long sec, int nsec) {}

    private LayerApplier(Path root, Whiteouts whiteouts, TarSkeleton skeleton) {
        this.root = root;
        this.whiteouts = whiteouts;
        this.skeleton = skeleton;
    }

    /**
     * Applies the uncompressed tar {@code tar} onto {@code root}, writing its skeleton to
     * {@code skeletonOut} (may be null). The whole stream is consumed.
     */
    public static void apply(InputStream tar, Path root, Whiteouts whiteouts, OutputStream skeletonOut)
            throws IOException {
        TarSkeleton skeleton = skeletonOut == null ? null : new TarSkeleton(skeletonOut);
        new LayerApplier(root, whiteouts, skeleton).run(tar);
        if (skeleton != null) {
            skeleton.finish();
        }
    }

    private void run(InputStream tar) throws IOException {
        TarReader reader = new TarReader(tar, skeleton != null ? skeleton : (b, o, l) -> { });
        TarEntry e;
        while ((e = reader.next()) != null) {
            applyEntry(reader, e);
        }
        reader.finish();
        // Directory mtimes last: adding children changed them.
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            TimedDir d = dirTimes.get(i);
            LibC.lutimes(d.dir(), d.sec(), d.nsec(), d.sec(), d.nsec());
        }
    }

    private void applyEntry(TarReader reader, TarEntry e) throws IOException {
        String rel = PathSafety.clean(e.name());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        if (base.startsWith(WHITEOUT)) {
            applyWhiteout(rel, base);
            return;
        }
        Path target = rel.isEmpty() ? root : placeFor(rel);
        if (e.isDirectory()) {
            if (!rel.isEmpty() && !realDirs.contains(rel)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    removeExisting(rel, target);
                    Files.createDirectory(target);
                }
                realDirs.add(rel);
            }
        } else {
            removeExisting(rel, target);
            switch (e.type()) {
                case TarEntry.SYMLINK -> Files.createSymbolicLink(target, Path.of(e.linkName()));
                case TarEntry.HARDLINK -> {
                    Path existing = PathSafety.resolve(root, PathSafety.clean(e.linkName()));
                    if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new LayerException("hardlink " + rel + " points to " + e.linkName()
                                + ", which is not in the layer");
                    }
                    Files.createLink(target, existing);
                    markWritten(rel);
                    return;   // a hardlink shares its target's inode: nothing more to set
                }
                case TarEntry.CHAR -> LibC.mknod(target, LibC.S_IFCHR | (e.mode() & 07777), e.devMajor(), e.devMinor());
                case TarEntry.BLOCK -> LibC.mknod(target, LibC.S_IFBLK | (e.mode() & 07777), e.devMajor(), e.devMinor());
                case TarEntry.FIFO -> LibC.mknod(target, LibC.S_IFIFO | (e.mode() & 07777), 0, 0);
                default -> {
                    if (!e.isRegular()) {
                        throw new LayerException("unsupported tar entry type '" + (char) e.type() + "' for " + rel);
                    }
                    if (skeleton != null) {
                        skeleton.file(rel, e.size());
                    }
                    try (OutputStream out = Files.newOutputStream(target)) {
                        reader.payload().transferTo(out);
                    }
                }
            }
        }
        markWritten(rel);
        setMetadata(target, e);
    }

    /**
     * {@code root/rel} with every parent directory of it in place: created when missing, refused when
     * one is a symlink (so nothing is written through a link to somewhere else, as
     * {@link PathSafety#resolve}) or not a directory.
     */
    private Path placeFor(String rel) throws IOException {
        ensureDirectory(parentOf(rel), rel);
        return root.resolve(rel);
    }

    private void ensureDirectory(String dirRel, String forRel) throws IOException {
        if (dirRel.isEmpty() || realDirs.contains(dirRel)) {
            return;
        }
        ensureDirectory(parentOf(dirRel), forRel);
        Path dir = root.resolve(dirRel);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            Files.createDirectory(dir);
            realDirs.add(dirRel);
            return;
        }
        if (a.isSymbolicLink()) {
            throw new LayerException("refusing path \"" + forRel + "\": it passes through the symlink \"" + dirRel + "\"");
        }
        if (!a.isDirectory()) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        realDirs.add(dirRel);
    }

    /** {@code rel} is gone: neither it nor anything below it is known to be a directory any more. */
    private void forget(String rel) {
        if (realDirs.remove(rel)) {
            String below = rel + "/";
            realDirs.removeIf(d -> d.startsWith(below));
        }
    }

    private void setMetadata(Path target, TarEntry e) {
        boolean symlink = e.type() == TarEntry.SYMLINK;
        LibC.lchown(target, (int) e.uid(), (int) e.gid());
        for (var x : e.xattrs().entrySet()) {
            LibC.lsetxattr(target, x.getKey(), x.getValue());
        }
        if (!symlink) {
            // After chown: chown clears setuid/setgid, so the full mode goes on last.
            LibC.chmod(target, e.mode() & 07777);
        }
        if (e.isDirectory()) {
            dirTimes.add(new TimedDir(target, e.mtimeSeconds(), e.mtimeNanos()));
        } else {
            LibC.lutimes(target, e.mtimeSeconds(), e.mtimeNanos(), e.mtimeSeconds(), e.mtimeNanos());
        }
    }

    private void applyWhiteout(String rel, String base) throws IOException {
        String dirRel = parentOf(rel);
        Path dir = dirRel.isEmpty() ? root : PathSafety.resolve(root, dirRel);
        if (base.equals(OPAQUE)) {
            if (whiteouts == Whiteouts.OVERLAY) {
                Files.createDirectories(dir);
                LibC.lsetxattr(dir, "trusted.overlay.opaque", new byte[] {'y'});
            } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // Hide everything the lower layers put here, but keep what this layer already wrote.
                hideLowerEntries(dir, dirRel);
            }
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            return;   // other AUFS metadata (.wh..wh.plnk, ...): not part of the image's contents
        }
        String hiddenName = base.substring(WHITEOUT.length());
        String hiddenRel = dirRel.isEmpty() ? hiddenName : dirRel + "/" + hiddenName;
        Path hidden = PathSafety.resolve(root, PathSafety.clean(hiddenRel));
        if (whiteouts == Whiteouts.OVERLAY) {
            Files.createDirectories(dir);
            removeExisting(hiddenRel, hidden);
            LibC.mknod(hidden, LibC.S_IFCHR, 0, 0);
        } else {
            forget(hiddenRel);
            deleteTree(hidden);
        }
    }

    private void markWritten(String rel) {
        writtenHere.add(rel);
        for (String p = parentOf(rel); !p.isEmpty() && writtenBelow.add(p); p = parentOf(p)) {
            // every ancestor now holds something of this layer
        }
    }

    /** Deletes what lower layers left under {@code dir}, descending into directories this layer also wrote to. */
    private void hideLowerEntries(Path dir, String dirRel) throws IOException {
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                String childRel = dirRel.isEmpty() ? child.getFileName().toString()
                        : dirRel + "/" + child.getFileName();
                if ((writtenHere.contains(childRel) || writtenBelow.contains(childRel))
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    hideLowerEntries(child, childRel);
                } else if (!writtenHere.contains(childRel)) {
                    forget(childRel);
                    deleteTree(child);
                }
            }
        }
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /**
     * Removes what is at {@code rel} ({@code p}), a directory with all it holds. The plain delete comes
     * first: it is one look-up when nothing is there, the usual case.
     */
    private void removeExisting(String rel, Path p) throws IOException {
        forget(rel);
        try {
            Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException full) {
            deleteTree(p);
        }
    }

    /** Deletes a file or a directory tree without following symlinks. */
    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) {
                    deleteTree(c);
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                return;   // removed meanwhile: what a delete wanted
            }
        }
        Files.deleteIfExists(p);
    }
}

package io.peapod.storage;

import io.peapod.storage.tar.TarEntry;
import io.peapod.storage.tar.TarWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tree of files as tar members, with what a copy or an export must keep: owners, full
 * modes, mtimes, symlinks, hardlinks (by inode) and device nodes. Nothing is followed: a symlink in
 * the tree goes into the tar as a symlink. Sockets are skipped, as tar does.
 *
 * <p>Metadata is read with the JDK's "unix" attribute view, so archiving makes no native call; the
 * extended attributes of a layer diff are read by the caller that needs them ({@link LayerDiff}).
 */
public final class TreeArchiver {
    /** User and group names for the tar headers; null when the id has none. */
    public interface Owners {
        String user(long uid);

        String group(long gid);

        Owners NONE = new Owners() {
            @Override
            public String user(long uid) {
                return null;
            }

            @Override
            public String group(long gid) {
                return null;
            }
        };
    }

    private final TarWriter tar;
    private final Owners owners;
    private final boolean slashDirs;
    private final Map<Object, String> linksSeen = new HashMap<>();
    private long ownerUid = -1, ownerGid = -1;
    private Path excludeRoot;
    private List<String> excluded = List.of();

    /**
     * @param slashDirs whether directory names end with "/" (podman's export does; its cp does not)
     */
    public TreeArchiver(TarWriter tar, Owners owners, boolean slashDirs) {
        this.tar = tar;
        this.owners = owners;
        this.slashDirs = slashDirs;
    }

    /** Every member gets this owner (the names stay those of the file's own ids, as podman's copier writes them). */
    public TreeArchiver owner(long uid, long gid) {
        this.ownerUid = uid;
        this.ownerGid = gid;
        return this;
    }

    private IdMapping unshift;

    /**
     * Members get the ids they have inside a container with this user namespace mapping (what its layer holds is
     * owned by host ids), as containers/storage's diff does; a host id outside the mapping becomes 65534 (nobody).
     * Null: the ids as they are.
     */
    public TreeArchiver unshifted(IdMapping mapping) {
        this.unshift = mapping;
        return this;
    }

    /** Leaves out {@code names} (top-level entries of {@code root}) and all below them. */
    public TreeArchiver excluding(Path root, List<String> names) {
        this.excludeRoot = root;
        this.excluded = names;
        return this;
    }

    private boolean isExcluded(Path p) {
        if (excludeRoot == null || !p.startsWith(excludeRoot) || p.equals(excludeRoot)) {
            return false;
        }
        return excluded.contains(excludeRoot.relativize(p).getName(0).toString());
    }

    /**
     * Writes {@code source} (not followed if a symlink) as the member {@code name}, and everything
     * below it when it is a directory. An empty {@code name} writes only a directory's contents.
     */
    public void write(Path source, String name) throws IOException {
        if (isExcluded(source)) {
            return;
        }
        Map<String, Object> a = attributes(source);
        if (a == null) {
            return;   // gone meanwhile
        }
        boolean dir = (((Integer) a.get("mode")) & 0170000) == 0040000;
        if (!name.isEmpty()) {
            member(source, name, a);
        }
        if (dir) {
            for (Path child : sortedChildren(source)) {
                String childName = name.isEmpty() ? child.getFileName().toString() : name + "/" + child.getFileName();
                write(child, childName);
            }
        }
    }

    /** The entries of a directory in name order, so archives are reproducible. */
    static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children;
        try (var s = Files.list(dir)) {
            children = new ArrayList<>(s.toList());
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        return children;
    }

    /** The "unix" attributes of {@code p}, not followed; null when it does not exist. */
    static Map<String, Object> attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,dev,nlink,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Writes one member for {@code source} with its attributes {@code a}, with {@code xattrs}. */
    public void member(Path source, String name, Map<String, Object> a) throws IOException {
        member(source, name, a, Map.of());
    }

    void member(Path source, String name, Map<String, Object> a, Map<String, byte[]> xattrs) throws IOException {
        int mode = (Integer) a.get("mode");
        long uid = ((Integer) a.get("uid")) & 0xffffffffL;
        long gid = ((Integer) a.get("gid")) & 0xffffffffL;
        if (unshift != null) {
            uid = unshift.containerUid(uid) < 0 ? 65534 : unshift.containerUid(uid);
            gid = unshift.containerGid(gid) < 0 ? 65534 : unshift.containerGid(gid);
        }
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        long sec = Math.floorDiv(mtime.to(java.util.concurrent.TimeUnit.NANOSECONDS), 1_000_000_000L);
        int format = mode & 0170000;
        byte type;
        String link = "";
        long size = 0;
        int major = 0, minor = 0;
        switch (format) {
            case 0040000 -> type = TarEntry.DIRECTORY;
            case 0120000 -> {
                type = TarEntry.SYMLINK;
                link = Files.readSymbolicLink(source).toString();
            }
            case 0020000, 0060000 -> {
                type = format == 0020000 ? TarEntry.CHAR : TarEntry.BLOCK;
                long rdev = (Long) a.get("rdev");
                major = (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfff));
                minor = (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xff));
            }
            case 0010000 -> type = TarEntry.FIFO;
            case 0100000 -> {
                type = TarEntry.REGULAR;
                size = (Long) a.get("size");
                if ((Integer) a.get("nlink") > 1) {
                    Object key = List.of(a.get("dev"), a.get("ino"));
                    String first = linksSeen.putIfAbsent(key, name);
                    if (first != null) {
                        type = TarEntry.HARDLINK;
                        link = first;
                        size = 0;
                    }
                }
            }
            default -> {
                return;   // a socket: tar skips those too
            }
        }
        String memberName = type == TarEntry.DIRECTORY && slashDirs ? name + "/" : name;
        TarEntry e = new TarEntry(memberName, type, mode & 07777, ownerUid >= 0 ? ownerUid : uid,
                ownerGid >= 0 ? ownerGid : gid, size, link, major, minor, sec, 0, xattrs);
        tar.entry(e, owners.user(uid), owners.group(gid));
        if (type == TarEntry.REGULAR) {
            try (InputStream in = Files.newInputStream(source)) {
                long copied = copy(in, tar, size);
                if (copied < size) {
                    // The file shrank while being read: pad, as GNU tar does, so the archive stays readable.
                    tar.data().write(new byte[(int) Math.min(size - copied, Integer.MAX_VALUE)]);
                }
            }
        }
        tar.end();
    }

    /** Copies at most {@code size} bytes: a file that grew while being read is cut at its declared size. */
    private static long copy(InputStream in, TarWriter tar, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        var out = tar.data();
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            left -= n;
        }
        return size - left;
    }

    /**
     * User and group names read from a root filesystem's {@code /etc/passwd} and {@code /etc/group}
     * (resolved inside that root), as podman puts the container's own names in its tar headers.
     */
    public static Owners ownersOf(Path root) {
        Map<Long, String> users = idNames(RootedPath.resolve(root, "/etc/passwd", true).host());
        Map<Long, String> groups = idNames(RootedPath.resolve(root, "/etc/group", true).host());
        return new Owners() {
            @Override
            public String user(long uid) {
                return users.get(uid);
            }

            @Override
            public String group(long gid) {
                return groups.get(gid);
            }
        };
    }

    private static Map<Long, String> idNames(Path file) {
        Map<Long, String> out = new HashMap<>();
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4 << 20) {
                return out;
            }
            for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        out.putIfAbsent(Long.parseLong(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException ignored) {
            // no names: numeric owners, as tar writes them
        }
        return out;
    }
}

package io.peapod.sys;

import java.nio.file.Path;
import java.util.List;

/**
 * Thin, typed wrappers over the libc calls Peapod needs. Every method throws {@link SysException}
 * carrying errno and the call's name when the call fails.
 *
 * <p>Paths are passed as {@link Path}; link-sensitive calls never follow a final symlink.
 */
public final class LibC {
    private LibC() {}

    // mount(2) flags
    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8,
            MS_REMOUNT = 32, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384,
            MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
    // umount2(2) flags
    public static final int MNT_FORCE = 1, MNT_DETACH = 2;
    // flock(2) operations
    public static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    // file type bits for mknod
    public static final int S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFBLK = 0060000, S_IFREG = 0100000;

    public static void mount(String source, Path target, String fstype, long flags, String data) {
        throw new UnsupportedOperationException("todo");
    }

    public static void umount2(Path target, int flags) { throw new UnsupportedOperationException("todo"); }

    /** mknod(2); {@code mode} includes the file type bits (S_IFCHR, S_IFBLK, S_IFIFO). */
    public static void mknod(Path path, int mode, int major, int minor) { throw new UnsupportedOperationException("todo"); }

    /** lsetxattr(2): sets an extended attribute on the path itself (not a symlink's target). */
    public static void lsetxattr(Path path, String name, byte[] value) { throw new UnsupportedOperationException("todo"); }

    /** lgetxattr(2); null when the attribute does not exist (ENODATA). */
    public static byte[] lgetxattr(Path path, String name) { throw new UnsupportedOperationException("todo"); }

    /** llistxattr(2): the attribute names set on the path itself. */
    public static List<String> llistxattr(Path path) { throw new UnsupportedOperationException("todo"); }

    public static void lchown(Path path, int uid, int gid) { throw new UnsupportedOperationException("todo"); }

    /** chmod(2) with the full mode, including setuid/setgid/sticky bits (java.nio cannot set those). */
    public static void chmod(Path path, int mode) { throw new UnsupportedOperationException("todo"); }

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW: sets atime and mtime of the path itself. */
    public static void lutimes(Path path, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        throw new UnsupportedOperationException("todo");
    }

    public static StatFs statfs(Path path) { throw new UnsupportedOperationException("todo"); }

    public static int getuid() { throw new UnsupportedOperationException("todo"); }

    public static int geteuid() { throw new UnsupportedOperationException("todo"); }

    /** Result of statfs(2). {@code type} is f_type, e.g. 0x794c7630 for overlayfs, 0x01021994 for tmpfs. */
    public record StatFs(long type, long blockSize, long blocks, long blocksFree, long blocksAvailable,
                         long files, long filesFree) {}
}

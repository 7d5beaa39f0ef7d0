package io.peapod.sys;

import static io.peapod.sys.Native.C_LONG;
import static io.peapod.sys.Native.check;
import static io.peapod.sys.Native.cstr;
import static io.peapod.sys.Syscall.ptr;
import static io.peapod.sys.Native.errnoState;
import static io.peapod.sys.Native.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thin, typed wrappers over the libc calls Peapod needs. Every method throws {@link SysException}
 * carrying errno and the call's name when the call fails.
 *
 * <p>Paths are passed as {@link Path}; link-sensitive calls never follow a final symlink.
 *
 * <p>All of them go through {@link Syscall}'s one downcall handle.
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
    /** Special tv_nsec values for {@link #lutimes}: "now" and "leave unchanged". */
    public static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;
    /** statfs f_type magic numbers. */
    public static final long TMPFS_MAGIC = 0x01021994, OVERLAYFS_MAGIC = 0x794c7630, EXT4_MAGIC = 0xef53;

    private static final int AT_FDCWD = -100;
    /** Act on a symlink itself: image layers carry link metadata that must not leak to the target. */
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    // ---- mount ----

    public static void mount(String source, Path target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.MOUNT, ptr(cstr(a, source)), ptr(cstr(a, target)), ptr(cstr(a, fstype)), flags,
                    ptr(cstr(a, data)));
            check(r, st, "mount", target);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    public static void umount2(Path target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.UMOUNT2, ptr(cstr(a, target)), flags);
            check(r, st, "umount2", target);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    // ---- mknod ----

    /** mknod(2); {@code mode} includes the file type bits (S_IFCHR, S_IFBLK, S_IFIFO). */
    public static void mknod(Path path, int mode, int major, int minor) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.MKNODAT, Syscall.AT_FDCWD, ptr(cstr(a, path)), mode, makedev(major, minor));
            check(r, st, "mknod", path);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * glibc's gnu_dev_makedev: the 64-bit dev_t keeps the old 8/8 split in the low 16 bits
     * (major bits 0-11 at 8, minor bits 0-7 at 0) and puts the extra bits above it.
     */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major), mi = Integer.toUnsignedLong(minor);
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32)
                | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    // ---- extended attributes ----

    /** lsetxattr(2): sets an extended attribute on the path itself (not a symlink's target). */
    public static void lsetxattr(Path path, String name, byte[] value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment v = value.length == 0 ? a.allocate(1) : a.allocateFrom(ValueLayout.JAVA_BYTE, value);
            int r = (int) Syscall.call(st, Syscall.LSETXATTR, ptr(cstr(a, path)), ptr(cstr(a, name)), ptr(v), value.length, 0);
            check(r, st, "lsetxattr", path + " " + name);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** lgetxattr(2); null when the attribute does not exist (ENODATA). */
    public static byte[] lgetxattr(Path path, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment p = cstr(a, path), n = cstr(a, name);
            long size = 256;
            while (true) {
                MemorySegment buf = a.allocate(size);
                long r = Syscall.call(st, Syscall.LGETXATTR, ptr(p), ptr(n), ptr(buf), size);
                if (r >= 0) return buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE);
                int errno = Native.errno(st);
                if (errno == Errno.ENODATA) return null;
                if (errno != Errno.ERANGE) throw Native.error("lgetxattr", errno, path + " " + name);
                // The value outgrew the buffer (or changed under us): ask for its size and retry.
                long needed = Syscall.call(st, Syscall.LGETXATTR, ptr(p), ptr(n), 0, 0);
                check(needed, st, "lgetxattr", path + " " + name);
                size = Math.max(needed, size * 2);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** llistxattr(2): the attribute names set on the path itself. */
    public static List<String> llistxattr(Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment p = cstr(a, path);
            long size = 1024;
            while (true) {
                MemorySegment buf = a.allocate(size);
                long r = Syscall.call(st, Syscall.LLISTXATTR, ptr(p), ptr(buf), size);
                if (r >= 0) return splitNames(buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE));
                int errno = Native.errno(st);
                if (errno != Errno.ERANGE) throw Native.error("llistxattr", errno, path);
                long needed = Syscall.call(st, Syscall.LLISTXATTR, ptr(p), 0, 0);
                check(needed, st, "llistxattr", path);
                size = Math.max(needed, size * 2);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The list is a sequence of NUL-terminated names. */
    private static List<String> splitNames(byte[] raw) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i > start) names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    // ---- ownership, mode, times ----

    public static void lchown(Path path, int uid, int gid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.FCHOWNAT, Syscall.AT_FDCWD, ptr(cstr(a, path)), uid, gid, AT_SYMLINK_NOFOLLOW);
            check(r, st, "lchown", path);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** chmod(2) with the full mode, including setuid/setgid/sticky bits (java.nio cannot set those). */
    public static void chmod(Path path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.FCHMODAT, Syscall.AT_FDCWD, ptr(cstr(a, path)), mode);
            check(r, st, "chmod", path);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * utimensat(2) with AT_SYMLINK_NOFOLLOW: sets atime and mtime of the path itself. A nsec of
     * {@link #UTIME_NOW} or {@link #UTIME_OMIT} has its usual meaning.
     */
    public static void lutimes(Path path, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            // struct timespec times[2] = {{atime}, {mtime}}; each is {time_t tv_sec; long tv_nsec;}
            MemorySegment times = a.allocateFrom(C_LONG, atimeSec, atimeNsec, mtimeSec, mtimeNsec);
            int r = (int) Syscall.call(st, Syscall.UTIMENSAT, AT_FDCWD, ptr(cstr(a, path)), ptr(times), AT_SYMLINK_NOFOLLOW);
            check(r, st, "utimensat", path);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    // ---- statfs ----

    /** sizeof(struct statfs) on x86_64 glibc; the fields we read are the first seven 8-byte words. */
    private static final long STATFS_SIZE = 120;

    public static StatFs statfs(Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment buf = a.allocate(STATFS_SIZE, 8);
            int r = (int) Syscall.call(st, Syscall.STATFS, ptr(cstr(a, path)), ptr(buf));
            check(r, st, "statfs", path);
            // f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree at offsets 0..48
            return new StatFs(buf.get(C_LONG, 0), buf.get(C_LONG, 8), buf.get(C_LONG, 16), buf.get(C_LONG, 24),
                    buf.get(C_LONG, 32), buf.get(C_LONG, 40), buf.get(C_LONG, 48));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    // ---- identity ----

    public static int getuid() {
        return identity(Syscall.GETUID);
    }

    public static int geteuid() {
        return identity(Syscall.GETEUID);
    }

    private static int identity(long nr) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Syscall.call(errnoState(a), nr, 0);   // cannot fail
        }
    }

    /** Result of statfs(2). {@code type} is f_type, e.g. 0x794c7630 for overlayfs, 0x01021994 for tmpfs. */
    public record StatFs(long type, long blockSize, long blocks, long blocksFree, long blocksAvailable,
                         long files, long filesFree) {}
}

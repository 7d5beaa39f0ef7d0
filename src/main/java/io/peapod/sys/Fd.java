package io.peapod.sys;

import static io.peapod.sys.Native.cstr;
import static io.peapod.sys.Native.errnoState;
import static io.peapod.sys.Native.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Raw file-descriptor calls of {@link SeqpacketSocket}. Calls that may block
 * retry on EINTR: JVM-internal signals can interrupt them without anyone wanting them to stop.
 */
final class Fd {
    private Fd() {}

    static final int O_RDWR = 02, O_CREAT = 0100, O_CLOEXEC = 02000000;

    static int open(Path path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a), p = cstr(a, path);
            while (true) {
                int fd = (int) Syscall.call(st, Syscall.OPENAT, Syscall.AT_FDCWD, Syscall.ptr(p), flags, mode);
                if (fd >= 0) return fd;
                if (Native.errno(st) != Errno.EINTR) throw Native.error("open", Native.errno(st), path);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** close(2). EINTR is not retried: on Linux the fd is gone even then, and a retry could close a reused number. */
    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Syscall.call(st, Syscall.CLOSE, fd);
            if (r < 0 && Native.errno(st) != Errno.EINTR) throw Native.error("close", Native.errno(st), "fd " + fd);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** read(2) into {@code buf[off, off+len)}; returns the count, 0 at end of file. */
    static int read(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment tmp = a.allocate(Math.max(len, 1));
            while (true) {
                long n = Syscall.call(st, Syscall.READ, fd, Syscall.ptr(tmp), len);
                if (n >= 0) {
                    MemorySegment.copy(tmp, ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
                    return (int) n;
                }
                if (Native.errno(st) != Errno.EINTR) throw Native.error("read", Native.errno(st), "fd " + fd);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** write(2) from {@code buf[off, off+len)}; returns the count written (possibly short). */
    static int write(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment tmp = a.allocate(Math.max(len, 1));
            MemorySegment.copy(buf, off, tmp, ValueLayout.JAVA_BYTE, 0, len);
            while (true) {
                long n = Syscall.call(st, Syscall.WRITE, fd, Syscall.ptr(tmp), len);
                if (n >= 0) return (int) n;
                if (Native.errno(st) != Errno.EINTR) throw Native.error("write", Native.errno(st), "fd " + fd);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }
}

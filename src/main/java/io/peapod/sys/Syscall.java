package io.peapod.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every system call through one downcall handle: glibc's {@code syscall(long number, ...)} with six
 * {@code long} arguments (pointers passed as addresses, unused ones as 0).
 *
 * <p>Why: the FFM linker generates code per native signature, and in a fresh JVM each new signature
 * cost 5–15 ms (tens of ms on a busy host) even with the AOT cache: a {@code run} used fourteen of
 * them. Through {@code syscall} they are one, created once. The numbers are x86_64's; another
 * architecture gets a clear error rather than a wrong call.
 */
final class Syscall {
    private Syscall() {}

    // x86_64 (arch/x86/entry/syscalls/syscall_64.tbl)
    static final long READ = 0, WRITE = 1, CLOSE = 3, WAIT4 = 61, KILL = 62, FCNTL = 72, FLOCK = 73,
            GETUID = 102, GETEUID = 107, STATFS = 137, MOUNT = 165, UMOUNT2 = 166, LSETXATTR = 189,
            LGETXATTR = 192, LLISTXATTR = 195, OPENAT = 257, MKNODAT = 259, FCHOWNAT = 260, FCHMODAT = 268,
            UTIMENSAT = 280, PIPE2 = 293;

    static final long AT_FDCWD = -100;

    private static final class Handle {
        static final MethodHandle H = handle();

        private static MethodHandle handle() {
            String arch = System.getProperty("os.arch");
            if (!arch.equals("amd64") && !arch.equals("x86_64")) {
                throw new UnsupportedOperationException("peapod's system calls are numbered for x86_64, not " + arch);
            }
            ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
            return Native.errnoCall("syscall", FunctionDescriptor.of(l, l, l, l, l, l, l, l),
                    Linker.Option.firstVariadicArg(1));
        }
    }

    /** The raw result: -1 with errno in {@code st} on failure. */
    static long call(MemorySegment st, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) Handle.H.invokeExact(st, nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    static long call(MemorySegment st, long nr, long a1, long a2, long a3, long a4, long a5) {
        return call(st, nr, a1, a2, a3, a4, a5, 0);
    }

    static long call(MemorySegment st, long nr, long a1, long a2, long a3, long a4) {
        return call(st, nr, a1, a2, a3, a4, 0, 0);
    }

    static long call(MemorySegment st, long nr, long a1, long a2, long a3) {
        return call(st, nr, a1, a2, a3, 0, 0, 0);
    }

    static long call(MemorySegment st, long nr, long a1, long a2) {
        return call(st, nr, a1, a2, 0, 0, 0, 0);
    }

    static long call(MemorySegment st, long nr, long a1) {
        return call(st, nr, a1, 0, 0, 0, 0, 0);
    }

    /** A pointer argument: the segment's address (NULL is 0). Segments must be native (arena-allocated). */
    static long ptr(MemorySegment s) {
        return s.address();
    }
}

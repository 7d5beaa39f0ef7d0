package io.peapod.sys;

import static io.peapod.sys.Native.C_INT;
import static io.peapod.sys.Native.C_POINTER;
import static io.peapod.sys.Native.cstr;
import static io.peapod.sys.Native.errnoCall;
import static io.peapod.sys.Native.errnoState;
import static io.peapod.sys.Native.plainCall;
import static io.peapod.sys.Native.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Process spawning with chosen file descriptors, which {@link ProcessBuilder} cannot do: conmon
 * expects its sync/start pipes on fds 3 and 4, socket activation passes listeners from fd 3 up.
 *
 * <p>Built on posix_spawnp(3): glibc runs it as clone(CLONE_VM|CLONE_VFORK) + exec, which is cheap
 * and safe from a multi-threaded JVM (no fork of the heap, no Java code in the child), and
 * reports exec failures (e.g. ENOENT) as the call's result.
 */
public final class Spawn {
    private Spawn() {}

    public static final int SIGTERM = 15, SIGKILL = 9, SIGINT = 2, SIGHUP = 1;

    private static final int O_CLOEXEC = Fd.O_CLOEXEC;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    // Opaque glibc types; x86_64 sizes are 80 (file actions), 336 (attr) and 128 (sigset_t).
    // Allocated with slack so a libc with larger structs still cannot write past them.
    private static final long FILE_ACTIONS_SIZE = 160, SPAWNATTR_SIZE = 512, SIGSET_SIZE = 128;

    private static final class SpawnCalls {
        // These return an error number rather than setting errno.
        static final MethodHandle SPAWNP = plainCall("posix_spawnp", FunctionDescriptor.of(C_INT,
                C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle FA_INIT = plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle FA_DESTROY = plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle FA_DUP2 = plainCall("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT));
        static final MethodHandle ATTR_INIT = plainCall("posix_spawnattr_init", FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle ATTR_DESTROY = plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle ATTR_SETFLAGS = plainCall("posix_spawnattr_setflags",
                FunctionDescriptor.of(C_INT, C_POINTER, ValueLayout.JAVA_SHORT));
        static final MethodHandle ATTR_SETSIGMASK = plainCall("posix_spawnattr_setsigmask",
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        static final MethodHandle ATTR_SETSIGDEFAULT = plainCall("posix_spawnattr_setsigdefault",
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
    }

    /** Only looked up when a cwd is given (glibc 2.29+). */
    private static final class AddChdir {
        static final Optional<MethodHandle> H = Native.optionalCall("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
    }

    /** glibc 2.34+; absent on older libcs, where we rely on our own fds being close-on-exec. */
    private static final class AddClosefrom {
        static final Optional<MethodHandle> H = Native.optionalCall("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
    }

    private static final class Waitpid {
        static final MethodHandle H = errnoCall("waitpid", FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    }

    private static final class Kill {
        static final MethodHandle H = errnoCall("kill", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    }

    /**
     * Starts {@code argv} (argv[0] looked up in PATH) and returns its pid.
     *
     * @param env   the child's whole environment; null passes this process's environment on
     * @param cwd   the child's working directory; null keeps ours
     * @param fdMap child fd -> parent fd. Fds 0-2 not mentioned are inherited; every other fd of
     *              ours is closed in the child (where glibc supports closefrom).
     */
    public static int spawn(List<String> argv, Map<String, String> env, Path cwd, Map<Integer, Integer> fdMap) {
        return spawn(argv, env, cwd, fdMap, false);
    }

    /** As {@link #spawn(List, Map, Path, Map)}; {@code newSession} makes the child a session leader (setsid). */
    public static int spawn(List<String> argv, Map<String, String> env, Path cwd, Map<Integer, Integer> fdMap,
                            boolean newSession) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        Map<Integer, Integer> fds = fdMap == null ? Map.of() : fdMap;
        int maxChildFd = 2;
        for (int childFd : fds.keySet()) {
            if (childFd < 0) throw new IllegalArgumentException("negative fd " + childFd);
            maxChildFd = Math.max(maxChildFd, childFd);
        }
        List<Integer> temporaries = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = a.allocate(SPAWNATTR_SIZE, 16);
            check((int) SpawnCalls.FA_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                check((int) SpawnCalls.ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
                try {
                    // dup2 actions run in order in the child, so a mapping like {3->4, 4->3} would clobber
                    // a source before it is used. Duplicating every source above all targets first avoids
                    // that; the duplicates are close-on-exec, and dup2 clears that flag on each target.
                    for (Map.Entry<Integer, Integer> e : fds.entrySet()) {
                        int tmp = Fd.dupCloexec(e.getValue(), maxChildFd + 1);
                        temporaries.add(tmp);
                        check((int) SpawnCalls.FA_DUP2.invokeExact(actions, tmp, (int) e.getKey()),
                                "posix_spawn_file_actions_adddup2");
                    }
                    // Don't leak the JVM's descriptors (jars, sockets, lock files) into long-lived children.
                    if (AddClosefrom.H.isPresent()) {
                        check((int) AddClosefrom.H.get().invokeExact(actions, maxChildFd + 1),
                                "posix_spawn_file_actions_addclosefrom_np");
                    }
                    if (cwd != null) {
                        MethodHandle chdir = AddChdir.H.orElseThrow(() ->
                                new UnsupportedOperationException("libc lacks posix_spawn_file_actions_addchdir_np"));
                        check((int) chdir.invokeExact(actions, cstr(a, cwd)), "posix_spawn_file_actions_addchdir_np");
                    }
                    configureSignals(a, attr, newSession);

                    MemorySegment pid = a.allocate(ValueLayout.JAVA_INT);
                    MemorySegment envp = stringArray(a, envStrings(env));
                    int r = (int) SpawnCalls.SPAWNP.invokeExact(pid, cstr(a, argv.getFirst()), actions, attr,
                            stringArray(a, argv), envp);
                    if (r != 0) throw Native.error("posix_spawnp", r, argv.getFirst());
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    int ignored = (int) SpawnCalls.ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) SpawnCalls.FA_DESTROY.invokeExact(actions);
                for (int tmp : temporaries) Fd.close(tmp);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * The child inherits the calling thread's signal mask and any ignored signals; HotSpot blocks
     * SIGQUIT in Java threads, so reset the mask to empty and every disposition to default.
     */
    private static void configureSignals(Arena a, MemorySegment attr, boolean newSession) throws Throwable {
        MemorySegment empty = a.allocate(SIGSET_SIZE, 8);
        MemorySegment all = a.allocate(SIGSET_SIZE, 8);
        // Signals 1..64 are bits 0..63 of the first word; leave out glibc's internal SIGCANCEL (32)
        // and SIGSETXID (33) as sigfillset(3) does.
        all.set(ValueLayout.JAVA_LONG, 0, ~0L & ~(1L << 31) & ~(1L << 32));
        check((int) SpawnCalls.ATTR_SETSIGMASK.invokeExact(attr, empty), "posix_spawnattr_setsigmask");
        check((int) SpawnCalls.ATTR_SETSIGDEFAULT.invokeExact(attr, all), "posix_spawnattr_setsigdefault");
        int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (newSession ? POSIX_SPAWN_SETSID : 0);
        check((int) SpawnCalls.ATTR_SETFLAGS.invokeExact(attr, (short) flags), "posix_spawnattr_setflags");
    }

    private static List<String> envStrings(Map<String, String> env) {
        Map<String, String> source = env == null ? System.getenv() : env;
        List<String> out = new ArrayList<>(source.size());
        source.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** A NULL-terminated char*[] as execve wants for argv and envp. */
    private static MemorySegment stringArray(Arena a, List<String> strings) {
        MemorySegment array = a.allocate(C_POINTER, strings.size() + 1);
        for (int i = 0; i < strings.size(); i++) array.setAtIndex(C_POINTER, i, a.allocateFrom(strings.get(i)));
        array.setAtIndex(C_POINTER, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int error, String call) {
        if (error != 0) throw Native.error(call, error, null);
    }

    /** pipe2(2) with O_CLOEXEC: {read end, write end}. Map an end into a child with {@code fdMap}. */
    public static int[] pipe() {
        return Fd.pipe(O_CLOEXEC);
    }

    /** open(2) flags for {@link #open}: read-only, write-only, read-write, create, truncate, append. */
    public static final int O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100, O_TRUNC = 01000, O_APPEND = 02000;

    /**
     * open(2) with O_CLOEXEC added, for files a child should get on chosen fds through {@code fdMap}
     * (e.g. /dev/null as conmon's stdin, a file that catches its early errors): Java streams have no raw fd.
     */
    public static int open(Path path, int flags, int mode) {
        return Fd.open(path, flags | O_CLOEXEC, mode);
    }

    public static void close(int fd) {
        Fd.close(fd);
    }

    /** read(2); returns the number of bytes read, 0 at end of file. Blocks. */
    public static int read(int fd, byte[] buf, int off, int len) {
        return Fd.read(fd, buf, off, len);
    }

    /** write(2); returns the number of bytes written, which may be fewer than {@code len}. */
    public static int write(int fd, byte[] buf, int off, int len) {
        return Fd.write(fd, buf, off, len);
    }

    /** Waits for {@code pid} to exit and returns its status as a shell would: the exit code, or 128+signal. */
    public static int waitpid(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment status = a.allocate(ValueLayout.JAVA_INT);
            while (true) {
                int r = (int) Waitpid.H.invokeExact(st, pid, status, 0);
                if (r == pid) return decodeStatus(status.get(ValueLayout.JAVA_INT, 0));
                if (Native.errno(st) != Errno.EINTR) throw Native.error("waitpid", Native.errno(st), "pid " + pid);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** WIFEXITED/WEXITSTATUS and WIFSIGNALED/WTERMSIG from sys/wait.h. */
    static int decodeStatus(int status) {
        int termsig = status & 0x7f;
        if (termsig == 0) return (status >> 8) & 0xff;
        return 128 + termsig;
    }

    /** kill(2); ESRCH when the process is gone. */
    public static void kill(int pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Kill.H.invokeExact(st, pid, signal);
            Native.check(r, st, "kill", "pid " + pid);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }
}

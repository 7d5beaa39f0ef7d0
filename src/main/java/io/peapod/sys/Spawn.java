package io.peapod.sys;

import static io.peapod.sys.Native.C_INT;
import static io.peapod.sys.Native.C_LONG;
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

    /**
     * The posix_spawn family through one native signature: six {@code long}s in, {@code int} out. Each
     * distinct signature costs the FFM linker a generated stub in every fresh JVM; these functions
     * take only pointers and integers, which the x86_64 calling convention passes in the same
     * registers whatever their C type (a callee reads the low bits of an {@code int} or {@code short}
     * argument, and ignores registers past its own parameters), so one stub serves them all.
     */
    private static final class SpawnCalls {
        // These return an error number rather than setting errno.
        static final MethodHandle SPAWNP = uniform("posix_spawnp");
        static final MethodHandle FA_INIT = uniform("posix_spawn_file_actions_init");
        static final MethodHandle FA_DESTROY = uniform("posix_spawn_file_actions_destroy");
        static final MethodHandle FA_DUP2 = uniform("posix_spawn_file_actions_adddup2");
        static final MethodHandle ATTR_INIT = uniform("posix_spawnattr_init");
        static final MethodHandle ATTR_DESTROY = uniform("posix_spawnattr_destroy");
        static final MethodHandle ATTR_SETFLAGS = uniform("posix_spawnattr_setflags");
        static final MethodHandle ATTR_SETSIGMASK = uniform("posix_spawnattr_setsigmask");
        static final MethodHandle ATTR_SETSIGDEFAULT = uniform("posix_spawnattr_setsigdefault");
    }

    private static final FunctionDescriptor UNIFORM = FunctionDescriptor.of(C_INT,
            C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG);

    private static MethodHandle uniform(String name) {
        return plainCall(name, UNIFORM);
    }

    private static int call(MethodHandle h, long a1, long a2, long a3, long a4, long a5, long a6) throws Throwable {
        return (int) h.invokeExact(a1, a2, a3, a4, a5, a6);
    }

    private static int call(MethodHandle h, long a1, long a2, long a3) throws Throwable {
        return call(h, a1, a2, a3, 0, 0, 0);
    }

    private static int call(MethodHandle h, long a1, long a2) throws Throwable {
        return call(h, a1, a2, 0, 0, 0, 0);
    }

    private static int call(MethodHandle h, long a1) throws Throwable {
        return call(h, a1, 0, 0, 0, 0, 0);
    }

    /** Only looked up when a cwd is given (glibc 2.29+). */
    private static final class AddChdir {
        static final Optional<MethodHandle> H = Native.optionalCall("posix_spawn_file_actions_addchdir_np", UNIFORM);
    }

    /** glibc 2.34+; absent on older libcs, where we rely on our own fds being close-on-exec. */
    private static final class AddClosefrom {
        static final Optional<MethodHandle> H = Native.optionalCall("posix_spawn_file_actions_addclosefrom_np", UNIFORM);
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
            check(call(SpawnCalls.FA_INIT, actions.address()), "posix_spawn_file_actions_init");
            try {
                check(call(SpawnCalls.ATTR_INIT, attr.address()), "posix_spawnattr_init");
                try {
                    // dup2 actions run in order in the child, so a mapping like {3->4, 4->3} would clobber
                    // a source before it is used. Duplicating every source above all targets first avoids
                    // that; the duplicates are close-on-exec, and dup2 clears that flag on each target.
                    for (Map.Entry<Integer, Integer> e : fds.entrySet()) {
                        int tmp = Fd.dupCloexec(e.getValue(), maxChildFd + 1);
                        temporaries.add(tmp);
                        check(call(SpawnCalls.FA_DUP2, actions.address(), tmp, e.getKey()),
                                "posix_spawn_file_actions_adddup2");
                    }
                    // Don't leak the JVM's descriptors (jars, sockets, lock files) into long-lived children.
                    if (AddClosefrom.H.isPresent()) {
                        check(call(AddClosefrom.H.get(), actions.address(), maxChildFd + 1),
                                "posix_spawn_file_actions_addclosefrom_np");
                    }
                    if (cwd != null) {
                        MethodHandle chdir = AddChdir.H.orElseThrow(() ->
                                new UnsupportedOperationException("libc lacks posix_spawn_file_actions_addchdir_np"));
                        check(call(chdir, actions.address(), cstr(a, cwd).address()), "posix_spawn_file_actions_addchdir_np");
                    }
                    configureSignals(a, attr, newSession);

                    MemorySegment pid = a.allocate(ValueLayout.JAVA_INT);
                    MemorySegment envp = stringArray(a, envStrings(env));
                    int r = call(SpawnCalls.SPAWNP, pid.address(), cstr(a, argv.getFirst()).address(), actions.address(),
                            attr.address(), stringArray(a, argv).address(), envp.address());
                    if (r != 0) throw Native.error("posix_spawnp", r, argv.getFirst());
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    call(SpawnCalls.ATTR_DESTROY, attr.address());
                }
            } finally {
                call(SpawnCalls.FA_DESTROY, actions.address());
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
        check(call(SpawnCalls.ATTR_SETSIGMASK, attr.address(), empty.address()), "posix_spawnattr_setsigmask");
        check(call(SpawnCalls.ATTR_SETSIGDEFAULT, attr.address(), all.address()), "posix_spawnattr_setsigdefault");
        int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (newSession ? POSIX_SPAWN_SETSID : 0);
        check(call(SpawnCalls.ATTR_SETFLAGS, attr.address(), flags), "posix_spawnattr_setflags");
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
                int r = (int) Syscall.call(st, Syscall.WAIT4, pid, Syscall.ptr(status), 0, 0);
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
            int r = (int) Syscall.call(st, Syscall.KILL, pid, signal);
            Native.check(r, st, "kill", "pid " + pid);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }
}

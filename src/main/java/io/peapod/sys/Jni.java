package io.peapod.sys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The system calls of a container's start and stop through libpeapod, a small JNI library built from
 * {@code src/main/c/peapod_jni.c} into {@code target/native} (the directory the launcher names in
 * {@code peapod.native.dir}; the same library holds the state layer's SQLite binding).
 *
 * <p>Why JNI beside {@link LibC}'s java.lang.foreign: a fresh JVM's first FFM downcall costs ~60 ms
 * (the linker, a stub and their LambdaForms, which the AOT cache does not keep), and each command is a
 * fresh JVM; so the container path ran mount(8), umount(8), ip(8) and a sh + perl pipeline around conmon
 * instead, 5–12 ms a process. Loading this library costs one dlopen (~1 ms); its calls cost microseconds.
 * Failures are {@link SysException}s carrying errno, as LibC's are.
 */
public final class Jni {
    private Jni() {}

    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_TRUNC = 01000, O_APPEND = 02000;

    private static final String LIBRARY = "libpeapod.so";

    /** Why the library could not be loaded; null once it is. */
    private static final String PROBLEM = load();

    private static String load() {
        String dir = System.getProperty("peapod.native.dir");
        Path library = Path.of(dir == null ? "target/native" : dir, LIBRARY);
        try {
            System.load(library.toAbsolutePath().toString());
            return null;
        } catch (UnsatisfiedLinkError e) {
            return "loading " + library + " (built by mvn package): " + e.getMessage();
        }
    }

    private static void loaded(String call) {
        if (PROBLEM != null) {
            throw new SysException(call, Errno.ENOENT, PROBLEM);
        }
    }

    private static native int mount0(String source, String target, String type, long flags, String data);

    private static native int umount20(String target, int flags);

    private static native int open0(String path, int flags, int mode);

    private static native int close0(int fd);

    private static native int pipe0(int[] ends);

    private static native int write0(int fd, byte[] bytes);

    private static native int read0(int fd, byte[] into, int timeoutMillis);

    private static native int waitpid0(int pid);

    private static native int spawn0(String path, String[] argv, String[] envp, int[] fds, boolean newSession);

    private static native int netnsAdd0(String directory, String path);

    private static native int bindTest0(String address, int port, int type);

    private static native int releaseExecFifo0(String fifo, int initPid);

    private static native String strerror0(int errno);

    /** A negative result as the exception of {@code what}; otherwise the result. */
    private static int checked(int result, String what) {
        if (result < 0) {
            throw new SysException(what, -result, strerror0(-result));
        }
        return result;
    }

    /**
     * Whether {@code address:port} can be bound now (a socket bound and closed at once): {@code address} an IPv4 or
     * IPv6 literal, "" for every address; {@code udp} a datagram socket, else a stream one. Why not, as the system
     * says it (EADDRINUSE, EADDRNOTAVAIL...), is thrown.
     */
    public static void bindTest(String address, int port, boolean udp) {
        loaded("bindTest");
        checked(bindTest0(address, port, udp ? SOCK_DGRAM : SOCK_STREAM), "bind " + address + ":" + port);
    }

    /**
     * runc's start of a created container, done here: opens the container's exec fifo, which lets its waiting
     * init process exec the container's process, reads to the end and removes the fifo. False when nothing was
     * done: there is no fifo, or the init process died before it wrote to it (runc's own start then says why).
     */
    public static boolean releaseExecFifo(Path fifo, int initPid) {
        loaded("releaseExecFifo");
        int rc = releaseExecFifo0(fifo.toString(), initPid);
        if (rc == -Errno.ENOENT || rc == -Errno.ESRCH) {
            return false;
        }
        checked(rc, "start through " + fifo);
        return true;
    }

    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;

    /** mount(2); {@code data} may be null. */
    public static void mount(String source, Path target, String type, long flags, String data) {
        loaded("mount");
        checked(mount0(source, target.toString(), type, flags, data), "mount " + target);
    }

    /** umount2(2). */
    public static void umount2(Path target, int flags) {
        loaded("umount2");
        checked(umount20(target.toString(), flags), "umount " + target);
    }

    /** open(2), close-on-exec; the descriptor is the caller's to {@link #close}. */
    public static int open(Path path, int flags, int mode) {
        loaded("open");
        return checked(open0(path.toString(), flags, mode), "open " + path);
    }

    public static void close(int fd) {
        loaded("close");
        checked(close0(fd), "close");
    }

    /** A close-on-exec pipe: {@code [read end, write end]}. */
    public static int[] pipe() {
        loaded("pipe");
        int[] ends = new int[2];
        checked(pipe0(ends), "pipe");
        return ends;
    }

    public static void write(int fd, byte[] bytes) {
        loaded("write");
        checked(write0(fd, bytes), "write");
    }

    /** Bytes read into {@code into}: 0 at end of file; -1 when none came within {@code timeoutMillis}. */
    public static int read(int fd, byte[] into, int timeoutMillis) {
        loaded("read");
        int n = read0(fd, into, timeoutMillis);
        if (n == -Errno.ETIMEDOUT) {
            return -1;
        }
        return checked(n, "read");
    }

    /** Waits for the child {@code pid}; its exit code, or 128 + the signal that ended it. */
    public static int waitFor(int pid) {
        loaded("waitFor");
        int status = checked(waitpid0(pid), "waitpid " + pid);
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    /**
     * Starts {@code argv} (its first word an absolute path) with the environment {@code env}. The child's
     * descriptor {@code i} is this process's {@code fds.get(i)}, so the first three are its stdio; it has
     * no other descriptor, all signals at their default disposition and none blocked (as podman's
     * children start), and a session of its own when {@code newSession}. Returns its pid, to be
     * {@link #waitFor waited for}; an exec failure (a missing program, say) is thrown.
     */
    public static int spawn(List<String> argv, Map<String, String> env, List<Integer> fds, boolean newSession) {
        loaded("spawn");
        String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        int[] map = fds.stream().mapToInt(Integer::intValue).toArray();
        return checked(spawn0(argv.getFirst(), argv.toArray(String[]::new), envp, map, newSession), argv.getFirst());
    }

    /** What {@code ip netns add NAME} does: a new network namespace kept by a bind mount at {@code path}. */
    public static void netnsAdd(Path path) {
        loaded("netnsAdd");
        checked(netnsAdd0(path.getParent().toString(), path.toString()), "creating network namespace " + path);
    }
}

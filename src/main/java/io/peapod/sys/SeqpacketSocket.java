package io.peapod.sys;

import static io.peapod.sys.Native.C_INT;
import static io.peapod.sys.Native.C_POINTER;
import static io.peapod.sys.Native.errnoCall;
import static io.peapod.sys.Native.errnoState;
import static io.peapod.sys.Native.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket (conmon's attach socket), which java.nio cannot open.
 * Each {@link #receive} returns one whole packet, as the peer sent it.
 */
public final class SeqpacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int SHUT_WR = 1, SHUT_RDWR = 2;
    /** sizeof(struct sockaddr_un): a 2-byte family and a 108-byte path. */
    private static final int SOCKADDR_UN_SIZE = 110;

    private static final class Socket {
        static final MethodHandle H = errnoCall("socket", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    }

    private static final class Connect {
        static final MethodHandle H = errnoCall("connect", FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    }

    private static final class Shutdown {
        static final MethodHandle H = errnoCall("shutdown", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    }

    private final int fd;
    private volatile boolean closed;

    private SeqpacketSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Connects to the socket at {@code path}. Container paths are often longer than sun_path's 108
     * bytes, so, as podman does, we always connect through {@code /proc/self/fd/N} of an O_PATH
     * descriptor of the socket file: one way that works for every path.
     */
    public static SeqpacketSocket connect(Path path) {
        int fd = socket();
        try {
            int pathFd = Fd.open(path, O_PATH | Fd.O_CLOEXEC, 0);
            try {
                connect(fd, "/proc/self/fd/" + pathFd, path);
            } finally {
                Fd.close(pathFd);
            }
            return new SeqpacketSocket(fd);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw e;
        }
    }

    private static int socket() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int fd = (int) Socket.H.invokeExact(st, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            Native.check(fd, st, "socket", "AF_UNIX SOCK_SEQPACKET");
            return fd;
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static void connect(int fd, String address, Path subject) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment sa = a.allocate(SOCKADDR_UN_SIZE, 2);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(bytes, 0, sa, ValueLayout.JAVA_BYTE, 2, bytes.length);
            while (true) {
                int r = (int) Connect.H.invokeExact(st, fd, sa, SOCKADDR_UN_SIZE);
                if (r == 0) return;
                if (Native.errno(st) != Errno.EINTR) throw Native.error("connect", Native.errno(st), subject);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** One packet into {@code buf}; returns its length, 0 when the peer has closed the connection. */
    public int receive(byte[] buf) {
        return Fd.read(fd, buf, 0, buf.length);
    }

    /** Sends {@code buf[off, off+len)} as one packet. */
    public void send(byte[] buf, int off, int len) {
        int n = Fd.write(fd, buf, off, len);
        if (n != len) throw new SysException("write", Errno.EIO, "short write on a SOCK_SEQPACKET socket");
    }

    /** shutdown(SHUT_WR): the peer reads end of file, and we can still receive. */
    public void shutdownOutput() {
        shutdown(SHUT_WR);
    }

    /**
     * shutdown(SHUT_RDWR): a {@link #receive} blocked in another thread returns 0 (closing the
     * descriptor would not wake it).
     */
    public void shutdownBoth() {
        shutdown(SHUT_RDWR);
    }

    private void shutdown(int how) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            int r = (int) Shutdown.H.invokeExact(st, fd, how);
            Native.check(r, st, "shutdown", "fd " + fd);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Fd.close(fd);
    }
}

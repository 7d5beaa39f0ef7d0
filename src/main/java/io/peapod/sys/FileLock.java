package io.peapod.sys;

import java.nio.file.Path;

/**
 * An flock(2) lock on a lock file, held until {@link #close()}.
 *
 * <p>flock locks belong to the open file description, not the process: every FileLock opens the
 * file anew, so two FileLocks on one path exclude each other even inside one JVM (unlike
 * java.nio's FileLock, which throws OverlappingFileLockException), and they interoperate with
 * other processes using flock, e.g. flock(1) or a second Peapod invocation. The descriptor is
 * close-on-exec so spawned children never inherit (and keep alive) our locks.
 */
public final class FileLock implements AutoCloseable {
    private final Path path;
    private int fd;

    private FileLock(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Blocks until an exclusive lock on {@code path} (created with mode 0600 if missing) is held. */
    public static FileLock exclusive(Path path) {
        return acquire(path, LibC.LOCK_EX);
    }

    /** Blocks until a shared lock on {@code path} (created with mode 0600 if missing) is held. */
    public static FileLock shared(Path path) {
        return acquire(path, LibC.LOCK_SH);
    }

    /** An exclusive lock, or null when someone else (in this JVM or another process) holds a lock. */
    public static FileLock tryExclusive(Path path) {
        return acquire(path, LibC.LOCK_EX | LibC.LOCK_NB);
    }

    /** A shared lock, or null when someone else holds an exclusive lock. */
    public static FileLock tryShared(Path path) {
        return acquire(path, LibC.LOCK_SH | LibC.LOCK_NB);
    }

    private static FileLock acquire(Path path, int op) {
        int fd = Fd.open(path, Fd.O_RDWR | Fd.O_CREAT | Fd.O_CLOEXEC, 0600);
        boolean locked = false;
        try {
            locked = Fd.flock(fd, op, path);
            return locked ? new FileLock(path, fd) : null;
        } finally {
            if (!locked) Fd.close(fd);
        }
    }

    public Path path() {
        return path;
    }

    /** Releases the lock and closes the descriptor; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (fd < 0) return;
        int f = fd;
        fd = -1;
        try {
            Fd.flock(f, LibC.LOCK_UN, path);
        } finally {
            Fd.close(f);
        }
    }
}

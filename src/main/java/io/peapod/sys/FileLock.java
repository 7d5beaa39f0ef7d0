package io.peapod.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * An exclusive lock on a lock file, held until {@link #close()}, that also says who holds it.
 *
 * <p>The lock is a POSIX record lock (fcntl, through {@link FileChannel#lock()}) rather than flock(2):
 * it needs no native call, and a native call costs a fresh JVM tens of milliseconds of FFM set-up,
 * which is most of what the container path paid for its locks. POSIX locks belong to the process,
 * so this class adds what they lack: two FileLocks on one path exclude each other inside one JVM too
 * (threads wait for each other; the try-variant answers null), and a lock file is opened by nothing
 * else while locked here (closing any descriptor of the file would drop the process's lock).
 *
 * <p>The holder writes "PID STARTTIME" (its /proc/self/stat start time) into the file and empties it
 * on release, so a shell can tell whether a live process holds the lock ({@link #HELD_BY_LIVE_PROCESS})
 * without a lock call of its own: conmon's exit command uses that. A holder killed outright leaves its
 * line behind, but the process it names is gone (or has another start time), so the lock reads as free.
 */
public final class FileLock implements AutoCloseable {
    /**
     * A POSIX shell function: {@code held FILE} succeeds when FILE names a live holder. /proc/PID/stat's
     * 22nd field is the start time; after the ") " that ends the command name it is the 20th.
     */
    public static final String HELD_BY_LIVE_PROCESS = "held() { read -r p t < \"$1\" || return 1; "
            + "read -r s < \"/proc/$p/stat\" || return 1; set -- ${s##*) }; [ \"${20}\" = \"$t\" ]; }";

    /** Lock files held by this JVM (or being acquired), by absolute path. */
    private static final Set<Path> HELD = new HashSet<>();

    private static byte[] holderLine;

    private final Path path;
    private final Path key;
    private final boolean holderVanished;
    private FileChannel channel;

    private FileLock(Path path, Path key, FileChannel channel, boolean holderVanished) {
        this.path = path;
        this.key = key;
        this.channel = channel;
        this.holderVanished = holderVanished;
    }

    /** Blocks until an exclusive lock on {@code path} (created with mode 0600 if missing) is held. */
    public static FileLock exclusive(Path path) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (HELD) {
            while (HELD.contains(key)) {
                try {
                    HELD.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SysException("lock", Errno.EINTR, "interrupted waiting for " + path);
                }
            }
            HELD.add(key);
        }
        return acquire(path, key, true);
    }

    /** An exclusive lock, or null when someone else (in this JVM or another process) holds it. */
    public static FileLock tryExclusive(Path path) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (!HELD.add(key)) {
                return null;
            }
        }
        return acquire(path, key, false);
    }

    /** Takes the process-wide lock for a path this JVM has just reserved in {@link #HELD}. */
    private static FileLock acquire(Path path, Path key, boolean wait) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            java.nio.channels.FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock == null) {
                channel.close();
                unreserve(key);
                return null;
            }
            boolean vanished = channel.size() > 0;
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holderLine()), 0);
            return new FileLock(path, key, channel, vanished);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            unreserve(key);
            if (e instanceof SysException se) throw se;
            int errno = e instanceof java.nio.file.NoSuchFileException ? Errno.ENOENT
                    : e instanceof java.nio.file.AccessDeniedException ? Errno.EACCES : 0;
            throw new SysException(channel == null ? "open" : "lock", errno, path + ": " + e.getMessage());
        }
    }

    private static void unreserve(Path key) {
        synchronized (HELD) {
            HELD.remove(key);
            HELD.notifyAll();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing releases the lock; nothing more to do.
        }
    }

    /** "PID STARTTIME\n" of this process, read once. */
    private static synchronized byte[] holderLine() {
        if (holderLine == null) {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
                holderLine = (ProcessHandle.current().pid() + " " + fields[19] + "\n").getBytes(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return holderLine;
    }

    public Path path() {
        return path;
    }

    /**
     * Whether the previous holder ended without releasing the lock (it was killed or crashed): its
     * line was still in the file. What it was doing under the lock may be half done.
     */
    public boolean previousHolderVanished() {
        return holderVanished;
    }

    /** Empties the holder line, releases the lock and closes the file; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (channel == null) return;
        FileChannel c = channel;
        channel = null;
        try {
            c.truncate(0);
        } catch (IOException ignored) {
            // The line names this process, which is about to release the lock anyway.
        }
        closeQuietly(c);
        unreserve(key);
    }
}

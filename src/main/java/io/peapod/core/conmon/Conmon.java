package io.peapod.core.conmon;

import io.peapod.image.Json;
import io.peapod.sys.Jni;
import io.peapod.sys.SysException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Creates containers under conmon and drives the OCI runtime for the rest of their life.
 *
 * <p>conmon forks twice: the process we spawn exits as soon as its daemon child is set up, and we
 * reap it. The daemon (reparented to init) runs {@code runc create}, reports the container's pid on
 * the sync pipe, stays as the container's parent, writes the exit file and runs the exit command.
 * So the container outlives this JVM, which is what a daemonless engine needs.
 */
public final class Conmon {
    private Conmon() {}

    /** Podman's ContainerCreateTimeout: how long runc create may take before we give up. */
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(4);

    static final int SYNC_FD = 3, START_FD = 4;

    public static CreateResult create(ConmonRequest r, Path conmonPath) {
        mkdirs(r);
        Started conmon = spawn(r, ConmonArgs.create(r, conmonPath));
        try {
            String text;
            try {
                text = readSync(conmon.syncFd(), r);
            } catch (ConmonException | SysException e) {
                // conmon reaped and the runtime's half-made container deleted, whatever stopped the read
                Jni.waitFor(conmon.pid());
                forget(r);
                throw e;
            }
            // The status of the conmon we started, which exits once its daemon child is set up.
            int conmonStatus = Jni.waitFor(conmon.pid());
            if (conmonStatus != 0) {
                throw new ConmonException("conmon failed (exit status " + conmonStatus + ")" + detail(r.conmonStderr()));
            }
            if (text.isBlank()) {
                forget(r);
                String why = lastRuntimeError(r.ociLog()).orElse("no message from conmon");
                throw new ConmonException("container create failed: " + why + detail(r.conmonStderr()));
            }
            SyncMessage msg = SyncMessage.parse(text);
            if (msg.failed()) {
                forget(r);
                String why = lastRuntimeError(r.ociLog()).orElse(msg.message());
                throw ConmonException.runtimeRefused(r.runtimePath().getFileName().toString(),
                        why.isBlank() ? "no details" : why.strip());
            }
            return new CreateResult(msg.data(), readPid(r.conmonPidFile()).orElse(0));
        } catch (SysException e) {
            throw new ConmonException("conmon: " + e.getMessage(), e);
        } finally {
            closeQuietly(conmon.syncFd());
        }
    }

    /** As libpod after a failed create: make sure the runtime keeps no half-created container. */
    private static void forget(ConmonRequest r) {
        Runc.run(r.runtimePath(), r.runtimeRoot(), "delete", "--force", r.containerId());
    }

    private static void mkdirs(ConmonRequest r) {
        try {
            Files.createDirectories(r.containerDir());
            Files.createDirectories(r.exitDir());
            if (r.persistDir() != null) Files.createDirectories(r.persistDir());
            if (r.socketDir() != null) Files.createDirectories(r.socketDir());
            if (r.logPath() != null && r.logPath().getParent() != null) Files.createDirectories(r.logPath().getParent());
            // Stale files from an earlier run of the same container would be mistaken for this run's.
            Files.deleteIfExists(r.exitDir().resolve(r.containerId()));
            Files.deleteIfExists(r.ociLog());
            Files.deleteIfExists(r.conmonPidFile());
        } catch (IOException e) {
            throw new ConmonException("preparing conmon directories: " + e.getMessage(), e);
        }
    }

    /** A conmon we started: its pid, to wait for, and the read end of its sync pipe. */
    private record Started(int pid, int syncFd) {}

    /**
     * Starts conmon with its sync pipe on fd 3 and its start pipe on fd 4 ({@link Jni#spawn}: ProcessBuilder
     * cannot pass descriptors beyond stdio). Plain pipes rather than libpod's SOCK_SEQPACKET socketpair:
     * conmon only read()s the start pipe and write()s one JSON line to the sync pipe. One byte on the start
     * pipe lets it go on at once (libpod first moves it into a cgroup; we need not). conmon starts in a new
     * session, like libpod's Setpgid (a Ctrl-C at our terminal must not reach the monitor), with every
     * signal at its default disposition; its stdio is /dev/null and, for early errors we can quote, its
     * stderr file.
     */
    private static Started spawn(ConmonRequest r, List<String> conmonArgv) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        // A NOTIFY_SOCKET meant for us must not reach the container through conmon (libpod strips it too).
        env.remove("NOTIFY_SOCKET");
        env.put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
        env.put("_OCI_STARTPIPE", Integer.toString(START_FD));
        int[] sync = {-1, -1}, start = {-1, -1};
        int devNull = -1, stderr = -1;
        try {
            sync = Jni.pipe();
            start = Jni.pipe();
            devNull = Jni.open(Path.of("/dev/null"), Jni.O_RDONLY, 0);
            stderr = Jni.open(r.conmonStderr(), Jni.O_WRONLY | Jni.O_CREAT | Jni.O_TRUNC, 0644);
            int pid = Jni.spawn(conmonArgv, env, List.of(devNull, stderr, stderr, sync[1], start[0]), true);
            try {
                Jni.write(start[1], new byte[] {0});
            } catch (SysException e) {
                // EPIPE: conmon already died; its exit status says why.
            }
            return new Started(pid, sync[0]);
        } catch (SysException e) {
            closeQuietly(sync[0]);
            throw new ConmonException("starting conmon: " + e.getMessage(), e);
        } finally {
            // Ours closed, conmon's kept: the sync pipe ends when conmon's last copy of its write end closes.
            for (int fd : new int[] {sync[1], start[0], start[1], devNull, stderr}) {
                closeQuietly(fd);
            }
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                Jni.close(fd);
            } catch (SysException e) {
                // nothing to lose: the descriptor is gone either way
            }
        }
    }

    /** conmon's sync line (blank when none came), waiting at most {@link #CREATE_TIMEOUT}. */
    private static String readSync(int syncFd, ConmonRequest r) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            int n = Jni.read(syncFd, buffer, (int) Math.min(left, Integer.MAX_VALUE));
            if (n < 0) {
                readPid(r.conmonPidFile()).ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
                throw new ConmonException("container creation timed out after " + CREATE_TIMEOUT);
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, 0, i);
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
            if (n == 0) {
                return line.toString(StandardCharsets.UTF_8);   // end of file
            }
            line.write(buffer, 0, n);
        }
    }

    /** runc's JSON log holds one object per line; the last error-level "msg" is the reason. */
    static Optional<String> lastRuntimeError(Path ociLog) {
        List<String> lines;
        try {
            lines = Files.readAllLines(ociLog);
        } catch (IOException e) {
            return Optional.empty();
        }
        String found = null;
        for (String line : lines) {
            try {
                Map<String, Object> m = Json.object(line, "runtime log line");
                if ("error".equals(m.get("level")) && m.get("msg") instanceof String s) found = s;
            } catch (RuntimeException e) {
                // Not JSON: an old runtime that ignored --log-format; skip it.
            }
        }
        return Optional.ofNullable(found);
    }

    private static String detail(Path stderrFile) {
        try {
            String s = Files.readString(stderrFile).strip();
            return s.isEmpty() ? "" : ": " + s;
        } catch (IOException e) {
            return "";
        }
    }

    /** A pid file's number; conmon and runc write it without a newline, but tolerate one. */
    static OptionalInt readPid(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * {@code runc start ID}: lets the created container's process exec its command. With runc that is its exec
     * fifo, which libpeapod opens and removes as runc's start does, sparing a runc process (~10 ms of every
     * `run -d`, between the network coming up and the process starting); any other runtime, or a container
     * whose init died, gets the runtime's own start (and its words for what went wrong).
     */
    public static void start(Path runtimePath, Path runtimeRoot, String id, int initPid) {
        if (initPid > 0 && runtimePath.getFileName().toString().equals("runc")
                && Jni.releaseExecFifo(runtimeRoot.resolve(id).resolve("exec.fifo"), initPid)) {
            return;
        }
        Runc.check(Runc.run(runtimePath, runtimeRoot, "start", id), "starting container " + id);
    }

    /** {@code runc kill ID SIGNAL}; the signal as runc takes it: "TERM", "SIGTERM" or "15". */
    public static void kill(Path runtimePath, Path runtimeRoot, String id, String signal) {
        Runc.check(Runc.run(runtimePath, runtimeRoot, "kill", id, signal), "signalling container " + id);
    }

    /** {@code runc pause ID}: freezes every process of the container (the freezer cgroup). */
    public static void pause(Path runtimePath, Path runtimeRoot, String id) {
        Runc.check(Runc.run(runtimePath, runtimeRoot, "pause", id), "pausing container " + id);
    }

    /** {@code runc resume ID}: thaws a paused container. */
    public static void resume(Path runtimePath, Path runtimeRoot, String id) {
        Runc.check(Runc.run(runtimePath, runtimeRoot, "resume", id), "unpausing container " + id);
    }

    /** {@code runc update --resources FILE ID}: new cgroup limits (an OCI LinuxResources document) for a live container. */
    public static void update(Path runtimePath, Path runtimeRoot, String id, Path resources) {
        Runc.check(Runc.run(runtimePath, runtimeRoot, "update", "--resources", resources.toString(), id),
                "updating container " + id);
    }

    /** {@code runc delete [--force] ID}; force kills a container that is still running. */
    public static void delete(Path runtimePath, Path runtimeRoot, String id, boolean force) {
        Runc.Result r = force ? Runc.run(runtimePath, runtimeRoot, "delete", "--force", id)
                : Runc.run(runtimePath, runtimeRoot, "delete", id);
        Runc.check(r, "deleting container " + id);
    }

    /**
     * {@code runc delete --force ID} when the runtime has state for the container (its directory under
     * the runtime root): a fresh or already deleted container costs no runtime call, and an exited one's
     * state is removed without runc ({@link ExitedRuncState}).
     */
    public static void deleteIfKnown(Path runtimePath, Path runtimeRoot, String id) {
        if (Files.isDirectory(runtimeRoot.resolve(id)) && !ExitedRuncState.remove(runtimePath, runtimeRoot, id)) {
            delete(runtimePath, runtimeRoot, id, true);
        }
    }

    /**
     * Waits, at most {@code timeout}, until the conmon with process id {@code pid} has exited (0: none
     * recorded). After the container's exit it still writes the persist-dir exit file and runs the
     * exit command; removing its directories meanwhile would race with it.
     */
    public static void awaitExit(int pid, Duration timeout) {
        if (pid <= 0) {
            return;
        }
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline && runningConmon(Files.readString(stat))) {
                Thread.sleep(5);
            }
        } catch (IOException e) {
            // gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether a /proc/PID/stat line is a live conmon: "PID (conmon) S ...". An exited one stays a zombie
     * ("Z") until init reaps it, which can take seconds on a host without systemd: it writes nothing more.
     */
    static boolean runningConmon(String stat) {
        int close = stat.lastIndexOf(')');
        return stat.contains("(conmon)") && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z'
                && stat.charAt(close + 2) != 'X';
    }

    /** {@code runc state ID}; empty when the runtime does not know the container (never created or deleted). */
    public static Optional<RuntimeState> state(Path runtimePath, Path runtimeRoot, String id) {
        Runc.Result r = Runc.run(runtimePath, runtimeRoot, "state", id);
        if (!r.ok()) {
            // libpod matches the same words: the container is gone, which is an answer, not an error.
            if (r.stderr().contains("does not exist") || r.stderr().contains("No such file")) return Optional.empty();
            throw new ConmonException("state of container " + id + ": " + r.why());
        }
        return Optional.of(parseState(r.stdout()));
    }

    static RuntimeState parseState(String json) {
        try {
            Map<String, Object> m = Json.object(json, "runtime state");
            int pid = m.get("pid") instanceof Number n ? n.intValue() : 0;
            return new RuntimeState((String) m.get("id"), RuntimeState.Status.parse(String.valueOf(m.get("status"))), pid,
                    m.get("bundle") instanceof String b ? b : null);
        } catch (RuntimeException e) {
            if (e instanceof ConmonException ce) throw ce;
            throw new ConmonException("parsing runtime state: " + e.getMessage(), e);
        }
    }

    /**
     * The container's exit code from conmon's exit file ({@code exitDir/ID}); empty while it runs.
     * conmon writes the number as decimal text; a container killed by signal N shows 128+N.
     */
    public static OptionalInt exitCode(Path exitDir, String id) {
        Path file = exitDir.resolve(id);
        try {
            String s = Files.readString(file).strip();
            // An empty file is one conmon has created but not yet filled.
            return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new ConmonException("reading exit file " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new ConmonException("exit file " + file + " holds no number", e);
        }
    }

    /** Polls {@link #exitCode} until it appears or {@code timeout} passes (libpod polls the same file). */
    public static OptionalInt awaitExitCode(Path exitDir, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            OptionalInt code = exitCode(exitDir, id);
            if (code.isPresent() || System.nanoTime() > deadline) return code;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return code;
            }
        }
    }
}

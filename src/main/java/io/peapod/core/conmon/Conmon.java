package io.peapod.core.conmon;

import io.peapod.image.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        Process shell = spawn(r, ConmonArgs.create(r, conmonPath));
        try (InputStream sync = shell.getInputStream(); InputStream status = shell.getErrorStream()) {
            release(shell.getOutputStream());
            String text;
            try {
                text = readSync(sync, r);
            } catch (ConmonException e) {
                shell.waitFor();
                forget(r);
                throw e;
            }
            shell.waitFor();
            // The status of the conmon we started, which exits once its daemon child is set up.
            String conmonStatus = new String(status.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!conmonStatus.equals("0")) {
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
        } catch (IOException e) {
            throw new ConmonException("reading conmon's sync pipe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConmonException("interrupted waiting for conmon", e);
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

    /**
     * Starts conmon with its sync pipe on fd 3 and its start pipe on fd 4, without a native call in
     * this JVM (see io.peapod.sys.FileLock for why that matters). Plain pipes rather than libpod's
     * SOCK_SEQPACKET socketpair: conmon only read()s the start pipe and write()s one JSON line to the
     * sync pipe. The start pipe is the shell's stdin. The sync pipe cannot simply be its stdout: conmon
     * daemonizes and its first process exits at once, and the JDK closes a child's stdout when the
     * child exits; so a second part of the pipeline reads conmon's line and passes it on, and the shell
     * lives until the line came. The first part reports conmon's exit status on stderr. conmon starts in
     * a new session, like libpod's Setpgid (a Ctrl-C at our terminal must not reach the monitor), and
     * with default signal dispositions ({@link DefaultSignals}).
     * conmon's own stdio is /dev/null and, for early errors we can quote, its stderr file.
     */
    private static Process spawn(ConmonRequest r, List<String> conmonArgv) {
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "{ \"$@\" " + SYNC_FD + ">&1 " + START_FD + "<&0 </dev/null >\"$0\" 2>&1; echo $? >&2; }"
                        + " | { IFS= read -r line; printf '%s\\n' \"$line\"; }",
                r.conmonStderr().toString()));
        argv.addAll(DefaultSignals.prefix(true));
        argv.addAll(conmonArgv);
        ProcessBuilder pb = DefaultSignals.environment(new ProcessBuilder(argv));
        Map<String, String> env = pb.environment();
        // A NOTIFY_SOCKET meant for us must not reach the container through conmon (libpod strips it too).
        env.remove("NOTIFY_SOCKET");
        env.put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
        env.put("_OCI_STARTPIPE", Integer.toString(START_FD));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ConmonException("starting conmon: " + e.getMessage(), e);
        }
    }

    /** One byte on the start pipe lets conmon go on; libpod moves it into a cgroup first, we need not. */
    private static void release(OutputStream start) {
        try (start) {
            start.write(0);
        } catch (IOException e) {
            // EPIPE: conmon already died; its exit status says why.
        }
    }

    /** conmon's sync line (blank when none came), waiting at most {@link #CREATE_TIMEOUT}. */
    private static String readSync(InputStream sync, ConmonRequest r) {
        // The read blocks, so it gets its own thread and we bound the wait.
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(sync), Thread::startVirtualThread);
        try {
            return line.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Killing conmon closes the write end, which ends the blocked read.
            readPid(r.conmonPidFile()).ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            line.join();
            throw new ConmonException("container creation timed out after " + CREATE_TIMEOUT);
        } catch (ExecutionException e) {
            throw new ConmonException("reading conmon's sync pipe: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConmonException("interrupted waiting for conmon", e);
        }
    }

    /** Bytes up to the first newline or end of file. */
    private static String readLine(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') out.write(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
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

    /** {@code runc start ID}: lets the created container's process exec its command. */
    public static void start(Path runtimePath, Path runtimeRoot, String id) {
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
        Runc.check(Runc.run(runtimePath, runtimeRoot, "update", "--resources", resources.toString(), id), "updating container " + id);
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

package io.peapod.core.conmon;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code runc exec --process SPEC ID}: a process in a running container, without conmon.
 *
 * <p>In the foreground runc does what conmon does for podman's exec sessions: it copies a terminal
 * itself when the process spec asks for one (putting ours in raw mode), forwards the signals it gets,
 * copies our stdin (or /dev/null) and stdout to the process, and exits with the process's status once
 * its output is closed. The stderr runc gets from us is a pipe that we copy, because runc reports its own failures
 * ("executable file not found") on the same stderr and the user should see podman's wording instead.
 * runc writes the pid file only once the process has started, so anything on that pipe before the
 * pid file exists is held back until we know who wrote it.
 */
public final class RuncExec {
    private RuncExec() {}

    /** What happened: the process's exit status, or the runtime's reason for not starting it. */
    public record Outcome(int exitCode, Optional<String> runtimeError) {}

    /** How long to wait for the last of stderr after runc exits. */
    private static final long DRAIN_MILLIS = 200;

    /**
     * Runs the process in the foreground; returns once runc exits, which is when the process has
     * exited and its output is closed (a background child that keeps it open holds runc too).
     *
     * @param files where the session keeps its pid file and runc's log, deleted afterwards
     */
    public static Outcome foreground(Path runtime, Path runtimeRoot, String id, Path processSpec, SessionFiles files,
                                     boolean interactive, OutputStream stderr) {
        List<String> argv = argv(runtime, runtimeRoot, files, List.of("exec", "--process", processSpec.toString(),
                "--pid-file", files.pidFile().toString(), id));
        // ProcessBuilder rather than sys.Jni.spawn: nothing here needs an extra fd, and the JDK gives the
        // streams this copies.
        Process p = start(DefaultSignals.environment(new ProcessBuilder(argv))
                .redirectInput(interactive ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE), runtime);
        StderrCopy copy = new StderrCopy(p.getErrorStream(), files.pidFile(), stderr);
        Thread copier = Thread.ofPlatform().daemon().name("peapod-exec-stderr").start(copy);
        int status = waitFor(p);
        copy.runtimeExited = true;
        try {
            // runc has copied the process's stderr to the end; what is left in the pipe comes at once
            copier.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<String> error = status == 0 ? Optional.empty() : Conmon.lastRuntimeError(files.log());
        if (error.isEmpty()) {
            copy.release();
        }
        return new Outcome(status, error);
    }

    /**
     * {@code runc exec --detach}: returns once the process has started (the pid file names it), or
     * with the runtime's reason. The process keeps /dev/null as its stdio and outlives us.
     */
    public static Outcome detached(Path runtime, Path runtimeRoot, String id, Path processSpec, SessionFiles files) {
        List<String> argv = argv(runtime, runtimeRoot, files, List.of("exec", "--detach", "--process",
                processSpec.toString(), "--pid-file", files.pidFile().toString(), id));
        Process p = start(DefaultSignals.environment(new ProcessBuilder(argv)).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), runtime);
        int status = waitFor(p);
        if (status == 0) {
            return new Outcome(0, Optional.empty());
        }
        return new Outcome(status, Optional.of(Conmon.lastRuntimeError(files.log()).orElse("exit status " + status)));
    }

    private static final File DEV_NULL = new File("/dev/null");

    private static Process start(ProcessBuilder pb, Path runtime) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ConmonException("running " + runtime + ": " + e.getMessage(), e);
        }
    }

    /** The exit status as a shell gives it: the code, or 128+N for a death by signal N. */
    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // not ours to give up: runc forwards the signals that matter to the process
            }
        }
    }

    /** A process run to its end with its output captured (podman's top runs ps(1) so). */
    public record Captured(int exitCode, String stdout, String stderr, Optional<String> runtimeError) {}

    public static Captured captured(Path runtime, Path runtimeRoot, String id, Path processSpec, SessionFiles files) {
        Runc.Result r = Runc.run(runtime, runtimeRoot, "--log", files.log().toString(), "--log-format", "json",
                "exec", "--process", processSpec.toString(), id);
        Optional<String> error = r.ok() ? Optional.empty() : Conmon.lastRuntimeError(files.log());
        return new Captured(r.exitCode(), r.stdout(), r.stderr(), error);
    }

    /** The files of one exec session: runc's pid file and its JSON log. */
    public record SessionFiles(Path pidFile, Path log) {}

    private static List<String> argv(Path runtime, Path runtimeRoot, SessionFiles files, List<String> command) {
        List<String> argv = DefaultSignals.prefix();
        argv.addAll(List.of(runtime.toString(), "--root", runtimeRoot.toString(),
                "--log", files.log().toString(), "--log-format", "json"));
        argv.addAll(command);
        return argv;
    }

    /** Copies the process's stderr to ours, holding back what arrives before the process has started. */
    private static final class StderrCopy implements Runnable {
        private final InputStream in;
        private final Path pidFile;
        private final OutputStream out;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private boolean started;
        volatile boolean runtimeExited;

        StderrCopy(InputStream in, Path pidFile, OutputStream out) {
            this.in = in;
            this.pidFile = pidFile;
            this.out = out;
        }

        @Override
        public void run() {
            byte[] buf = new byte[16 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        if (!started) {
                            started = awaitStart();
                        }
                        if (started) {
                            flushHeld();
                            out.write(buf, 0, n);
                            out.flush();
                        } else {
                            held.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                // our stderr is gone, or the pipe broke: nothing more to copy
            }
        }
        /** True once the pid file exists; false if runc exited without writing one (it failed). */
        private boolean awaitStart() {
            while (true) {
                if (Files.exists(pidFile)) {
                    return true;
                }
                if (runtimeExited) {
                    return Files.exists(pidFile);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }

        /** runc did not fail: whatever was held back came from the process. */
        synchronized void release() {
            try {
                flushHeld();
                out.flush();
            } catch (IOException e) {
                // our stderr is gone
            }
        }

        private void flushHeld() throws IOException {
            if (held.size() > 0) {
                held.writeTo(out);
                held.reset();
            }
        }
    }
}

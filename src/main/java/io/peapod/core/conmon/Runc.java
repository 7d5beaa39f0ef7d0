package io.peapod.core.conmon;

import io.peapod.sys.ChildProcess;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the OCI runtime's short-lived subcommands (start, kill, delete, state...) and captures their output. */
final class Runc {
    private Runc() {}

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The runtime's own words, for error messages. */
        String why() {
            String s = stderr.strip();
            return s.isEmpty() ? "exit status " + exitCode : s;
        }
    }

    /** {@code runtime --root ROOT args...}; global flags must precede the subcommand. */
    static Result run(Path runtimePath, Path runtimeRoot, String... args) {
        List<String> argv = new ArrayList<>(List.of(runtimePath.toString(), "--root", runtimeRoot.toString()));
        argv.addAll(List.of(args));
        try {
            // Plain ProcessBuilder is enough here: no extra fds, and the runtime exits promptly.
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            // Drain stderr concurrently so a chatty runtime cannot fill one pipe while we block on the other.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()),
                    Thread::startVirtualThread);
            String out = readAll(p.getInputStream());
            int code = p.waitFor();
            return new Result(code, out, err.join());
        } catch (IOException e) {
            throw new ConmonException("running " + runtimePath + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConmonException("interrupted while running " + runtimePath, e);
        }
    }

    /**
     * {@link #run} for a subcommand whose standard output is of no use (start, kill, delete, pause, resume, update):
     * through {@link ChildProcess} rather than ProcessBuilder, whose helper exec and stderr thread cost ~5 ms of
     * every `run -d` and `rm -f`. The runtime's stderr is the result's.
     */
    static Result runQuiet(Path runtimePath, Path runtimeRoot, String... args) {
        if (!runtimePath.isAbsolute()) {
            return run(runtimePath, runtimeRoot, args);   // ChildProcess does not search PATH
        }
        List<String> argv = new ArrayList<>(List.of(runtimePath.toString(), "--root", runtimeRoot.toString()));
        argv.addAll(List.of(args));
        try {
            ChildProcess.Result r = ChildProcess.run(argv, null, 120_000);
            return new Result(r.exitCode(), "", new String(r.stderr(), StandardCharsets.UTF_8));
        } catch (SysException e) {
            throw new ConmonException("running " + runtimePath + ": " + e.getMessage(), e);
        }
    }

    static Result check(Result r, String what) {
        if (!r.ok()) throw new ConmonException(what + ": " + r.why());
        return r;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConmonException("reading runtime output: " + e.getMessage(), e);
        }
    }
}

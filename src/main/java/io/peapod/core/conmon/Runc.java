package io.peapod.core.conmon;

import io.peapod.sys.ChildProcess;
import io.peapod.sys.SysException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * {@code runtime --root ROOT args...}; global flags must precede the subcommand. Through {@link ChildProcess}
     * (libpeapod's spawn) rather than ProcessBuilder, whose helper exec and stderr reader cost ~5 ms of every
     * `run -d` and `rm -f`. The runtime's path always has a '/' (RuntimeChoice resolves bare names), as the spawn
     * needs: it searches no PATH.
     */
    static Result run(Path runtimePath, Path runtimeRoot, String... args) {
        List<String> argv = new ArrayList<>(List.of(runtimePath.toString(), "--root", runtimeRoot.toString()));
        argv.addAll(List.of(args));
        try {
            ChildProcess.Result r = ChildProcess.run(argv, null, TIMEOUT_MILLIS);
            return new Result(r.exitCode(), new String(r.stdout(), StandardCharsets.UTF_8),
                    new String(r.stderr(), StandardCharsets.UTF_8));
        } catch (SysException e) {
            throw new ConmonException("running " + runtimePath + ": " + e.getMessage(), e);
        }
    }

    /** The runtime's short-lived subcommands end within it; one that does not is killed and reported. */
    private static final int TIMEOUT_MILLIS = 120_000;

    static Result check(Result r, String what) {
        if (!r.ok()) throw new ConmonException(what + ": " + r.why());
        return r;
    }
}

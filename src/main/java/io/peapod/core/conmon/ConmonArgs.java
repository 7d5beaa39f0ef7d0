package io.peapod.core.conmon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** conmon's command line for creating a container, in the order Podman's libpod builds it. */
final class ConmonArgs {
    private ConmonArgs() {}

    /** conmon's own verbosity; Podman passes its logrus level, whose default is "warning". */
    static final String LOG_LEVEL = "warning";

    static List<String> create(ConmonRequest r, Path conmonPath) {
        List<String> a = new ArrayList<>();
        a.add(conmonPath.toString());
        // API version 1: the sync pipe speaks {"data": N, "message": "..."}.
        a.addAll(List.of("--api-version", "1"));
        a.addAll(List.of("-c", r.containerId()));
        // The "container UUID" names the attach-socket directory; Podman uses the id for the main process.
        a.addAll(List.of("-u", r.containerId()));
        a.addAll(List.of("-r", r.runtimePath().toString()));
        a.addAll(List.of("-b", r.bundleDir().toString()));
        a.addAll(List.of("-p", r.pidFile().toString()));
        a.addAll(List.of("-n", r.containerName()));
        a.addAll(List.of("--exit-dir", r.exitDir().toString()));
        if (r.persistDir() != null) a.addAll(List.of("--persist-dir", r.persistDir().toString()));
        // Without --full-attach conmon shortens the attach socket path to fit sun_path (108 bytes)
        // through a symlink under --socket-dir-path; with it the socket sits at <bundle>/attach.
        a.add("--full-attach");
        if (r.socketDir() != null) a.addAll(List.of("--socket-dir-path", r.socketDir().toString()));
        // Runtime flags go before runc's subcommand: the state root, and a JSON log we can quote on failure.
        a.addAll(List.of("--runtime-arg", "--root=" + r.runtimeRoot()));
        a.addAll(List.of("-l", "none".equals(r.logDriver()) ? "none" : "k8s-file:" + r.logPath()));
        if (r.logSizeMax() > 0) a.addAll(List.of("--log-size-max", Long.toString(r.logSizeMax())));
        a.addAll(List.of("--log-level", LOG_LEVEL));
        // After daemonizing, conmon's stderr is /dev/null; syslog is where its own complaints go
        // (dropped quietly when no syslog daemon listens, as on this host).
        a.add("--syslog");
        a.addAll(List.of("--runtime-arg", "--log-format=json", "--runtime-arg", "--log",
                "--runtime-arg=" + r.ociLog()));
        // -t and -i are exclusive in libpod: a terminal already carries stdin.
        if (r.terminal()) a.add("-t");
        else if (r.stdin()) a.add("-i");
        a.addAll(List.of("--conmon-pidfile", r.conmonPidFile().toString()));
        List<String> exit = r.exitCommand();
        if (!exit.isEmpty()) {
            a.addAll(List.of("--exit-command", exit.getFirst()));
            for (String arg : exit.subList(1, exit.size())) a.addAll(List.of("--exit-command-arg", arg));
        }
        return a;
    }
}

package io.peapod.core;

import io.peapod.core.conmon.RuncExec;
import io.peapod.core.names.ContainerIds;
import io.peapod.core.oci.Capabilities;
import io.peapod.engine.EngineException;
import io.peapod.engine.ExecSpec;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exec sessions (Podman's {@code podman exec}): a process started in a running container with
 * {@code runc exec} rather than under conmon (see {@link RuncExec} for why that is enough).
 *
 * <p>A session's files live in the container's {@code userdata/exec}: the process spec, runc's pid
 * file and log. A foreground session removes them when it ends; a detached one keeps its pid file,
 * which is what inspect's {@code ExecIDs} lists until the container starts again (as podman keeps
 * detached sessions until then).
 */
final class ExecService {
    /** podman's exit code when an exec session cannot even be created (its -1 from the runtime). */
    static final int CANNOT_CREATE = 255;

    private final ContainerService containers;

    ExecService(ContainerService containers) {
        this.containers = containers;
    }

    /** Runs the session in the foreground; returns the process's exit code. */
    int run(ExecSpec spec, OutputStream err) throws IOException {
        Prepared p = prepare(spec, CANNOT_CREATE);
        try {
            RuncExec.Outcome outcome = RuncExec.foreground(containers.runtime(), containers.runcRoot(), p.containerId(),
                    p.processFile(), p.files(), spec.interactive(), err);
            if (outcome.runtimeError().isPresent()) {
                throw failure(outcome.runtimeError().get(), CANNOT_CREATE);
            }
            return outcome.exitCode();
        } finally {
            Files.deleteIfExists(p.processFile());
            Files.deleteIfExists(p.files().pidFile());
            Files.deleteIfExists(p.files().log());
        }
    }

    /** Starts the session and leaves it running; returns its id. */
    String runDetached(ExecSpec spec) throws IOException {
        Prepared p = prepare(spec, 125);
        try {
            RuncExec.Outcome outcome = RuncExec.detached(containers.runtime(), containers.runcRoot(), p.containerId(),
                    p.processFile(), p.files());
            if (outcome.runtimeError().isPresent()) {
                Files.deleteIfExists(p.files().pidFile());
                throw failure(outcome.runtimeError().get(), 125);
            }
            return p.sessionId();
        } finally {
            Files.deleteIfExists(p.processFile());
            Files.deleteIfExists(p.files().log());
        }
    }

    /** Runs {@code command} as the container's user and returns its output (top's ps fallback). */
    RuncExec.Captured capture(String containerId, List<String> command) throws IOException {
        ExecSpec spec = new ExecSpec(containerId, command, List.of(), "", "", false, false, false);
        Prepared p = prepare(spec, 125);
        try {
            return RuncExec.captured(containers.runtime(), containers.runcRoot(), p.containerId(), p.processFile(),
                    p.files());
        } finally {
            Files.deleteIfExists(p.processFile());
            Files.deleteIfExists(p.files().log());
        }
    }

    private record Prepared(String containerId, String sessionId, Path processFile, RuncExec.SessionFiles files) {}

    /** podman's checks in its order, then the process spec written where runc will read it. */
    private Prepared prepare(ExecSpec spec, int refusedCode) throws IOException {
        Map<String, String> host = System.getenv();
        Map<String, String> execEnv = new LinkedHashMap<>();
        EnvValues.parse(spec.env(), host, execEnv);
        ContainerRow row = containers.current(containers.find(spec.container()));
        if (row == null) {
            throw new EngineException("no container with name or ID \"" + spec.container() + "\" found: no such container");
        }
        if (spec.command().isEmpty()) {
            throw new EngineException("must provide a non-empty command to start an exec session: invalid argument",
                    refusedCode);
        }
        if (!row.state().equals(ContainerService.RUNNING)) {
            throw new EngineException("can only create exec sessions on running containers: container state improper",
                    refusedCode);
        }
        Path userdata = containers.userdata(row.id());
        Map<String, Object> bundle = Json.object(Files.readAllBytes(userdata.resolve("config.json")), "container spec");
        Map<String, Object> process = Json.map(bundle.get("process"));
        Path rootfs = Path.of(Json.string(Json.map(bundle.get("root")).get("path")));
        Map<String, Object> config = Json.object(row.config(), "container config");
        String containerUser = Json.string(config.get("user"));
        String userSpec = spec.user().isEmpty() ? containerUser : spec.user();
        Users.Resolved user;
        try {
            user = Users.resolve(userSpec, rootfs);
        } catch (EngineException e) {
            throw new EngineException(e.getMessage(), refusedCode);
        }
        Map<String, Object> exec = ExecProcess.build(process, baseEnv(process, config), execEnv, spec.command(), user,
                home(rootfs, user.uid()), userSpec.equals(containerUser), spec.workdir(),
                spec.tty() && terminalAvailable(spec.interactive()), spec.privileged(),
                spec.privileged() ? Capabilities.host() : List.of());
        Path dir = Files.createDirectories(userdata.resolve("exec"));
        forgetEarlierRuns(dir, row.started());
        // A name, not a secret: SecureRandom's provider set-up would cost a short exec more than it runs.
        String session = ContainerIds.newId(ThreadLocalRandom.current());
        Path processFile = Files.write(dir.resolve(session + ".json"), Json.bytes(exec));
        return new Prepared(row.id(), session, processFile,
                new RuncExec.SessionFiles(dir.resolve(session + ".pid"), dir.resolve(session + ".log")));
    }

    /** The spec's environment without the HOSTNAME the start added (podman's exec does not inherit it either). */
    private static List<String> baseEnv(Map<String, Object> process, Map<String, Object> config) {
        boolean hostnameGiven = ContainerConfig.strings(config.get("env")).stream().anyMatch(e -> e.startsWith("HOSTNAME="));
        List<String> out = new ArrayList<>();
        for (String e : ContainerConfig.strings(process.get("env"))) {
            if (hostnameGiven || !e.startsWith("HOSTNAME=")) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Whether runc can find a terminal of ours to put in raw mode and size the new one by: stdin (when
     * passed on), stdout, or a controlling terminal. Without one runc refuses ("open /dev/tty: no such
     * device or address") where podman's conmon would just allocate the terminal; we run the process
     * without one instead, which is what a script without a terminal mostly wants anyway.
     */
    private static boolean terminalAvailable(boolean interactive) {
        if ((interactive && isTerminal(0)) || isTerminal(1)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[4].equals("0");   // tty_nr: the controlling terminal
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException e) {
            return false;
        }
    }

    /** The user's home in the container's /etc/passwd; "/" without an entry, as runc's user lookup says. */
    private static String home(Path rootfs, int uid) {
        try {
            for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 6 && f[2].equals(String.valueOf(uid)) && !f[5].isEmpty()) {
                    return f[5];
                }
            }
        } catch (IOException e) {
            // no passwd file: the default
        }
        return "/";
    }

    /** podman's words for a process the runtime could not start: 127 not found, 126 not executable. */
    private static EngineException failure(String runtimeMessage, int otherwise) {
        EngineException e = ContainerService.startFailure("runc: " + runtimeMessage);
        if (otherwise == 125 || e.exitCode() == 125) {
            return new EngineException(e.getMessage(), otherwise);
        }
        return e;
    }

    /** Detached sessions of an earlier run of the container are over: podman forgets them at start. */
    private static void forgetEarlierRuns(Path dir, long startedNanos) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path p : s) {
                if (Files.getLastModifiedTime(p).toMillis() * 1_000_000L < startedNanos) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The detached sessions started since the container last started, oldest first (inspect's ExecIDs). */
    static List<String> sessionIds(Path userdata, long startedNanos) {
        Path dir = userdata.resolve("exec");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        record Session(String id, FileTime time) {}
        List<Session> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path p : s) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toMillis() * 1_000_000L >= startedNanos) {
                    String name = p.getFileName().toString();
                    found.add(new Session(name.substring(0, name.length() - 4), t));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparing(Session::time));
        return found.stream().map(Session::id).toList();
    }
}

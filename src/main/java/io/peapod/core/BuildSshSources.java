package io.peapod.core;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent socket behind each {@code --ssh} id for one build. A socket is used as it is; a private key file
 * (buildah loads keys into an in-process agent of its own) is loaded into an {@code ssh-agent} that this build
 * starts for it (openssh-client's, in the foreground so that closing ends it) and whose socket is in a private
 * directory. Started before the first step, so that a key that cannot be read fails the build up front, as
 * buildah's executor does; closed with the build.
 */
final class BuildSshSources implements AutoCloseable {
    private final Map<String, Path> sockets = new LinkedHashMap<>();
    private final List<Process> agents = new ArrayList<>();
    private Path dir;
    /** Ends the agents if the build is interrupted (a signal) before it closes them. */
    private final Thread hook = new Thread(() -> agents.forEach(Process::destroy), "peapod-ssh-agents");

    private BuildSshSources() {}

    static BuildSshSources start(Map<String, Path> given) throws IOException {
        BuildSshSources s = new BuildSshSources();
        try {
            for (Map.Entry<String, Path> e : given.entrySet()) {
                s.sockets.put(e.getKey(), isSocket(e.getValue()) ? e.getValue() : s.agentWith(e.getValue()));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The agent socket for {@code id}, or null when {@code --ssh} does not name it. */
    Path socket(String id) {
        return sockets.get(id);
    }

    boolean isEmpty() {
        return sockets.isEmpty();
    }

    private Path agentWith(Path key) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory(BuildService.tempDir(), "peapod-ssh-keys-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path socket = dir.resolve("agent." + agents.size());
        Process agent;
        try {
            agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new EngineException("creating build executor: loading ssh key " + key + ": ssh-agent is needed (openssh-client)");
        }
        if (agents.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        agents.add(agent);
        for (int i = 0; i < 200 && !Files.exists(socket) && agent.isAlive(); i++) {
            sleep();
        }
        ProcessBuilder add = new ProcessBuilder("ssh-add", "-q", key.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        add.environment().remove("DISPLAY");
        add.environment().remove("SSH_ASKPASS");
        try {
            Process p = add.start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new EngineException("creating build executor: cannot parse ssh key: ssh: no key found");   // buildah's words
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return socket;
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** (st_mode &amp; S_IFMT) == S_IFSOCK. */
    static boolean isSocket(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0140000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (!agents.isEmpty()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook ends them
            }
        }
        for (Process p : agents) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

package io.peapod.core;

import io.peapod.build.MountSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One RUN step's {@code --mount=type=ssh}s, as buildah forwards an ssh-agent: for each mount a socket of its
 * own in a private directory of the host, which passes every connection through to the agent that
 * {@code --ssh ID=SOCKET} (or {@code $SSH_AUTH_SOCK} for {@code --ssh ID}) names or that holds the key of
 * {@code --ssh ID=KEYFILE} ({@link BuildSshSources}), bound read-only at the
 * mount's target ({@code /run/buildkit/ssh_agent.N} by default, N counting the step's ssh mounts), with the
 * mount's mode (default 0620, what buildah's shows) and owner. {@code SSH_AUTH_SOCK} names the first target
 * in the step's environment. Closing ends the forwarding and removes the sockets.
 *
 * <p>A proxy rather than a bind of the agent's own socket: the mode and owner asked for apply to the
 * container's socket only, and the agent's directory stays unseen.
 */
final class BuildSshAgents implements AutoCloseable {
    private static final int DEFAULT_MODE = 0620;

    private final Path dir;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<MountRequest> mounts = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private BuildSshAgents(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts forwarding for the ssh mounts among {@code specs}; a mount whose id has no {@code --ssh} source
     * is left out unless it is required (buildah's "ssh required but no ssh with id X found").
     */
    static BuildSshAgents open(List<MountSpec> specs, BuildSshSources sources, String stepText) throws IOException {
        BuildSshAgents agents = new BuildSshAgents(null);
        List<MountSpec> ssh = specs.stream().filter(m -> m.type().equals("ssh")).toList();
        for (MountSpec m : ssh) {
            if (m.required() && sources.socket(m.effectiveId()) == null) {
                throw new EngineException("building at STEP \"" + stepText + "\": ssh required but no ssh with id "
                        + m.effectiveId() + " found");
            }
        }
        if (ssh.isEmpty() || sources.isEmpty()) {
            return agents;   // buildah mounts nothing without --ssh
        }
        Path dir = Files.createTempDirectory(BuildService.tempDir(), "peapod-ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        agents = new BuildSshAgents(dir);
        try {
            int n = 0;
            for (MountSpec m : ssh) {
                String id = m.effectiveId();
                Path upstream = sources.socket(id);
                if (upstream == null) {
                    continue;   // not required (checked above): left out
                }
                String target = m.target().isEmpty() ? "/run/buildkit/ssh_agent." + n : m.target();
                n++;
                Path socket = dir.resolve("ssh_agent." + agents.servers.size());
                agents.serve(socket, upstream);
                Files.setAttribute(socket, "unix:mode", m.mode() == null ? DEFAULT_MODE : m.mode());
                Files.setAttribute(socket, "unix:uid", m.uid() == null ? 0 : m.uid());
                Files.setAttribute(socket, "unix:gid", m.gid() == null ? 0 : m.gid());
                agents.mounts.add(new MountRequest(MountRequest.BIND, socket.toString(), target, List.of("ro")));
                agents.env.putIfAbsent("SSH_AUTH_SOCK", target);
            }
            return agents;
        } catch (IOException | RuntimeException e) {
            agents.close();
            throw e;
        }
    }

    /** The binds of the forwarding sockets, for the RUN container. */
    List<MountRequest> mounts() {
        return mounts;
    }

    /** {@code SSH_AUTH_SOCK}, when a socket is forwarded. */
    Map<String, String> env() {
        return env;
    }

    private void serve(Path socket, Path upstream) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        servers.add(server);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("peapod-ssh-accept").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    Thread.ofVirtual().name("peapod-ssh-conn").start(() -> relay(client, upstream));
                } catch (IOException e) {
                    return;   // closed at the end of the step
                }
            }
        });
    }

    /** One connection: bytes both ways until either side closes. */
    private static void relay(SocketChannel client, Path upstream) {
        try (client; SocketChannel agent = SocketChannel.open(UnixDomainSocketAddress.of(upstream))) {
            Thread back = Thread.ofVirtual().start(() -> pump(agent, client));
            pump(client, agent);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the agent is gone or the client left: the client sees its connection closed
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
            to.shutdownOutput();
        } catch (ClosedChannelException e) {
            // the other direction ended the connection
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocketChannel s : servers) {
            s.close();
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

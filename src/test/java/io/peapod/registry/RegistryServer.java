package io.peapod.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's real {@code docker-registry} (the CNCF distribution registry 2.8) on 127.0.0.1 with a
 * free port and its own temporary storage, for tests. Modes: anonymous plain HTTP, htpasswd basic
 * auth, TLS with a CA made for the test, and bearer tokens issued by {@link TokenIssuer}. Never
 * listens anywhere but loopback. {@link #close()} kills the process and deletes its files.
 */
public final class RegistryServer implements AutoCloseable {
    /** MUTUAL_TLS: TLS that also requires a client certificate signed by the same CA (in certs.d as client.cert/.key). */
    public enum Mode { ANONYMOUS, BASIC, TLS, MUTUAL_TLS, TOKEN }

    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-Pa55";
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Mode mode;
    private final Path dir;
    private final int port;
    private final Process process;
    private final TokenIssuer issuer;

    private RegistryServer(Mode mode, Path dir, int port, Process process, TokenIssuer issuer) {
        this.mode = mode;
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.issuer = issuer;
    }

    /** Fails with what to install when the registry binary is missing: never a silent skip. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: the package docker-registry must be installed to run the"
                    + " registry tests (apt-get install docker-registry; scripts/setup.sh installs it)");
        }
    }

    public static RegistryServer start(Mode mode) throws IOException {
        require();
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-registry");
        try {
            return start(mode, dir);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    private static RegistryServer start(Mode mode, Path dir) throws IOException {
        int port = freePort();
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                .append("  secret: peapod-test-secret\n");
        TokenIssuer issuer = null;
        switch (mode) {
            case ANONYMOUS -> { }
            case BASIC -> {
                if (!Files.isExecutable(Path.of("/usr/bin/htpasswd"))) {
                    throw new AssertionError("/usr/bin/htpasswd is missing: the package apache2-utils must be installed"
                            + " to run the basic-auth registry tests (scripts/setup.sh installs it)");
                }
                Path htpasswd = dir.resolve("htpasswd");
                run(dir, "htpasswd", "-cbB", htpasswd.toString(), USER, PASSWORD);
                config.append("auth:\n  htpasswd:\n    realm: peapod-test\n    path: ").append(htpasswd).append('\n');
            }
            case TLS, MUTUAL_TLS -> {
                TestCertificates.makeServerCertificate(dir);
                config.append("  tls:\n    certificate: ").append(dir.resolve("server.crt"))
                        .append("\n    key: ").append(dir.resolve("server.key")).append('\n');
                // A per-host certs.d directory as podman reads it.
                Path hostDir = dir.resolve("certs.d").resolve("127.0.0.1:" + port);
                Files.createDirectories(hostDir);
                Files.copy(dir.resolve("ca.crt"), hostDir.resolve("ca.crt"));
                if (mode == Mode.MUTUAL_TLS) {
                    config.append("    clientcas:\n      - ").append(dir.resolve("ca.crt")).append('\n');
                    TestCertificates.signed(dir, "client", "peapod-client", "extendedKeyUsage=clientAuth\n");
                    Files.copy(dir.resolve("client.crt"), hostDir.resolve("client.cert"));
                    Files.copy(dir.resolve("client.key"), hostDir.resolve("client.key"));
                }
            }
            case TOKEN -> {
                issuer = TokenIssuer.start(dir, USER, PASSWORD);
                config.append("auth:\n  token:\n    realm: ").append(issuer.realm())
                        .append("\n    service: ").append(TokenIssuer.SERVICE)
                        .append("\n    issuer: ").append(TokenIssuer.ISSUER)
                        .append("\n    rootcertbundle: ").append(issuer.certificate()).append('\n');
            }
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // A test JVM that ends without close() (a failed assertion in set-up, Ctrl-C) still stops the registry.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        RegistryServer server = new RegistryServer(mode, dir, port, p, issuer);
        try {
            server.awaitListening(log);
        } catch (IOException | RuntimeException | Error e) {
            server.stopProcess();
            if (issuer != null) issuer.close();
            throw e;
        }
        return server;
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new AssertionError("docker-registry did not listen on 127.0.0.1:" + port + " in 20 s: " + Files.readString(log));
    }

    /** {@code 127.0.0.1:PORT}: the registry as a reference names it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Mode mode() {
        return mode;
    }

    public Path dir() {
        return dir;
    }

    /** The CA that signed the TLS server certificate (TLS mode). */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A certs.d root holding {@code 127.0.0.1:PORT/ca.crt} (TLS mode). */
    public Path certsDirRoot() {
        return dir.resolve("certs.d");
    }

    /** The token issuer (TOKEN mode), else null. */
    public TokenIssuer issuer() {
        return issuer;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("registry.log"));
    }

    @Override
    public void close() throws IOException {
        try {
            stopProcess();
            if (issuer != null) issuer.close();
        } finally {
            deleteTree(dir);
        }
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a helper program (htpasswd, openssl) in {@code dir}, failing with its output. */
    static String run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

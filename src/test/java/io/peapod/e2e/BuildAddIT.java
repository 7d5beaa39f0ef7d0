package io.peapod.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ADD} of URLs (served by a tiny HTTP server of the test's own, on 127.0.0.1 only) and of bzip2/xz archives,
 * and the {@code io.buildah.version} label, each compared with what podman 4.3.1 (buildah 1.28.2) gives.
 */
class BuildAddIT {
    private HttpServer server;
    private String base;
    /** What the server serves, by path: the body and its Last-Modified (null: none). */
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private record Served(byte[] body, String lastModified) {}

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            Served s = files.get(ex.getRequestURI().getPath());
            if (s == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (s.lastModified() != null) {
                ex.getResponseHeaders().set("Last-Modified", s.lastModified());
            }
            ex.sendResponseHeaders(200, s.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(s.body());
            }
        }
    }

    /** Answers every request with a Content-Length of 1000 and 9 bytes, then closes: a download cut short. */
    private static void cutShort(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket c = server.accept()) {
                byte[] buf = new byte[4096];
                String head = "";
                for (int n; !head.contains("\r\n\r\n") && (n = c.getInputStream().read(buf)) > 0; ) {
                    head += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                }
                c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly part"
                        .getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return;   // closed by the test
            }
        }
    }

    private static Path context(Peapod p, String containerfile) throws IOException {
        Path ctx = p.dir.resolve("ctx");
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Containerfile"), containerfile);
        return ctx;
    }

    private static List<String> lines(String out) {
        return Arrays.asList(out.strip().split("\n"));
    }

    /** A tar holding {@code name} with {@code content}, made by the host's tar. */
    private static byte[] tar(Path work, String name, String content) throws IOException {
        Path dir = Files.createTempDirectory(work, "tar");
        Files.writeString(dir.resolve(name), content);
        Path tar = work.resolve(name + ".tar");
        Peapod.Result r = Peapod.exec(List.of("tar", "-C", dir.toString(), "-cf", tar.toString(), name), null, 60);
        assertThat(r.code()).as(r.toString()).isZero();
        return Files.readAllBytes(tar);
    }

    /** peapod with TMPDIR set, so that what a build leaves in its temporary directory can be looked at. */
    private static Peapod.Result withTmp(Peapod p, Path tmp, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", p.root.toString(),
                "--runroot", p.runroot.toString()));
        cmd.addAll(List.of(args));
        return Peapod.execWithEnv(cmd, Map.of("TMPDIR", tmp.toString()), null, 120);
    }

    private static List<String> leftovers(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("peapod-add")).toList();
        }
    }

    @Test
    void aUrlIsDownloadedNamedAfterItsPathWithMode0600AndItsLastModifiedNeverUnpacked() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            files.put("/files/file.txt", new Served("hello\n".getBytes(StandardCharsets.UTF_8),
                    "Thu, 02 Jan 2020 03:04:05 GMT"));
            files.put("/arch.tar", new Served(tar(p.dir, "inner.txt", "inner\n"), "Thu, 06 May 2021 07:08:09 GMT"));
            files.put("/listing/", new Served("no date\n".getBytes(StandardCharsets.UTF_8), null));
            Path ctx = context(p, """
                    FROM localhost/busybox
                    ADD %1$s/files/file.txt /dst/
                    ADD %1$s/files/file.txt /dst/renamed
                    ADD %1$s/arch.tar /dst/
                    ADD --chown=65534:65534 --chmod=0755 %1$s/files/file.txt /dst/owned
                    ADD %1$s/listing/ /nodate/
                    ADD %1$s/files/file.txt?q=1 /bin
                    """.formatted(base));
            Path tmp = Files.createDirectories(p.dir.resolve("tmp"));
            Peapod.Result built = withTmp(p, tmp, "build", "-t", "fromurl", ctx.toString());
            assertThat(built.code()).as(built.toString()).isZero();
            assertThat(built.out()).contains("STEP 2/7: ADD " + base + "/files/file.txt /dst/\n--> ");

            // as podman 4.3.1 gives them: 0600 (or --chmod), root (or --chown), mtime from Last-Modified (else the
            // epoch), the tar kept as a file, a dest that is an existing directory gets the URL's name inside it
            assertThat(lines(p.ok("run", "--rm", "--network", "none", "fromurl", "stat", "-c", "%n %a %u:%g %Y %s",
                    "/dst/file.txt", "/dst/renamed", "/dst/arch.tar", "/dst/owned", "/nodate/listing", "/bin/file.txt").out()))
                    .containsExactly("/dst/file.txt 600 0:0 1577934245 6", "/dst/renamed 600 0:0 1577934245 6",
                            "/dst/arch.tar 600 0:0 1620284889 10240", "/dst/owned 755 65534:65534 1577934245 6",
                            "/nodate/listing 600 0:0 0 8", "/bin/file.txt 600 0:0 1577934245 6");
            assertThat(p.ok("run", "--rm", "--network", "none", "fromurl", "cat", "/dst/renamed").out()).isEqualTo("hello\n");
            // buildah's history names a lone URL's content by its bare digest
            assertThat(p.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "fromurl").out())
                    .containsPattern("/bin/sh -c #\\(nop\\) ADD [0-9a-f]{64} in /dst/renamed \n");
            assertThat(leftovers(tmp)).isEmpty();

            // the content is fetched again on each build (as buildah does) and the cache follows it
            int before = requests.get();
            Peapod.Result again = withTmp(p, tmp, "build", "-t", "fromurl", ctx.toString());
            assertThat(again.code()).as(again.toString()).isZero();
            assertThat(lines(again.out()).stream().filter(l -> l.startsWith("--> Using cache")).count()).isEqualTo(6);
            assertThat(requests.get() - before).isEqualTo(6);
            files.put("/files/file.txt", new Served("changed\n".getBytes(StandardCharsets.UTF_8),
                    "Thu, 02 Jan 2020 03:04:05 GMT"));
            Peapod.Result changed = withTmp(p, tmp, "build", "-t", "fromurl", ctx.toString());
            assertThat(changed.code()).as(changed.toString()).isZero();
            assertThat(lines(changed.out()).stream().filter(l -> l.startsWith("--> Using cache")).count()).isZero();
            assertThat(p.ok("run", "--rm", "--network", "none", "fromurl", "cat", "/dst/file.txt").out()).isEqualTo("changed\n");
            assertThat(leftovers(tmp)).isEmpty();
        }
    }

    @Test
    void aFailedDownloadEndsTheBuildWithBuildahsWordsAndLeavesNothing() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path tmp = Files.createDirectories(p.dir.resolve("tmp"));
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            String refused = "http://127.0.0.1:" + closedPort + "/x";
            try (ServerSocket cutting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread.ofVirtual().start(() -> cutShort(cutting));
                String shortUrl = "http://127.0.0.1:" + cutting.getLocalPort() + "/short";
                Map<String, String> expected = Map.of(
                        base + "/missing.txt", "reading \"" + base + "/missing.txt\": invalid response status 404",
                        refused, "reading \"" + refused + "\": Get \"" + refused + "\": dial tcp 127.0.0.1:" + closedPort
                                + ": connect: connection refused",
                        // podman prints the copier's request struct too, after "storing ...: "
                        shortUrl, "2 errors occurred:\n\t* reading \"" + shortUrl + "\": writing content from \"" + shortUrl
                                + "\" to tar stream: unexpected EOF\n\t* storing \"" + shortUrl + "\": copier: put: error "
                                + "creating \"/short\": copier: put: error writing file \"/short\": unexpected EOF\n\n");
                for (var e : expected.entrySet()) {
                    Path ctx = context(p, "FROM localhost/busybox\nADD " + e.getKey() + " /d/\n");
                    Peapod.Result r = withTmp(p, tmp, "build", "-t", "failed", ctx.toString());
                    assertThat(r.code()).as(r.toString()).isEqualTo(125);
                    assertThat(r.err()).isEqualTo("Error: building at STEP \"ADD " + e.getKey() + " /d/\": " + e.getValue() + "\n");
                    assertThat(p.run("image", "exists", "failed").code()).isEqualTo(1);
                    assertThat(leftovers(tmp)).as(e.getKey()).isEmpty();
                }
            }
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();
        }
    }

    @Test
    void aBuildKilledDuringADownloadLeavesNothing() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path tmp = Files.createDirectories(p.dir.resolve("tmp"));
            try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
                Thread.ofVirtual().start(() -> {
                    try (Socket c = stalling.accept()) {
                        c.getInputStream().read(new byte[4096]);
                        c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nthe first bytes"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        c.getOutputStream().flush();
                        sent.countDown();
                        Thread.sleep(60_000);   // the rest never comes
                    } catch (IOException | InterruptedException e) {
                        // the test is over
                    }
                });
                String url = "http://127.0.0.1:" + stalling.getLocalPort() + "/big";
                Path ctx = context(p, "FROM localhost/busybox\nADD " + url + " /d/\n");
                ProcessBuilder pb = new ProcessBuilder(Peapod.LAUNCHER.toString(), "--root", p.root.toString(),
                        "--runroot", p.runroot.toString(), "build", "-t", "killed", ctx.toString());
                pb.environment().put("TMPDIR", tmp.toString());
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                Process build = pb.start();
                try {
                    assertThat(sent.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    // the download has begun: its file is there until the build goes
                    boolean started = false;
                    for (int i = 0; i < 300 && !started; i++) {
                        Thread.sleep(100);
                        try (Stream<Path> files = Files.walk(tmp)) {
                            started = files.anyMatch(f -> f.getFileName().toString().equals("big"));
                        }
                    }
                    assertThat(started).as("the download's file under TMPDIR").isTrue();
                    build.destroy();   // SIGTERM, as a user's kill
                    assertThat(build.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                } finally {
                    build.destroyForcibly();
                }
            }
            assertThat(leftovers(tmp)).isEmpty();
            assertThat(p.run("image", "exists", "killed").code()).isEqualTo(1);
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();
        }
    }

    @Test
    void bzip2AndXzArchivesAreUnpackedLikeGzipOnes() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    ADD a.tar.bz2 /bz/
                    ADD a.tar.xz /xz/
                    ADD a.tar.xz /xzfile
                    ADD plain.xz /
                    """);
            Path tar = ctx.resolve("a.tar");
            Files.write(tar, tar(p.dir, "inner.txt", "inner\n"));
            for (List<String> cmd : List.of(List.of("bzip2", "-k", tar.toString()), List.of("xz", "-k", tar.toString()))) {
                Peapod.Result r = Peapod.exec(cmd, null, 60);
                assertThat(r.code()).as(r.toString()).isZero();
            }
            Files.writeString(ctx.resolve("plain"), "not a tar\n");
            Peapod.Result x = Peapod.exec(List.of("xz", ctx.resolve("plain").toString()), null, 60);
            assertThat(x.code()).as(x.toString()).isZero();
            p.ok("build", "-t", "unpacked", ctx.toString());
            // podman 4.3.1: each archive's members land in dest (a directory even without a trailing /); an xz file
            // that is no tar is copied as it is
            assertThat(p.ok("run", "--rm", "--network", "none", "unpacked", "sh", "-c",
                    "cat /bz/inner.txt /xz/inner.txt /xzfile/inner.txt; xz -dc /plain.xz").out())
                    .isEqualTo("inner\ninner\ninner\nnot a tar\n");

            // an xz-compressed context on stdin
            Path ctxTar = p.dir.resolve("ctx.tar");
            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nCOPY plain.xz /ctx/\n");
            Peapod.Result t = Peapod.exec(List.of("tar", "-C", ctx.toString(), "-cf", ctxTar.toString(), "Containerfile",
                    "plain.xz"), null, 60);
            assertThat(t.code()).as(t.toString()).isZero();
            assertThat(Peapod.exec(List.of("xz", ctxTar.toString()), null, 60).code()).isZero();
            Peapod.Result r = p.runWithInput(p.dir.resolve("ctx.tar.xz"), 120, "build", "-t", "fromxz", "-");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(p.ok("run", "--rm", "--network", "none", "fromxz", "ls", "/ctx").out()).isEqualTo("plain.xz\n");
        }
    }

    @Test
    void builtImagesCarryBuildahsVersionLabelCommittedOnesDoNot() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            // podman 4.3.1: the label overwrites a LABEL of the same name, but a --label wins; FROM alone commits nothing
            Path ctx = context(p, "FROM localhost/busybox\nLABEL io.buildah.version=mine a=b\n");
            p.ok("build", "-t", "labelled", ctx.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{json .Labels}}", "labelled").out().strip())
                    .isEqualTo("{\"a\":\"b\",\"io.buildah.version\":\"1.28.2\"}");
            p.ok("build", "--label", "io.buildah.version=x", "-t", "asked", ctx.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{json .Config.Labels}}", "asked").out().strip())
                    .isEqualTo("{\"a\":\"b\",\"io.buildah.version\":\"x\"}");
            p.ok("build", "--layers=false", "-t", "squashed", ctx.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{index .Labels \"io.buildah.version\"}}", "squashed").out())
                    .isEqualTo("1.28.2\n");
            Path fromOnly = context(p, "FROM localhost/busybox\n");
            p.ok("build", "-t", "same", fromOnly.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{json .Labels}}", "same").out().strip()).isEqualTo("null");

            String ctr = p.ok("create", "labelled", "true").out().strip();
            p.ok("commit", "-q", ctr, "committed");
            assertThat(p.ok("image", "inspect", "--format", "{{json .Labels}}", "committed").out().strip())
                    .isEqualTo("{\"a\":\"b\",\"io.buildah.version\":\"1.28.2\"}");   // inherited, not added
            String plain = p.ok("create", "localhost/busybox", "true").out().strip();
            p.ok("commit", "-q", plain, "plaincommit");
            assertThat(p.ok("image", "inspect", "--format", "{{json .Labels}}", "plaincommit").out().strip()).isEqualTo("null");
        }
    }
}

package io.peapod.e2e;

import io.peapod.registry.FaultProxy;
import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pull NAME}, {@code pull docker://NAME} and {@code run --pull} against Debian's real docker-registry,
 * with images put there by skopeo from what peapod saved. Every test has its own store, HOME and
 * XDG_RUNTIME_DIR, so no test sees another's images, credentials or certificates.
 */
class RegistryPullIT {
    static RegistryServer anon;
    static Peapod seed;
    static Path busyboxOci;
    static String imageId;

    Path dir;
    Path root;
    Path runroot;
    Map<String, String> env;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        anon = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        seed = new Peapod();
        imageId = seed.importBusybox();
        busyboxOci = seed.dir.resolve("busybox-oci");
        seed.ok("save", "--format", "oci-dir", "-o", busyboxOci.toString(), "localhost/busybox:latest");
        skopeo("--dest-tls-verify=false", "oci:" + busyboxOci, "docker://" + anon.host() + "/bb:1");
        skopeo("--dest-tls-verify=false", "oci:" + busyboxOci, "docker://" + anon.host() + "/bb:2");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (anon != null) anon.close();
        if (seed != null) seed.close();
    }

    @BeforeEach
    void newStore() throws IOException {
        dir = Files.createTempDirectory(seed.dir, "t");
        root = dir.resolve("root");
        runroot = dir.resolve("runroot");
        env = new HashMap<>();
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("xdg")).toString());
        // An empty registries.conf unless a test writes its own: the machine's must not matter.
        env.put("CONTAINERS_REGISTRIES_CONF", conf("").toString());
    }

    @AfterEach
    void dropStore() {
        // the store goes with seed.dir at the end; keep disk use low meanwhile
        run("rmi", "-a", "-f");
    }

    // ---- helpers

    static void skopeo(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "-q"));
        cmd.addAll(List.of(args));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        if (r.code() != 0) throw new AssertionError("skopeo failed: " + cmd + "\n" + r);
    }

    Path conf(String text) throws IOException {
        Path p = Files.createTempFile(dir, "registries", ".conf");
        Files.writeString(p, text);
        return p;
    }

    Peapod.Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", root.toString(),
                "--runroot", runroot.toString()));
        cmd.addAll(List.of(args));
        return Peapod.execWithEnv(cmd, env, null, 180);
    }

    Peapod.Result ok(String... args) {
        Peapod.Result r = run(args);
        if (r.code() != 0) throw new AssertionError("peapod " + String.join(" ", args) + " failed: " + r);
        return r;
    }

    Peapod.Result fails(String... args) {
        Peapod.Result r = run(args);
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.out()).as(r.toString()).isEmpty();
        return r;
    }


    /** The store holds no image and nothing half-pulled. */
    void assertStoreEmptyAndClean() throws IOException {
        assertThat(ok("images", "-q").out()).isEmpty();
        Peapod.Result check = run("system", "check");
        assertThat(check.code()).as(check.toString()).isZero();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root, 2)) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList()).isEmpty();
            }
        }
    }

    static String withoutWarnings(String err) {
        return err.lines().filter(l -> !l.contains(" level=warning ")).map(l -> l + "\n").reduce("", String::concat);
    }

    static String manifestDigest(String host, String repoTag) {
        Peapod.Result r = Peapod.exec(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + host + "/" + repoTag),
                null, 60);
        if (r.code() != 0) throw new AssertionError(r.toString());
        try {
            byte[] raw = r.out().getBytes(StandardCharsets.UTF_8);
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- anonymous, insecure

    @Test
    void anonymousPullPrintsPodmansLinesStoresTheNameAndRuns() throws Exception {
        String name = anon.host() + "/bb:1";
        Peapod.Result r = ok("pull", "--tls-verify=false", name);
        assertThat(r.out()).isEqualTo(imageId + "\n");
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Trying to pull " + name + "...");
        assertThat(lines.get(1)).isEqualTo("Getting image source signatures");
        assertThat(lines.get(2)).matches("Copying blob sha256:[0-9a-f]{64}");
        assertThat(lines.subList(3, lines.size())).containsExactly("Copying config sha256:" + imageId,
                "Writing manifest to image destination", "Storing signatures");
        String digest = manifestDigest(anon.host(), "bb:1");
        assertThat(ok("image", "inspect", "--format", "{{.RepoTags}} {{.RepoDigests}} {{.Digest}}", name).out())
                .isEqualTo("[" + name + "] [" + anon.host() + "/bb@" + digest + "] " + digest + "\n");
        assertThat(ok("run", "--rm", name, "echo", "pulled and ran").out()).isEqualTo("pulled and ran\n");

        // Again: the layer is already stored, -q prints the id alone.
        Peapod.Result again = ok("pull", "-q", "--tls-verify=false", name);
        assertThat(again.out()).isEqualTo(imageId + "\n");
        assertThat(again.err()).isEmpty();
    }

    @Test
    void dockerTransportAndPullByDigest() {
        String digest = manifestDigest(anon.host(), "bb:1");
        Peapod.Result r = ok("pull", "--tls-verify=false", "docker://" + anon.host() + "/bb@" + digest);
        assertThat(r.out()).isEqualTo(imageId + "\n");
        assertThat(r.err()).startsWith("Trying to pull " + anon.host() + "/bb@" + digest + "...\n");
        assertThat(ok("image", "inspect", "--format", "{{.RepoTags}} {{.RepoDigests}} {{.Digest}}", imageId).out())
                .isEqualTo("[] [" + anon.host() + "/bb@" + digest + "] " + digest + "\n");
        assertThat(ok("images", "--format", "{{.Repository}} {{.Tag}}").out()).isEqualTo(anon.host() + "/bb <none>\n");
    }

    @Test
    void plainHttpNeedsTlsVerifyFalseOrInsecureInRegistriesConf() throws Exception {
        Peapod.Result refused = fails("pull", anon.host() + "/bb:1");
        assertThat(refused.err()).isEqualTo("Trying to pull " + anon.host() + "/bb:1...\n"
                + "Error: initializing source docker://" + anon.host() + "/bb:1: pinging container registry " + anon.host()
                + ": Get \"https://" + anon.host() + "/v2/\": http: server gave HTTP response to HTTPS client\n");
        assertStoreEmptyAndClean();
        env.put("CONTAINERS_REGISTRIES_CONF", conf("[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n").toString());
        assertThat(ok("pull", "-q", anon.host() + "/bb:1").out()).isEqualTo(imageId + "\n");
    }

    @Test
    void allTagsPullsEveryTag() throws Exception {
        env.put("CONTAINERS_REGISTRIES_CONF", conf("[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n").toString());
        Peapod.Result r = ok("pull", "--all-tags", anon.host() + "/bb");
        assertThat(r.out()).isEqualTo(imageId + "\n" + imageId + "\n");
        assertThat(r.err()).contains("Trying to pull " + anon.host() + "/bb:1...", "Trying to pull " + anon.host() + "/bb:2...");
        assertThat(ok("images", "--format", "{{.Tag}}").out().lines().sorted().toList()).containsExactly("1", "2");
    }

    @Test
    void zstdLayersArePulledAndRun() throws Exception {
        skopeo("--dest-tls-verify=false", "--dest-compress-format", "zstd", "oci:" + busyboxOci,
                "docker://" + anon.host() + "/zst:1");
        assertThat(ok("pull", "-q", "--tls-verify=false", anon.host() + "/zst:1").out()).isEqualTo(imageId + "\n");
        assertThat(ok("run", "--rm", anon.host() + "/zst:1", "echo", "zstd").out()).isEqualTo("zstd\n");
    }

    // ---- registries.conf: short names, mirrors, blocked

    @Test
    void shortNameTriesEachSearchRegistryInOrder() throws Exception {
        Path c = conf("unqualified-search-registries = [\"127.0.0.1:1\", \"" + anon.host() + "\"]\n"
                + "[[registry]]\nlocation = \"127.0.0.1:1\"\ninsecure = true\n"
                + "[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n");
        env.put("CONTAINERS_REGISTRIES_CONF", c.toString());
        Peapod.Result r = ok("pull", "bb:1");
        assertThat(r.out()).isEqualTo(imageId + "\n");
        // podman retries a refused connection 3 times, 1 s apart, with logrus warnings
        assertThat(r.err().lines().filter(l -> l.contains(" level=warning msg=\"Failed, retrying in 1s ... (")
                && l.contains("connect: connection refused")).count()).isEqualTo(3);
        assertThat(withoutWarnings(r.err())).startsWith("Resolving \"bb\" using unqualified-search registries (" + c + ")\n"
                + "Trying to pull 127.0.0.1:1/bb:1...\nTrying to pull " + anon.host() + "/bb:1...\nGetting image source signatures\n");
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).isEqualTo(anon.host() + "/bb:1\n");

        Peapod.Result missing = fails("pull", "bb:nope");
        assertThat(missing.err()).endsWith("Error: 2 errors occurred while pulling:\n"
                + " * initializing source docker://127.0.0.1:1/bb:nope: pinging container registry 127.0.0.1:1: Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused\n"
                + " * initializing source docker://" + anon.host() + "/bb:nope: reading manifest nope in " + anon.host()
                + "/bb: manifest unknown: manifest unknown\n");
    }

    @Test
    void anAliasIsResolvedThenFoundInTheStore() throws Exception {
        Path c = conf("[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n[aliases]\n\"al\" = \""
                + anon.host() + "/bb\"\n");
        env.put("CONTAINERS_REGISTRIES_CONF", c.toString());
        assertThat(ok("pull", "al:1").err()).startsWith("Resolved \"al\" as an alias (" + c + ")\nTrying to pull "
                + anon.host() + "/bb:1...\n");
        // stored: pulled again under its stored name, without the alias line, as podman does
        assertThat(ok("pull", "al:1").err()).startsWith("Trying to pull " + anon.host() + "/bb:1...\n");
        assertThat(ok("run", "--rm", "--pull=never", "al:1", "echo", "aliased").out()).isEqualTo("aliased\n");
    }

    @Test
    void shortNameWithoutSearchRegistriesFails() throws Exception {
        Path c = conf("unqualified-search-registries = []\n");
        env.put("CONTAINERS_REGISTRIES_CONF", c.toString());
        assertThat(fails("pull", "bb:1").err()).isEqualTo("Error: short-name \"bb:1\" did not resolve to an alias and no "
                + "unqualified-search registries are defined in \"" + c + "\"\n");
    }

    @Test
    void aMirrorServesTheImageWhileThePrimaryIsDown() throws Exception {
        env.put("CONTAINERS_REGISTRIES_CONF", conf("[[registry]]\nprefix = \"example.test\"\nlocation = \"127.0.0.1:1\"\n"
                + "insecure = true\n[[registry.mirror]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n").toString());
        Peapod.Result r = ok("pull", "example.test/bb:1");
        assertThat(r.out()).isEqualTo(imageId + "\n");
        assertThat(r.err()).startsWith("Trying to pull example.test/bb:1...\nGetting image source signatures\n");
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).isEqualTo("example.test/bb:1\n");

        Peapod.Result bothFail = fails("pull", "example.test/bb:nope");
        assertThat(bothFail.err()).contains("Error: initializing source docker://example.test/bb:nope: (Mirrors also failed: ["
                + anon.host() + "/bb:nope: reading manifest nope in " + anon.host() + "/bb: manifest unknown: manifest unknown]): "
                + "127.0.0.1:1/bb:nope: pinging container registry 127.0.0.1:1");
    }

    @Test
    void aBlockedRegistryIsNotContacted() throws Exception {
        Path c = conf("[[registry]]\nlocation = \"" + anon.host() + "\"\nblocked = true\n");
        env.put("CONTAINERS_REGISTRIES_CONF", c.toString());
        assertThat(fails("pull", "--tls-verify=false", anon.host() + "/bb:1").err()).isEqualTo("Trying to pull " + anon.host()
                + "/bb:1...\nError: initializing source docker://" + anon.host() + "/bb:1: registry " + anon.host()
                + " is blocked in " + c + " or " + dir.resolve("home") + "/.config/containers/registries.conf.d\n");
        assertStoreEmptyAndClean();
    }

    // ---- credentials and TLS

    @Test
    void basicAuthWithCredsAuthFileAndWrongCredentials() throws Exception {
        try (RegistryServer basic = RegistryServer.start(RegistryServer.Mode.BASIC)) {
            String creds = RegistryServer.USER + ":" + RegistryServer.PASSWORD;
            skopeo("--dest-tls-verify=false", "--dest-creds", creds, "oci:" + busyboxOci, "docker://" + basic.host() + "/priv:1");
            String name = basic.host() + "/priv:1";

            Peapod.Result anonymous = fails("pull", "--tls-verify=false", name);
            assertThat(anonymous.err()).endsWith("Error: initializing source docker://" + name + ": reading manifest 1 in "
                    + basic.host() + "/priv: unauthorized: authentication required\n");
            Peapod.Result wrong = fails("pull", "--tls-verify=false", "--creds", RegistryServer.USER + ":wrong", name);
            assertThat(wrong.err()).endsWith("Error: initializing source docker://" + name + ": reading manifest 1 in "
                    + basic.host() + "/priv: unauthorized: authentication required\n");
            assertStoreEmptyAndClean();

            assertThat(ok("pull", "-q", "--tls-verify=false", "--creds", creds, name).out()).isEqualTo(imageId + "\n");
            ok("rmi", "-a");

            Path authFile = dir.resolve("auth.json");
            Files.writeString(authFile, "{\"auths\":{\"" + basic.host() + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            assertThat(ok("pull", "-q", "--tls-verify=false", "--authfile", authFile.toString(), name).out())
                    .isEqualTo(imageId + "\n");
            // run/create take --authfile too.
            ok("rmi", "-a");
            assertThat(ok("run", "--rm", "-q", "--tls-verify=false", "--authfile", authFile.toString(), name, "echo", "auth")
                    .out()).isEqualTo("auth\n");
        }
    }

    @Test
    void tokenRegistryUsesTheLoginsCredentials() throws Exception {
        try (RegistryServer token = RegistryServer.start(RegistryServer.Mode.TOKEN)) {
            String creds = RegistryServer.USER + ":" + RegistryServer.PASSWORD;
            skopeo("--dest-tls-verify=false", "--dest-creds", creds, "oci:" + busyboxOci, "docker://" + token.host() + "/tok/bb:1");
            String name = token.host() + "/tok/bb:1";
            // login stores the credentials in $XDG_RUNTIME_DIR/containers/auth.json; pull finds them there
            ok("login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD, token.host());
            assertThat(ok("pull", "-q", "--tls-verify=false", name).out()).isEqualTo(imageId + "\n");
            // the pull's token was asked for with the stored credentials, for the repository
            assertThat(token.issuer().requests()).last().matches(req -> RegistryServer.USER.equals(req.user())
                    && req.scopes().contains("repository:tok/bb:pull"), "a token for alice to pull tok/bb");
        }
    }

    @Test
    void mutualTlsWithAClientCertificateInCertsD() throws Exception {
        try (RegistryServer mtls = RegistryServer.start(RegistryServer.Mode.MUTUAL_TLS)) {
            Path hostCerts = mtls.certsDirRoot().resolve(mtls.host());
            skopeo("--dest-cert-dir", hostCerts.toString(), "oci:" + busyboxOci, "docker://" + mtls.host() + "/m:1");
            assertThat(ok("pull", "-q", "--cert-dir", hostCerts.toString(), mtls.host() + "/m:1").out()).isEqualTo(imageId + "\n");
        }
    }

    @Test
    void tlsRegistryWithCertsDAndCertDir() throws Exception {
        try (RegistryServer tls = RegistryServer.start(RegistryServer.Mode.TLS)) {
            Path hostCerts = tls.certsDirRoot().resolve(tls.host());
            skopeo("--dest-cert-dir", hostCerts.toString(), "oci:" + busyboxOci, "docker://" + tls.host() + "/sec:1");
            String name = tls.host() + "/sec:1";

            Peapod.Result untrusted = fails("pull", name);
            assertThat(untrusted.err()).contains("Error: initializing source docker://" + name + ": pinging container registry "
                    + tls.host() + ": Get \"https://" + tls.host() + "/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority");

            assertThat(ok("pull", "-q", "--cert-dir", hostCerts.toString(), name).out()).isEqualTo(imageId + "\n");
            ok("rmi", "-a");

            // certs.d under $HOME/.config/containers, as podman reads it
            Path certsD = Files.createDirectories(Path.of(env.get("HOME"), ".config/containers/certs.d", tls.host()));
            Files.copy(hostCerts.resolve("ca.crt"), certsD.resolve("ca.crt"));
            assertThat(ok("pull", "-q", name).out()).isEqualTo(imageId + "\n");
        }
    }

    // ---- platforms

    @Test
    void anIndexWithTwoPlatformsIsChosenFromByArchAndPlatform() throws Exception {
        // An arm64 twin of the busybox image (same rootfs, another config), both pushed, then an index naming both.
        Peapod.Result imp = seed.ok("import", "--arch", "arm64", seed.dir.resolve("rootfs.tar").toString(), "localhost/bb-arm:latest");
        String armId = imp.out().strip().substring("sha256:".length());
        Path armOci = dir.resolve("arm-oci");
        seed.ok("save", "--format", "oci-dir", "-o", armOci.toString(), "localhost/bb-arm:latest");
        seed.ok("rmi", "localhost/bb-arm:latest");
        skopeo("--dest-tls-verify=false", "oci:" + busyboxOci, "docker://" + anon.host() + "/multi:amd64");
        skopeo("--dest-tls-verify=false", "oci:" + armOci, "docker://" + anon.host() + "/multi:arm64");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entry(anon.host(), "multi:amd64", "amd64") + "," + entry(anon.host(), "multi:arm64", "arm64") + "]}";
        // skopeo copies an index only with its instances: put the document itself with a raw PUT.
        putManifest(anon.host(), "multi", "1", "application/vnd.oci.image.index.v1+json", index);
        String indexDigest = manifestDigest(anon.host(), "multi:1");
        String name = anon.host() + "/multi:1";

        assertThat(ok("pull", "-q", "--tls-verify=false", "--arch", "arm64", name).out()).isEqualTo(armId + "\n");
        assertThat(ok("image", "inspect", "--format", "{{.Architecture}} {{.Digest}}", name).out())
                .isEqualTo("arm64 " + indexDigest + "\n");
        assertThat(ok("image", "inspect", "--format", "{{range .RepoDigests}}{{.}} {{end}}", name).out())
                .isEqualTo(anon.host() + "/multi@" + indexDigest + " " + anon.host() + "/multi@"
                        + manifestDigest(anon.host(), "multi:arm64") + " \n");
        ok("rmi", "-a");
        assertThat(ok("pull", "-q", "--tls-verify=false", "--platform", "linux/amd64", name).out()).isEqualTo(imageId + "\n");
        assertThat(fails("pull", "--tls-verify=false", "--arch", "s390x", name).err()).contains("s390x");
    }

    private static String entry(String host, String repoTag, String arch) {
        Peapod.Result raw = Peapod.exec(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + host + "/" + repoTag),
                null, 60);
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest(host, repoTag)
                + "\",\"size\":" + raw.out().getBytes(StandardCharsets.UTF_8).length
                + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
    }

    private static void putManifest(String host, String repo, String tag, String type, String body) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var resp = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + host + "/v2/" + repo + "/manifests/" + tag))
                        .header("Content-Type", type).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    // ---- faults

    @Test
    void transientFaultsAreRetried() throws Exception {
        for (FaultProxy.Fault fault : List.of(FaultProxy.Fault.STATUS_500, FaultProxy.Fault.TRUNCATE, FaultProxy.Fault.CLOSE)) {
            try (FaultProxy proxy = FaultProxy.inFrontOf(anon.host(), dir).fail("GET", "/blobs/", fault, 1)
                    .fail("GET", "/manifests/", fault, 1)) {
                Peapod.Result r = ok("pull", "--tls-verify=false", proxy.host() + "/bb:1");
                assertThat(r.out()).as(fault.name()).isEqualTo(imageId + "\n");
                // two blobs (config, layer) and one more request for the broken answer
                assertThat(proxy.seen().stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/")).count())
                        .as(fault.name()).isGreaterThanOrEqualTo(3);
                assertThat(ok("run", "--rm", proxy.host() + "/bb:1", "echo", "intact").out()).isEqualTo("intact\n");
                ok("rmi", "-a");
            }
        }
    }

    @Test
    void aCorruptBlobFailsAndLeavesNothingBehind() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(anon.host(), dir).fail("GET", "/blobs/", FaultProxy.Fault.CORRUPT, 100)) {
            Peapod.Result r = fails("pull", "--tls-verify=false", proxy.host() + "/bb:1");
            assertThat(r.err()).contains("Digest did not match, expected sha256:");
            assertStoreEmptyAndClean();
        }
    }

    @Test
    void aBrokenConnectionThatStaysBrokenFailsCleanly() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(anon.host(), dir).fail("GET", "/blobs/", FaultProxy.Fault.TRUNCATE, 100)) {
            Peapod.Result r = fails("pull", "--tls-verify=false", proxy.host() + "/bb:1");
            assertThat(r.err()).contains("Error: ").contains("sha256:");
            assertStoreEmptyAndClean();
        }
    }

    @Test
    void aPullKilledMidLayerLeavesNothingBehind() throws Exception {
        String raw = Peapod.exec(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + anon.host() + "/bb:1"),
                null, 60).out();
        java.util.regex.Matcher layer = java.util.regex.Pattern.compile("\"layers\".*?\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"",
                java.util.regex.Pattern.DOTALL).matcher(raw);
        assertThat(layer.find()).as(raw).isTrue();
        // the config arrives, the layer stops half-way: the kill comes while it is being unpacked
        try (FaultProxy proxy = FaultProxy.inFrontOf(anon.host(), dir).fail("GET", layer.group(1), FaultProxy.Fault.STALL, 100)) {
            List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", root.toString(),
                    "--runroot", runroot.toString(), "pull", "--tls-verify=false", proxy.host() + "/bb:1"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (proxy.seen().stream().noneMatch(s -> s.path().contains(layer.group(1))) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(proxy.seen()).as("the pull reached the layer").anyMatch(s -> s.path().contains(layer.group(1)));
            Thread.sleep(500);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ok("images", "-q").out()).isEmpty();
        }
        // A SIGKILL leaves staging debris at most, which the next writer removes: the image then pulls whole.
        assertThat(ok("pull", "-q", "--tls-verify=false", anon.host() + "/bb:1").out()).isEqualTo(imageId + "\n");
        ok("rmi", "-a");
        assertStoreEmptyAndClean();
    }

    // ---- bad input

    @Test
    void unreachableUnknownAndMissingAreErrors() throws Exception {
        assertThat(fails("pull", "--tls-verify=false", "127.0.0.1:1/bb:1").err()).endsWith(
                "Error: initializing source docker://127.0.0.1:1/bb:1: pinging container registry 127.0.0.1:1: "
                        + "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused\n");
        assertThat(fails("pull", "--tls-verify=false", "nosuchhost.invalid/bb:1").err()).contains(
                "pinging container registry nosuchhost.invalid: Get \"http://nosuchhost.invalid/v2/\": dial tcp: lookup nosuchhost.invalid")
                .contains("no such host");
        assertThat(fails("pull", "--tls-verify=false", anon.host() + "/bb:nope").err()).endsWith(
                "Error: initializing source docker://" + anon.host() + "/bb:nope: reading manifest nope in " + anon.host()
                        + "/bb: manifest unknown: manifest unknown\n");
        assertThat(fails("pull", "Bad/Name").err()).isEqualTo("Error: invalid reference format: repository name must be lowercase\n");
        assertStoreEmptyAndClean();
    }

    // ---- run/create --pull

    @Test
    void runPullPolicies() throws Exception {
        String name = anon.host() + "/bb:2";
        assertThat(fails("run", "--rm", "--pull=never", name, "true").err()).isEqualTo("Error: " + name + ": image not known\n");
        assertStoreEmptyAndClean();

        // missing (the default): pulled with pull's lines, then run
        Peapod.Result first = ok("run", "--rm", "--tls-verify=false", name, "echo", "first");
        assertThat(first.out()).isEqualTo("first\n");
        assertThat(first.err()).startsWith("Trying to pull " + name + "...\nGetting image source signatures\n")
                .endsWith("Writing manifest to image destination\nStoring signatures\n");
        // present: no pull, even without --tls-verify=false
        Peapod.Result second = ok("run", "--rm", name, "echo", "second");
        assertThat(second.err()).isEmpty();
        // newer: same digest, nothing pulled; the registry unreachable over HTTPS, the local image is used silently
        assertThat(ok("run", "--rm", "--pull=newer", "--tls-verify=false", name, "echo", "newer").err()).isEmpty();
        assertThat(ok("run", "--rm", "--pull=newer", name, "echo", "newer").out()).isEqualTo("newer\n");
        // always: pulls again
        assertThat(ok("create", "--pull=always", "--tls-verify=false", name).err()).startsWith("Trying to pull " + name + "...\n");
        assertThat(fails("create", "--pull=always", name).err()).contains("http: server gave HTTP response to HTTPS client");
        // missing, but the stored image is of another platform than --arch asks: pulled
        assertThat(fails("create", "--arch", "arm64", name).err()).startsWith("Trying to pull " + name + "...\n")
                .contains("http: server gave HTTP response to HTTPS client");
    }
}

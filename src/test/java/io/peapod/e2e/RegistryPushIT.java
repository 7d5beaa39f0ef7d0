package io.peapod.e2e;

import io.peapod.json.JsonReader;
import io.peapod.registry.FaultProxy;
import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code push} to Debian's real docker-registry on 127.0.0.1, checked with skopeo (another client's
 * view of what landed): plain HTTP, basic auth, TLS, registries.conf, blob reuse and cross-repository
 * mounts, and failures (a 500, connections closed mid-upload, a refused port).
 */
class RegistryPushIT {
    static RegistryServer anon;
    static RegistryServer basic;
    static RegistryServer tls;
    static Peapod peapod;
    static String id;
    static String diffId;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        anon = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        basic = RegistryServer.start(RegistryServer.Mode.BASIC);
        tls = RegistryServer.start(RegistryServer.Mode.TLS);
        peapod = new Peapod();
        id = peapod.importBusybox();
        diffId = peapod.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "busybox").out().strip();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (anon != null) anon.close();
        if (basic != null) basic.close();
        if (tls != null) tls.close();
        if (peapod != null) peapod.close();
    }

    /** A private HOME, XDG_RUNTIME_DIR and registries.conf, so no test sees the machine's (or another test's) settings. */
    private record Env(Path home, Path runtimeDir, Path registriesConf, Map<String, String> extra) {}

    private static Env newEnv(String registriesConf) throws IOException {
        Path base = Files.createTempDirectory(peapod.dir, "env");
        Path conf = base.resolve("registries.conf");
        Files.writeString(conf, registriesConf);
        return new Env(Files.createDirectories(base.resolve("home")), Files.createDirectories(base.resolve("run")), conf,
                new HashMap<>());
    }

    private static Env env() throws IOException {
        return newEnv("");
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Peapod.Result run(Env env, List<String> cmd) {
        Map<String, String> vars = new HashMap<>(Map.of("HOME", env.home().toString(),
                "XDG_RUNTIME_DIR", env.runtimeDir().toString(),
                "CONTAINERS_REGISTRIES_CONF", env.registriesConf().toString()));
        vars.putAll(env.extra());
        return Peapod.execWithEnv(cmd, vars, null, 180);
    }

    private static Peapod.Result push(Env env, String... args) throws Exception {
        List<String> cmd = command("push");
        cmd.addAll(List.of(args));
        return run(env, cmd);
    }

    /** The push under a terminal (script(1)), where progress ends each blob with done or skipped; stdout and stderr merged. */
    private static String pushOnTerminal(Env env, String... args) throws Exception {
        List<String> cmd = command("push");
        cmd.addAll(List.of(args));
        Peapod.Result r = run(env, List.of("/usr/bin/script", "-qec", String.join(" ", cmd), "/dev/null"));
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out().replace("\r", "");
    }


    private static Peapod.Result skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        return Peapod.exec(cmd, null, 120);
    }

    private static Peapod.Result skopeoOk(String... args) {
        Peapod.Result r = skopeo(args);
        assertThat(r.code()).as("skopeo " + String.join(" ", args) + ": " + r).isZero();
        return r;
    }

    /** skopeo's raw manifest of {@code ref} on a plain-HTTP or self-signed registry. */
    private static String rawManifest(String ref) {
        return skopeoOk("inspect", "--tls-verify=false", "--raw", "docker://" + ref).out();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String s) {
        return (Map<String, Object>) JsonReader.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String progress() {
        return "Getting image source signatures\nCopying blob " + diffId + "\nCopying config sha256:" + id
                + "\nWriting manifest to image destination\nStoring signatures\n";
    }

    @Test
    void pushToAnAnonymousRegistryLandsTheImageSkopeoReads() throws Exception {
        Env env = env();
        Path digestFile = peapod.dir.resolve("anon.digest");
        String ref = anon.host() + "/lib/busybox:1";
        Peapod.Result r = push(env, "--tls-verify=false", "--digestfile", digestFile.toString(), "busybox", ref);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(progress());

        // The registry's digest of the tag is the one written to --digestfile.
        Map<String, Object> inspect = json(skopeoOk("inspect", "--tls-verify=false", "docker://" + ref).out());
        String digest = Files.readString(digestFile);
        assertThat(digest).matches("sha256:[0-9a-f]{64}").isEqualTo(inspect.get("Digest"));
        // The config arrives byte for byte (its digest is the image id); the manifest is the image's own type (OCI).
        byte[] config = skopeoOk("inspect", "--tls-verify=false", "--config", "--raw", "docker://" + ref).out()
                .getBytes(StandardCharsets.UTF_8);
        assertThat(sha256(config)).isEqualTo("sha256:" + id);
        String raw = rawManifest(ref);
        assertThat(sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(digest);
        assertThat(raw).contains("\"application/vnd.oci.image.config.v1+json\"", "\"application/vnd.oci.image.layer.v1.tar+gzip\"");

        // skopeo copies it out, and the layers unpack to the diff ids of the config (pull checks them).
        Path layout = peapod.dir.resolve("anon-copy");
        skopeoOk("copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + layout + ":x");
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", "oci:" + layout + ":x").out()).isEqualTo(id + "\n");
            assertThat(dst.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", id).out().strip()).isEqualTo(diffId);
        }

        // A name alone means docker://; -q prints nothing.
        Peapod.Result quiet = push(env, "-q", "--remove-signatures", "--tls-verify=false", "busybox", "docker://" + anon.host() + "/lib/busybox:quiet");
        assertThat(quiet.code()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(json(skopeoOk("inspect", "--tls-verify=false", "docker://" + anon.host() + "/lib/busybox:quiet").out())
                .get("Digest")).isEqualTo(digest);
    }

    @Test
    void pushWithOneArgumentGoesWhereTheImageNameSays() throws Exception {
        Env env = env();
        String name = anon.host() + "/self/named:v2";
        peapod.ok("tag", "busybox", name);
        Peapod.Result r = push(env, "--tls-verify=false", name);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(rawManifest(name)).contains("sha256:" + id);
    }

    @Test
    void formatAndCompressionChooseTheManifestAndLayerTypes() throws Exception {
        Env env = env();
        String v2s2 = anon.host() + "/fmt/busybox:v2s2";
        assertThat(push(env, "-q", "--tls-verify=false", "--format", "v2s2", "busybox", v2s2).code()).isZero();
        Map<String, Object> docker = json(rawManifest(v2s2));
        assertThat(docker.get("mediaType")).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(rawManifest(v2s2)).contains("\"application/vnd.docker.container.image.v1+json\"",
                "\"application/vnd.docker.image.rootfs.diff.tar.gzip\"");

        String oci = anon.host() + "/fmt/busybox:oci";
        assertThat(push(env, "-q", "--tls-verify=false", "--format", "oci", "busybox", oci).code()).isZero();
        assertThat(rawManifest(oci)).doesNotContain("vnd.docker").contains("\"application/vnd.oci.image.layer.v1.tar+gzip\"");

        String zstd = anon.host() + "/fmt/busybox:zstd";
        assertThat(push(env, "-q", "--tls-verify=false", "--compression-format", "zstd", "busybox", zstd).code()).isZero();
        assertThat(rawManifest(zstd)).contains("\"application/vnd.oci.image.layer.v1.tar+zstd\"");
        Path layout = peapod.dir.resolve("zstd-copy");
        skopeoOk("copy", "--src-tls-verify=false", "docker://" + zstd, "oci:" + layout + ":z");
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", "oci:" + layout + ":z").out()).isEqualTo(id + "\n");
        }

        // zstd in a docker manifest: podman's error, and no tag appears.
        String bad = anon.host() + "/fmt/busybox:bad";
        Peapod.Result r = push(env, "--tls-verify=false", "--format", "v2s2", "--compression-format", "zstd", "busybox", bad);
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).matches("(?s).*\nError: creating an updated image manifest: preparing updated manifest, layer "
                + "\"sha256:[0-9a-f]{64}\": zstd compression is not supported for type "
                + "\"application/vnd.docker.image.rootfs.diff.tar\"\n");
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + bad).code()).isNotZero();
    }

    @Test
    void aSecondPushSkipsBlobsAndAnotherRepositoryMountsThem() throws Exception {
        Env env = env();
        try (FaultProxy proxy = FaultProxy.start(anon.host(), peapod.dir.resolve("mount-proxy"))) {
            String first = proxy.host() + "/mnt/one:1";
            String out = pushOnTerminal(env, "--tls-verify=false", "busybox", first);
            assertThat(out).contains("Copying blob " + diffId.substring(7, 19) + " done  \n",
                    "Copying config " + id.substring(0, 10) + " done  \n");
            // the layer and the config, each upload closed by its PUT (the layer streamed in a PATCH before)
            assertThat(proxy.seen().stream().filter(q -> q.method().equals("PUT")
                    && q.path().startsWith("/v2/mnt/one/blobs/uploads/")).count()).isEqualTo(2);
            assertThat(proxy.seen().stream().filter(q -> q.method().equals("PATCH")).count()).isEqualTo(1);

            // Again: the registry has every blob, nothing is sent.
            int before = proxy.seen().size();
            out = pushOnTerminal(env, "--tls-verify=false", "busybox", first);
            assertThat(out).containsPattern("Copying blob [0-9a-f]{12} skipped: already exists  \n");
            assertThat(uploads(proxy.seen().subList(before, proxy.seen().size()), "/v2/mnt/")).isZero();

            // Another repository of the same registry: the blobs are mounted from the first, not uploaded.
            before = proxy.seen().size();
            String second = proxy.host() + "/mnt/two:1";
            out = pushOnTerminal(env, "--tls-verify=false", "busybox", second);
            assertThat(out).containsPattern("Copying blob [0-9a-f]{12} skipped: already exists  \n");
            List<FaultProxy.Seen> seen = proxy.seen().subList(before, proxy.seen().size());
            assertThat(uploads(seen, "/v2/mnt/")).isZero();
            assertThat(seen).anyMatch(s -> s.method().equals("POST") && s.path().equals("/v2/mnt/two/blobs/uploads/"));
            assertThat(json(skopeoOk("inspect", "--tls-verify=false", "docker://" + anon.host() + "/mnt/two:1").out())
                    .get("Digest")).isEqualTo(json(skopeoOk("inspect", "--tls-verify=false", "docker://" + anon.host()
                    + "/mnt/one:1").out()).get("Digest"));
        }
    }

    /** Requests that carried blob data (PATCH, or PUT of an upload) under {@code prefix}. */
    private static long uploads(List<FaultProxy.Seen> seen, String prefix) {
        return seen.stream().filter(s -> s.path().startsWith(prefix) && s.path().contains("/blobs/uploads/")
                && (s.method().equals("PATCH") || s.method().equals("PUT"))).count();
    }

    private static long uploads(FaultProxy proxy, String prefix) {
        return uploads(proxy.seen(), prefix);
    }

    @Test
    void basicAuthWithCredsOrAnAuthFileAndTheErrorOfAWrongPassword() throws Exception {
        Env env = env();
        String ref = basic.host() + "/auth/busybox:1";
        Peapod.Result anonymous = push(env, "--tls-verify=false", "busybox", ref);
        assertThat(anonymous.code()).isEqualTo(125);
        assertThat(anonymous.err()).endsWith("Error: trying to reuse blob " + diffId + " at destination: checking whether a blob "
                + diffId + " exists in " + basic.host() + "/auth/busybox: unauthorized: authentication required\n");

        Peapod.Result wrong = push(env, "--tls-verify=false", "--creds", RegistryServer.USER + ":Wr0ngSecret", "busybox", ref);
        assertThat(wrong.code()).isEqualTo(125);
        assertThat(wrong.err()).contains("unauthorized").doesNotContain("Wr0ngSecret").doesNotContain("retrying");
        assertThat(wrong.out()).doesNotContain("Wr0ngSecret");

        Peapod.Result creds = push(env, "-q", "--tls-verify=false", "--creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD,
                "busybox", ref);
        assertThat(creds.code()).as(creds.toString()).isZero();

        Path authFile = peapod.dir.resolve("push-auth.json");
        String token = Base64.getEncoder().encodeToString((RegistryServer.USER + ":" + RegistryServer.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(authFile, "{\"auths\":{\"" + basic.host() + "\":{\"auth\":\"" + token + "\"}}}");
        String ref2 = basic.host() + "/auth/busybox:2";
        Peapod.Result file = push(env, "-q", "--tls-verify=false", "--authfile", authFile.toString(), "busybox", ref2);
        assertThat(file.code()).as(file.toString()).isZero();
        Peapod.Result check = skopeoOk("inspect", "--tls-verify=false", "--creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD,
                "--raw", "docker://" + ref2);
        assertThat(check.out()).contains("sha256:" + id);
    }

    @Test
    void aTokenRegistryGrantsPushAndMountScopes() throws Exception {
        try (RegistryServer token = RegistryServer.start(RegistryServer.Mode.TOKEN)) {
            Env env = env();
            String creds = RegistryServer.USER + ":" + RegistryServer.PASSWORD;
            Peapod.Result first = push(env, "-q", "--tls-verify=false", "--creds", creds, "busybox", token.host() + "/tok/one:1");
            assertThat(first.code()).as(first.toString()).isZero();
            assertThat(token.issuer().requests()).anyMatch(r -> r.user().equals(RegistryServer.USER)
                    && r.scopes().contains("repository:tok/one:pull,push"));
            Peapod.Result second = push(env, "-q", "--tls-verify=false", "--creds", creds, "busybox", token.host() + "/tok/two:1");
            assertThat(second.code()).as(second.toString()).isZero();
            // the mount's token also names the repository the blob comes from
            assertThat(token.issuer().requests()).anyMatch(r -> r.scopes().contains("repository:tok/two:pull,push")
                    && r.scopes().contains("repository:tok/one:pull"));
            Peapod.Result check = skopeoOk("inspect", "--tls-verify=false", "--creds", creds, "--raw",
                    "docker://" + token.host() + "/tok/two:1");
            assertThat(check.out()).contains("sha256:" + id);
        }
    }

    @Test
    void tlsWithCertificatesFromCertDirOrCertsD() throws Exception {
        Path hostCerts = tls.certsDirRoot().resolve(tls.host());
        Env env = env();
        Peapod.Result unknownCa = push(env, "busybox", tls.host() + "/tls/busybox:1");
        assertThat(unknownCa.code()).isEqualTo(125);
        assertThat(unknownCa.err()).endsWith("Error: trying to reuse blob " + diffId + " at destination: pinging container registry "
                + tls.host() + ": Get \"https://" + tls.host() + "/v2/\": tls: failed to verify certificate: x509: "
                + "certificate signed by unknown authority\n").doesNotContain("retrying");

        Peapod.Result certDir = push(env, "-q", "--cert-dir", hostCerts.toString(), "busybox", tls.host() + "/tls/busybox:1");
        assertThat(certDir.code()).as(certDir.toString()).isZero();

        // certs.d under $HOME/.config/containers, as podman reads it for the registry's host:port
        Path certsD = Files.createDirectories(env.home().resolve(".config/containers/certs.d").resolve(tls.host()));
        Files.copy(hostCerts.resolve("ca.crt"), certsD.resolve("ca.crt"));
        Peapod.Result fromCertsD = push(env, "-q", "busybox", tls.host() + "/tls/busybox:2");
        assertThat(fromCertsD.code()).as(fromCertsD.toString()).isZero();
        assertThat(skopeoOk("inspect", "--cert-dir", hostCerts.toString(), "--raw", "docker://" + tls.host() + "/tls/busybox:2")
                .out()).contains("sha256:" + id);
    }

    @Test
    void registriesConfMakesARegistryInsecureOrBlocksIt() throws Exception {
        String ref = anon.host() + "/conf/busybox:1";
        Peapod.Result https = push(env(), "busybox", ref);
        assertThat(https.code()).isEqualTo(125);
        assertThat(https.err()).endsWith("pinging container registry " + anon.host() + ": Get \"https://" + anon.host()
                + "/v2/\": http: server gave HTTP response to HTTPS client\n");

        Env insecure = newEnv("[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n");
        Peapod.Result ok = push(insecure, "busybox", ref);
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.err()).isEqualTo(progress());
        // --tls-verify=true wins over the file
        assertThat(push(insecure, "--tls-verify=true", "busybox", ref).code()).isEqualTo(125);

        Env blocked = newEnv("[[registry]]\nlocation = \"" + anon.host() + "\"\nblocked = true\n");
        Peapod.Result no = push(blocked, "--tls-verify=false", "busybox", anon.host() + "/conf/blocked");
        assertThat(no.code()).isEqualTo(125);
        assertThat(no.err()).isEqualTo("Error: initializing destination docker://" + anon.host() + "/conf/blocked:latest: registry "
                + anon.host() + " is blocked in " + blocked.registriesConf() + " or "
                + blocked.home().resolve(".config/containers/registries.conf.d") + "\n");
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + anon.host() + "/conf/blocked").code()).isNotZero();
    }

    @Test
    void a500DuringTheUploadIsRetried() throws Exception {
        Env env = env();
        try (FaultProxy proxy = FaultProxy.start(anon.host(), peapod.dir.resolve("p500"))) {
            proxy.fail("PUT", "/v2/faults/retried/blobs/uploads/", FaultProxy.Fault.STATUS_500, 1);
            String ref = proxy.host() + "/faults/retried:1";
            Peapod.Result r = push(env, "--tls-verify=false", "busybox", ref);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.err()).isEqualTo(progress());
            assertThat(rawManifest(anon.host() + "/faults/retried:1")).contains("sha256:" + id);
            assertThat(proxy.seen()).filteredOn(s -> s.method().equals("PUT") && s.path().startsWith("/v2/faults/retried/blobs/uploads/"))
                    .hasSizeGreaterThan(2);   // the failed one, then the layer and the config
        }
    }

    @Test
    void connectionsClosedMidUploadFailThePushAndLeaveNoTag() throws Exception {
        Env env = env();
        try (FaultProxy proxy = FaultProxy.start(anon.host(), peapod.dir.resolve("pclose"))) {
            proxy.fail("PUT", "/v2/faults/closed/blobs/uploads/", FaultProxy.Fault.CLOSE, 1000)
                    .fail("PATCH", "/v2/faults/closed/blobs/uploads/", FaultProxy.Fault.CLOSE, 1000);
            String ref = proxy.host() + "/faults/closed:1";
            Peapod.Result r = push(env, "--tls-verify=false", "busybox", ref);
            assertThat(r.code()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains("Copying blob " + diffId + "\n")
                    .containsPattern("\nError: writing blob: Put \"https://" + proxy.host().replace(".", "\\.")
                            + "/v2/faults/closed/blobs/uploads/[^\"]+\": EOF\n$")
                    .contains("level=warning msg=\"Failed, retrying in 1s ... (3/3). Error: writing blob: Put ")
                    .doesNotContain("Writing manifest");
            assertThat(proxy.seen()).noneMatch(s -> s.path().contains("/manifests/") && s.method().equals("PUT"));
            assertThat(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + anon.host() + "/faults/closed:1").code())
                    .isNotZero();
        }
    }

    @Test
    void aLargeLayerGoesInOneStreamedPatchAndACutOneStartsANewSession() throws Exception {
        // 6 MiB that gzip cannot shrink: above the 4 MiB a single PUT carries
        Path tree = peapod.dir.resolve("big-tree");
        Files.createDirectories(tree);
        byte[] noise = new byte[6 << 20];
        new java.util.Random(42).nextBytes(noise);
        Files.write(tree.resolve("noise.bin"), noise);
        Path tar = peapod.dir.resolve("big.tar");
        Peapod.Result t = Peapod.exec(List.of("tar", "--numeric-owner", "-C", tree.toString(), "-cf", tar.toString(), "."), null, 60);
        assertThat(t.code()).as(t.toString()).isZero();
        String bigId = peapod.ok("import", tar.toString(), "localhost/big:latest").out().strip();
        Env env = env();
        try (FaultProxy proxy = FaultProxy.start(anon.host(), peapod.dir.resolve("pbig"))) {
            proxy.fail("PATCH", "/v2/big/layer/blobs/uploads/", FaultProxy.Fault.CLOSE, 1);
            Peapod.Result r = push(env, "--tls-verify=false", "--digestfile", peapod.dir.resolve("big.digest").toString(),
                    "localhost/big", proxy.host() + "/big/layer:1");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.err()).doesNotContain("retrying");   // the client's own retry, inside the copy
            List<FaultProxy.Seen> patches = proxy.seen().stream()
                    .filter(s -> s.method().equals("PATCH") && s.path().startsWith("/v2/big/layer/blobs/uploads/")).toList();
            assertThat(patches).hasSize(2);
            assertThat(patches.get(0).path()).isNotEqualTo(patches.get(1).path());   // a new upload session
        }
        Map<String, Object> inspect = json(skopeoOk("inspect", "--tls-verify=false", "docker://" + anon.host() + "/big/layer:1").out());
        assertThat(inspect.get("Digest")).isEqualTo(Files.readString(peapod.dir.resolve("big.digest")));
        Path layout = peapod.dir.resolve("big-copy");
        skopeoOk("copy", "--src-tls-verify=false", "docker://" + anon.host() + "/big/layer:1", "oci:" + layout + ":b");
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", "oci:" + layout + ":b").out().strip()).isEqualTo(bigId.replace("sha256:", ""));
        }
    }

    @Test
    void aDigestDestinationMustBeTheImagesOwnManifestAndAMissingAuthFileIsRefused() throws Exception {
        Env env = env();
        Peapod.Result digest = push(env, "--tls-verify=false", "busybox", anon.host() + "/dig/x@sha256:" + "0".repeat(64));
        assertThat(digest.code()).isEqualTo(125);
        assertThat(digest.err()).isEqualTo("Error: Digest of source image's manifest would not match destination reference\n");
        Path missing = peapod.dir.resolve("no-such-auth.json");
        Peapod.Result auth = push(env, "--tls-verify=false", "--authfile", missing.toString(), "busybox", anon.host() + "/dig/y");
        assertThat(auth.code()).isEqualTo(125);
        assertThat(auth.err()).isEqualTo("Error: stat " + missing + ": no such file or directory\n");
    }

    @Test
    void aRefusedPortIsRetriedThenFailsInPodmansWords() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        Peapod.Result r = push(env(), "busybox", host + "/x/y");
        assertThat(r.code()).isEqualTo(125);
        String error = "trying to reuse blob " + diffId + " at destination: pinging container registry " + host
                + ": Get \"https://" + host + "/v2/\": dial tcp " + host + ": connect: connection refused";
        assertThat(r.err()).endsWith("\nError: " + error + "\n");
        for (int i = 1; i <= 3; i++) {
            assertThat(r.err()).contains("level=warning msg=\"Failed, retrying in 1s ... (" + i + "/3). Error: "
                    + error.replace("\"", "\\\"") + "\"\n");
        }
    }
}

package io.peapod.e2e;

import io.peapod.image.Json;
import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code manifest add LIST docker://...}, {@code manifest inspect NAME} of registry images and lists, and
 * {@code manifest push} of a list whose images live in a registry, against Debian's real docker-registry
 * (anonymous and htpasswd), with images put there by skopeo. Outputs and errors as podman 4.3.1 printed
 * them side by side. Also: a pull records where its blobs are, so a push to another repository of the
 * registry mounts them instead of uploading.
 */
class ManifestRegistryIT {
    static RegistryServer anon;
    static RegistryServer basic;
    static Peapod seed;
    static String arch;
    /** The OCI image (bb:1) and the docker schema 2 image (bb:v2s2) skopeo put in each registry. */
    static String ociDigest;
    static String dockerDigest;

    Path dir;
    Path root;
    Path runroot;
    Map<String, String> env;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        RegistryServer.require();
        anon = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        basic = RegistryServer.start(RegistryServer.Mode.BASIC);
        seed = new Peapod();
        seed.importBusybox();
        arch = seed.ok("image", "inspect", "--format", "{{.Architecture}}", "localhost/busybox").out().strip();
        Path oci = seed.dir.resolve("busybox-oci");
        seed.ok("save", "--format", "oci-dir", "-o", oci.toString(), "localhost/busybox:latest");
        skopeo("copy", "-q", "--dest-tls-verify=false", "oci:" + oci, "docker://" + anon.host() + "/bb:1");
        skopeo("copy", "-q", "--dest-tls-verify=false", "--format", "v2s2", "oci:" + oci, "docker://" + anon.host() + "/bb:v2s2");
        skopeo("copy", "-q", "--dest-tls-verify=false", "--dest-creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD,
                "oci:" + oci, "docker://" + basic.host() + "/bb:1");
        ociDigest = sha256(raw(anon.host() + "/bb:1"));
        dockerDigest = sha256(raw(anon.host() + "/bb:v2s2"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (anon != null) anon.close();
        if (basic != null) basic.close();
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
        // plain HTTP registries are reached as registries.conf says (manifest inspect has no --tls-verify)
        Path conf = dir.resolve("registries.conf");
        Files.writeString(conf, "unqualified-search-registries = [\"" + anon.host() + "\"]\n"
                + "[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n"
                + "[[registry]]\nlocation = \"" + basic.host() + "\"\ninsecure = true\n");
        env.put("CONTAINERS_REGISTRIES_CONF", conf.toString());
    }

    // ---- helpers

    static Peapod.Result skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo"));
        cmd.addAll(List.of(args));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        if (r.code() != 0) throw new AssertionError("skopeo failed: " + cmd + "\n" + r);
        return r;
    }

    static byte[] raw(String hostRepoTag) {
        return skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + hostRepoTag).out().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] b) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
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

    List<Map<String, Object>> entries(String list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Json.list(Json.object(ok("manifest", "inspect", list).out(), "inspect").get("manifests"))) {
            out.add(Json.map(o));
        }
        return out;
    }

    static Map<String, Object> platform(String architecture, String os) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("architecture", architecture);
        p.put("os", os);
        return p;
    }

    // ---- manifest add docker://

    @Test
    void addRecordsTheRegistryImageWithoutPullingAndPushServesTheList() {
        String id = ok("manifest", "create", "reg-list").out().strip();
        assertThat(ok("manifest", "add", "--tls-verify=false", "reg-list", "docker://" + anon.host() + "/bb:1").out())
                .isEqualTo(id + "\n");
        // podman's form of the entry: the registry's manifest digest and size, the platform from the config
        List<Map<String, Object>> e = entries("reg-list");
        assertThat(e).hasSize(1);
        assertThat(e.getFirst().get("mediaType")).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(e.getFirst().get("digest")).isEqualTo(ociDigest);
        assertThat(((Number) e.getFirst().get("size")).longValue()).isEqualTo(raw(anon.host() + "/bb:1").length);
        assertThat(e.getFirst().get("platform")).isEqualTo(platform(arch, "linux"));
        // nothing was pulled: the list is the only image
        assertThat(ok("images", "-a", "--format", "{{.Repository}}").out()).isEqualTo("localhost/reg-list\n");

        // a bare name means docker:// too; the platform flags and annotations override the config's
        ok("manifest", "add", "--tls-verify=false", "--arch", "arm64", "--variant", "v8", "--os-version", "9",
                "--features", "f1", "--annotation", "k=v", "reg-list", anon.host() + "/bb:v2s2");
        e = entries("reg-list");
        assertThat(e).hasSize(2);
        Map<String, Object> second = e.get(1);
        assertThat(second.get("mediaType")).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(second.get("digest")).isEqualTo(dockerDigest);
        Map<String, Object> armPlatform = new LinkedHashMap<>(platform("arm64", "linux"));
        armPlatform.put("os.version", "9");
        armPlatform.put("variant", "v8");
        // no features: with an annotation the list is an OCI index, which has none (podman 4.3.1 drops them too)
        assertThat(second.get("platform")).isEqualTo(armPlatform);
        assertThat(second.get("annotations")).isEqualTo(Map.of("k", "v"));

        // manifest push reads both images from the registry they were added from
        Peapod.Result push = ok("manifest", "push", "--tls-verify=false", "reg-list", "docker://" + anon.host() + "/lists/l:1");
        assertThat(push.err()).startsWith("Getting image list signatures\nCopying 2 of 2 images in list\n")
                .endsWith("Writing manifest list to image destination\nStoring list signatures\n");
        Map<String, Object> pushed = Json.object(new String(raw(anon.host() + "/lists/l:1"), StandardCharsets.UTF_8), "list");
        List<String> digests = new ArrayList<>();
        for (Object o : Json.list(pushed.get("manifests"))) {
            digests.add(String.valueOf(Json.map(o).get("digest")));
        }
        assertThat(digests).containsExactly(ociDigest, dockerDigest);
        // every instance is whole in the list's repository
        for (String d : digests) {
            assertThat(sha256(raw(anon.host() + "/lists/l@" + d))).isEqualTo(d);
            skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + anon.host() + "/lists/l@" + d, "dir:" + dir.resolve(d.substring(7, 19)));
        }

        // a list in the registry: the instance for this host, or with --all every one
        ok("manifest", "create", "one");
        ok("manifest", "add", "--tls-verify=false", "one", "docker://" + anon.host() + "/lists/l:1");
        assertThat(entries("one")).extracting(m -> m.get("digest")).containsExactly(ociDigest);
        ok("manifest", "create", "all");
        ok("manifest", "add", "--all", "--tls-verify=false", "all", "docker://" + anon.host() + "/lists/l:1");
        assertThat(entries("all")).extracting(m -> m.get("digest")).containsExactly(ociDigest, dockerDigest);
        assertThat(entries("all").get(1).get("platform")).isEqualTo(armPlatform);
    }

    @Test
    void badReferencesFailAsPodmanAndLeaveTheListUnchanged() {
        ok("manifest", "create", "bad-list");
        ok("manifest", "add", "--tls-verify=false", "bad-list", "docker://" + anon.host() + "/bb:1");
        String before = ok("manifest", "inspect", "bad-list").out();

        Peapod.Result missingTag = fails("manifest", "add", "--tls-verify=false", "bad-list", "docker://" + anon.host() + "/bb:nope");
        assertThat(missingTag.err()).isEqualTo("Error: setting up to read manifest and configuration from \"docker://"
                + anon.host() + "/bb:nope\": reading manifest nope in " + anon.host() + "/bb: manifest unknown: manifest unknown\n");

        Peapod.Result refused = fails("manifest", "add", "--tls-verify=false", "bad-list", "docker://127.0.0.1:1/bb");
        assertThat(refused.err()).isEqualTo("Error: setting up to read manifest and configuration from \"docker://127.0.0.1:1/bb:latest\":"
                + " pinging container registry 127.0.0.1:1: Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused\n");

        Peapod.Result noCreds = fails("manifest", "add", "bad-list", "docker://" + basic.host() + "/bb:1");
        assertThat(noCreds.err()).isEqualTo("Error: setting up to read manifest and configuration from \"docker://" + basic.host()
                + "/bb:1\": reading manifest 1 in " + basic.host() + "/bb: unauthorized: authentication required\n");
        Peapod.Result wrongCreds = fails("manifest", "add", "--creds", RegistryServer.USER + ":wrong", "bad-list",
                "docker://" + basic.host() + "/bb:1");
        assertThat(wrongCreds.err()).isEqualTo(noCreds.err());

        // a registry list (an OCI index, as buildah writes one with instances) without an image for this host
        ok("manifest", "create", "s390x-only");
        ok("manifest", "add", "--tls-verify=false", "--arch", "s390x", "s390x-only", "docker://" + anon.host() + "/bb:v2s2");
        ok("manifest", "push", "--tls-verify=false", "s390x-only", "docker://" + anon.host() + "/lists/s390x:1");
        Peapod.Result noInstance = fails("manifest", "add", "--tls-verify=false", "bad-list", "docker://" + anon.host() + "/lists/s390x:1");
        assertThat(noInstance.err()).isEqualTo("Error: selecting image from manifest list in \"docker://" + anon.host()
                + "/lists/s390x:1\": no image found in image index for architecture " + arch + ", variant \"\", OS linux\n");

        assertThat(ok("manifest", "inspect", "bad-list").out()).isEqualTo(before);
    }

    @Test
    void credentialsReachAnAuthenticatedRegistry() {
        String id = ok("manifest", "create", "auth-list").out().strip();
        ok("manifest", "add", "--creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD, "auth-list",
                "docker://" + basic.host() + "/bb:1");
        assertThat(entries("auth-list")).extracting(m -> m.get("digest")).containsExactly(ociDigest);
        // pushing needs the source registry's credentials too: every source is opened before anything is copied
        Peapod.Result noSource = fails("manifest", "push", "auth-list", "docker://" + anon.host() + "/lists/noauth:1");
        assertThat(noSource.err()).startsWith("Error: initializing source containers-storage:[")
                .endsWith("+" + runroot + "]@" + id + ": opening \"docker://" + basic.host() + "/bb:1\" as image source: reading manifest 1 in "
                        + basic.host() + "/bb: unauthorized: authentication required\n");
        assertThat(Peapod.exec(List.of("skopeo", "inspect", "--tls-verify=false", "--raw",
                "docker://" + anon.host() + "/lists/noauth:1"), null, 60).code()).isNotZero();
        // inspect has no --creds: it uses what login stored, as podman
        ok("login", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD, basic.host());
        ok("manifest", "push", "auth-list", "docker://" + basic.host() + "/lists/auth:1");
        String shown = ok("manifest", "inspect", basic.host() + "/lists/auth:1").out();
        assertThat(Json.list(Json.object(shown, "list").get("manifests"))).hasSize(1);
    }

    @Test
    void tlsRegistryWithCertDirAndCertsD() throws Exception {
        try (RegistryServer tls = RegistryServer.start(RegistryServer.Mode.TLS)) {
            Path hostCerts = tls.certsDirRoot().resolve(tls.host());
            Path oci = seed.dir.resolve("busybox-oci");
            skopeo("copy", "-q", "--dest-cert-dir", hostCerts.toString(), "oci:" + oci, "docker://" + tls.host() + "/sec:1");
            ok("manifest", "create", "tls-list");
            Peapod.Result untrusted = fails("manifest", "add", "tls-list", "docker://" + tls.host() + "/sec:1");
            assertThat(untrusted.err()).isEqualTo("Error: setting up to read manifest and configuration from \"docker://" + tls.host()
                    + "/sec:1\": pinging container registry " + tls.host() + ": Get \"https://" + tls.host()
                    + "/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority\n");
            ok("manifest", "add", "--cert-dir", hostCerts.toString(), "tls-list", "docker://" + tls.host() + "/sec:1");
            assertThat(entries("tls-list")).extracting(m -> m.get("digest")).containsExactly(ociDigest);

            // inspect has no --cert-dir: certs.d under $HOME/.config/containers, as podman reads it
            ok("manifest", "push", "--cert-dir", hostCerts.toString(), "tls-list", "docker://" + tls.host() + "/lists/tls:1");
            Path certsD = Files.createDirectories(Path.of(env.get("HOME"), ".config/containers/certs.d", tls.host()));
            Files.copy(hostCerts.resolve("ca.crt"), certsD.resolve("ca.crt"));
            String shown = ok("manifest", "inspect", tls.host() + "/lists/tls:1").out();
            assertThat(Json.list(Json.object(shown, "list").get("manifests"))).extracting(m -> Json.map(m).get("digest"))
                    .containsExactly(ociDigest);
        }
    }

    // ---- manifest inspect of registry images

    @Test
    void inspectShowsARegistryListAsPodmanDoes() {
        ok("manifest", "create", "src");
        ok("manifest", "add", "--annotation", "a=b", "src", "docker://" + anon.host() + "/bb:1");
        ok("manifest", "push", "src", "docker://" + anon.host() + "/lists/shown:1");
        // stored as an OCI index (it has an annotation); podman shows it converted to a docker list, 4 spaces
        assertThat(Json.object(new String(raw(anon.host() + "/lists/shown:1"), StandardCharsets.UTF_8), "i").get("mediaType"))
                .isEqualTo("application/vnd.oci.image.index.v1+json");
        String expected = "{\n"
                + "    \"schemaVersion\": 2,\n"
                + "    \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n"
                + "    \"manifests\": [\n"
                + "        {\n"
                + "            \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n"
                + "            \"size\": " + raw(anon.host() + "/bb:1").length + ",\n"
                + "            \"digest\": \"" + ociDigest + "\",\n"
                + "            \"platform\": {\n"
                + "                \"architecture\": \"" + arch + "\",\n"
                + "                \"os\": \"linux\"\n"
                + "            }\n"
                + "        }\n"
                + "    ]\n"
                + "}\n";
        assertThat(ok("manifest", "inspect", anon.host() + "/lists/shown:1").out()).isEqualTo(expected);
        // a short name goes through unqualified-search-registries, as pull
        assertThat(ok("manifest", "inspect", "lists/shown:1").out()).isEqualTo(expected);
        // docker:// (podman 4.3.1 refuses transports here; Peapod reads that one reference)
        assertThat(ok("manifest", "inspect", "docker://" + anon.host() + "/lists/shown:1").out()).isEqualTo(expected);
    }

    @Test
    void inspectOfSingleImagesAndMissingOnes() {
        // a docker image manifest: shown with podman's warning
        Peapod.Result v2 = ok("manifest", "inspect", anon.host() + "/bb:v2s2");
        Map<String, Object> doc = Json.object(v2.out(), "manifest");
        assertThat(doc.get("mediaType")).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(Json.object(raw(anon.host() + "/bb:v2s2"), "raw")).isEqualTo(doc);
        assertThat(v2.out()).startsWith("{\n    \"schemaVersion\": 2,\n    \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n"
                + "    \"config\": {\n        \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n        \"size\": ");
        assertThat(v2.err()).matches("time=\"[^\"]+\" level=warning msg=\"The manifest type application/vnd.docker.distribution.manifest.v2\\+json"
                + " is not a manifest list but a single image.\"\n");

        // an OCI image manifest: podman's parse error, with the manifest quoted; a local image that is not
        // a list does not answer, the registry is asked
        ok("pull", "-q", anon.host() + "/bb:1");
        String raw = new String(raw(anon.host() + "/bb:1"), StandardCharsets.UTF_8).strip();
        Peapod.Result oci = fails("manifest", "inspect", anon.host() + "/bb:1");
        assertThat(oci.err()).isEqualTo("Error: parsing manifest blob \"" + raw.replace("\"", "\\\"")
                + "\" as a \"application/vnd.oci.image.manifest.v1+json\": Treating single images as manifest lists is not implemented\n");

        Peapod.Result missing = fails("manifest", "inspect", anon.host() + "/nope");
        assertThat(missing.err()).isEqualTo("Error: reading image \"docker://" + anon.host() + "/nope:latest\": reading manifest latest in "
                + anon.host() + "/nope: manifest unknown: manifest unknown\n");
        Peapod.Result refused = fails("manifest", "inspect", "127.0.0.1:1/bb");
        assertThat(refused.err()).isEqualTo("Error: reading image \"docker://127.0.0.1:1/bb:latest\": pinging container registry 127.0.0.1:1:"
                + " Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused\n");
        // several candidates: each tried, podman's chain of errors (newest first)
        Path two = dir.resolve("two-registries.conf");
        try {
            Files.writeString(two, "unqualified-search-registries = [\"" + anon.host() + "\", \"127.0.0.1:1\"]\n"
                    + "[[registry]]\nlocation = \"" + anon.host() + "\"\ninsecure = true\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.put("CONTAINERS_REGISTRIES_CONF", two.toString());
        Peapod.Result chained = fails("manifest", "inspect", "nope");
        assertThat(chained.err()).isEqualTo("Error: tried reading image \"docker://127.0.0.1:1/nope:latest\": pinging container registry"
                + " 127.0.0.1:1: Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused\n"
                + ": reading image \"docker://" + anon.host() + "/nope:latest\": reading manifest latest in " + anon.host()
                + "/nope: manifest unknown: manifest unknown\n");
        // podman 4.3.1's manifest inspect takes no flag
        Peapod.Result flag = run("manifest", "inspect", "--tls-verify=false", anon.host() + "/bb:1");
        assertThat(flag.code()).isEqualTo(125);
        assertThat(flag.err()).isEqualTo("Error: unknown flag: --tls-verify\nSee 'peapod manifest inspect --help'\n");
    }

    // ---- pull feeds the blob-info cache

    @Test
    void aPulledImagePushedToAnotherRepositoryMountsItsBlobs() {
        ok("pull", "-q", anon.host() + "/bb:1");
        Map<String, Object> source = Json.object(raw(anon.host() + "/bb:1"), "source");
        String layer = String.valueOf(Json.map(Json.list(source.get("layers")).getFirst()).get("digest"));
        String config = String.valueOf(Json.map(source.get("config")).get("digest"));

        Peapod.Result push = ok("push", "--log-level=debug", anon.host() + "/bb:1", anon.host() + "/copies/bb:1");
        // both blobs are mounted from the repository they were pulled from; no upload is started
        assertThat(push.err()).contains("POST http://" + anon.host() + "/v2/copies/bb/blobs/uploads/?mount=" + layer + "&from=bb",
                "POST http://" + anon.host() + "/v2/copies/bb/blobs/uploads/?mount=" + config + "&from=bb");
        assertThat(push.err()).doesNotContain("PATCH ").doesNotContain("PUT http://" + anon.host() + "/v2/copies/bb/blobs/");
        // the layer is the pulled (skopeo-compressed) blob, not a recompression of it
        Map<String, Object> copy = Json.object(raw(anon.host() + "/copies/bb:1"), "copy");
        assertThat(Json.map(Json.list(copy.get("layers")).getFirst()).get("digest")).isEqualTo(layer);
    }
}

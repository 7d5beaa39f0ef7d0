package io.peapod.registry;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips with skopeo (containers/image, what podman uses) through the real registry: images
 * skopeo pushed, gzip and zstd, are read and verified by the client; what the client pushed,
 * skopeo copies out with its own digest checks.
 */
class SkopeoInteropIT {
    static RegistryServer server;
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            throw new AssertionError("/usr/bin/skopeo is missing: the package skopeo must be installed for the interop tests");
        }
        server = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        work = Files.createTempDirectory(server.dir(), "interop");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private static RegistryClient client() {
        return RegistryClient.open(server.host(), RegistryOptions.defaults().withCertsDirRoots(List.of()).withInsecure(true));
    }

    private static String skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        return RegistryServer.run(work, cmd.toArray(String[]::new));
    }

    /**
     * A real one-layer image (a tar with one file) in skopeo's dir: layout: Docker schema 2 with a gzip
     * layer, or OCI with an uncompressed one (which skopeo compresses as told while copying).
     */
    private static Path dirImage(boolean gzip) throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree/etc"));
        Files.writeString(tree.resolve("hello.txt"), "hello from peapod\n".repeat(100));
        RegistryServer.run(work, "tar", "-C", work.resolve("tree").toString(), "-cf", "layer.tar", ".");
        RegistryServer.run(work, "sh", "-c", "gzip -n -c layer.tar > layer.tar.gz");
        byte[] tar = Files.readAllBytes(work.resolve("layer.tar"));
        byte[] gz = gzip ? Files.readAllBytes(work.resolve("layer.tar.gz")) : tar;
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digests.sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", gzip ? Manifest.DOCKER_V2S2 : Manifest.OCI_MANIFEST);
        m.put("config", Map.of("mediaType", gzip ? "application/vnd.docker.container.image.v1+json"
                : "application/vnd.oci.image.config.v1+json", "size", config.length, "digest", Digests.sha256(config)));
        m.put("layers", List.of(Map.of("mediaType", gzip ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                : "application/vnd.oci.image.layer.v1.tar", "size", gz.length, "digest", Digests.sha256(gz))));
        Path dir = Files.createDirectories(work.resolve(gzip ? "dir-gzip" : "dir-plain"));
        Files.write(dir.resolve("manifest.json"), JsonWriter.write(m, false));
        Files.write(dir.resolve(Digests.sha256(config).substring(7)), config);
        Files.write(dir.resolve(Digests.sha256(gz).substring(7)), gz);
        Files.writeString(dir.resolve("version"), "Directory Transport Version: 1.1\n");
        return dir;
    }

    /** Reads every blob of a pushed manifest through the client, verified, and returns the layer media types. */
    @SuppressWarnings("unchecked")
    private static List<String> readAll(RegistryClient c, String repo, String tag) throws Exception {
        Manifest m = c.manifest(repo, tag);
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(m.bytes());
        List<Map<String, Object>> blobs = new ArrayList<>((List<Map<String, Object>>) doc.get("layers"));
        blobs.add((Map<String, Object>) doc.get("config"));
        List<String> types = new ArrayList<>();
        for (Map<String, Object> b : blobs) {
            MemorySink sink = new MemorySink();
            String digest = (String) b.get("digest");
            c.blob(repo, digest, ((Number) b.get("size")).longValue(), sink);
            assertThat(sink.committed()).hasSize(((Number) b.get("size")).intValue());
            assertThat(Digests.sha256(sink.committed())).isEqualTo(digest);
            types.add((String) b.get("mediaType"));
        }
        return types;
    }

    @Test
    void imagesPushedBySkopeoAreReadAndVerified() throws Exception {
        skopeo("copy", "--dest-tls-verify=false", "dir:" + dirImage(true), "docker://" + server.host() + "/interop/sk:gzip");
        skopeo("copy", "--dest-tls-verify=false", "--dest-compress-format", "zstd",
                "dir:" + dirImage(false), "docker://" + server.host() + "/interop/sk:zstd");
        try (RegistryClient c = client()) {
            assertThat(c.manifest("interop/sk", "gzip").mediaType()).isEqualTo(Manifest.DOCKER_V2S2);
            assertThat(readAll(c, "interop/sk", "gzip")).contains("application/vnd.docker.image.rootfs.diff.tar.gzip");
            assertThat(c.manifest("interop/sk", "zstd").mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
            assertThat(readAll(c, "interop/sk", "zstd")).contains("application/vnd.oci.image.layer.v1.tar+zstd");
            assertThat(c.tags("interop/sk")).containsExactlyInAnyOrder("gzip", "zstd");
        }
    }

    @Test
    void imagesPushedByTheClientAreCopiedBySkopeo() throws Exception {
        TestImages image = TestImages.oci(50_000, 11);
        try (RegistryClient c = client()) {
            image.push(c, "interop/peapod", "v1", 16 * 1024);
        }
        Path out = work.resolve("copied");
        skopeo("copy", "--src-tls-verify=false", "docker://" + server.host() + "/interop/peapod:v1", "dir:" + out);
        assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(image.manifest());
        assertThat(Files.readAllBytes(out.resolve(image.layerDigest().substring(7)))).isEqualTo(image.layer());
        assertThat(Files.readAllBytes(out.resolve(image.configDigest().substring(7)))).isEqualTo(image.config());
        String inspect = skopeo("inspect", "--tls-verify=false", "docker://" + server.host() + "/interop/peapod:v1");
        assertThat(inspect).contains(image.manifestDigest()).contains(image.layerDigest());
    }
}

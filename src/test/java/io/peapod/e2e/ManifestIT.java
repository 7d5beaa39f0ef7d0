package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.image.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code manifest}: a list of two platforms (a local amd64 image added from containers-storage:, an
 * arm64 image added from an OCI layout), edited, inspected, pushed with its images to an OCI layout
 * and a directory that skopeo reads back, and podman's errors for what does not fit.
 */
class ManifestIT {
    static Peapod p;
    static String amdDigest;
    static String armDigest;
    static Path armLayout;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        p = new Peapod();
        p.importBusybox();
        amdDigest = p.ok("image", "inspect", "--format", "{{.Digest}}", "localhost/busybox").out().strip();
        armLayout = p.dir.resolve("arm-layout");
        OciLayoutBuilder b = new OciLayoutBuilder(armLayout);
        OciLayoutBuilder.Image arm = b.image(List.of(Files.readAllBytes(p.dir.resolve("rootfs.tar"))), "arm64");
        b.index(arm.manifest());
        armDigest = arm.manifest().digest();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (p != null) p.close();
    }

    private static Peapod.Result skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        assertThat(r.code()).as("skopeo " + String.join(" ", args) + ": " + r).isZero();
        return r;
    }

    /** A list holding both images; returns its id. */
    private static String twoPlatformList(String name) {
        String id = p.ok("manifest", "create", name).out().strip();
        assertThat(id).matches("[a-f0-9]{64}");
        assertThat(p.ok("manifest", "add", name, "containers-storage:localhost/busybox").out().strip()).isEqualTo(id);
        assertThat(p.ok("manifest", "add", name, "oci:" + armLayout).out().strip()).isEqualTo(id);
        return id;
    }

    private static Map<String, Object> platformOf(List<Object> manifests, String digest) {
        for (Object o : manifests) {
            Map<String, Object> m = Json.map(o);
            if (digest.equals(m.get("digest"))) {
                return m;
            }
        }
        throw new AssertionError(digest + " not in " + manifests);
    }

    @Test
    void createAddAnnotateRemoveInspect() {
        String id = twoPlatformList("edit-list");
        String inspected = p.ok("manifest", "inspect", "edit-list").out();
        // podman prints the docker form, indented by four spaces, descriptors as mediaType, size, digest
        assertThat(inspected).startsWith("{\n    \"schemaVersion\": 2,\n    \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n"
                + "    \"manifests\": [\n        {\n            \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n            \"size\": ");
        Map<String, Object> doc = Json.object(inspected, "inspect");
        List<Object> manifests = Json.list(doc.get("manifests"));
        assertThat(manifests).hasSize(2);
        assertThat(Json.map(platformOf(manifests, amdDigest).get("platform"))).isEqualTo(Map.of("architecture", "amd64", "os", "linux"));
        assertThat(Json.map(platformOf(manifests, armDigest).get("platform"))).isEqualTo(Map.of("architecture", "arm64", "os", "linux"));

        assertThat(p.ok("manifest", "annotate", "--annotation", "k=v", "--os-version", "10.1", "--variant", "v8",
                "edit-list", armDigest).out().strip()).isEqualTo(id);
        Map<String, Object> arm = platformOf(Json.list(Json.object(p.ok("manifest", "inspect", "edit-list").out(), "inspect").get("manifests")), armDigest);
        assertThat(Json.map(arm.get("platform"))).containsEntry("os.version", "10.1").containsEntry("variant", "v8");
        assertThat(Json.map(arm.get("annotations"))).isEqualTo(Map.of("k", "v"));

        assertThat(p.ok("manifest", "remove", "edit-list", armDigest).out().strip()).isEqualTo(id);
        List<Object> left = Json.list(Json.object(p.ok("manifest", "inspect", "edit-list").out(), "inspect").get("manifests"));
        assertThat(left).hasSize(1);
        assertThat(Json.map(left.getFirst()).get("digest")).isEqualTo(amdDigest);
    }

    @Test
    void listIsAnImageUntilRemoved() {
        String id = twoPlatformList("shown-list");
        assertThat(p.ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out()).contains("localhost/shown-list:latest " + id.substring(0, 12));
        // podman's lookup turns a list into its image for this platform
        String busybox = p.ok("image", "inspect", "--format", "{{.Id}}", "localhost/busybox").out().strip();
        assertThat(p.ok("image", "inspect", "--format", "{{.Id}}", "shown-list").out().strip()).isEqualTo(busybox);
        assertThat(p.ok("run", "--rm", "shown-list", "echo", "from-list").out()).isEqualTo("from-list\n");
        assertThat(p.ok("history", "--no-trunc", "--format", "{{.ID}}", "shown-list").out()).startsWith("sha256:" + busybox + "\n");
        assertThat(p.run("manifest", "exists", "shown-list").code()).isZero();
        Peapod.Result rm = p.ok("manifest", "rm", "shown-list");
        assertThat(rm.out()).isEqualTo("Untagged: localhost/shown-list:latest\nDeleted: " + id + "\n");
        assertThat(p.run("manifest", "exists", "shown-list").code()).isEqualTo(1);
        // the images it named stay
        assertThat(p.run("image", "exists", "localhost/busybox").code()).isZero();

        // a list without a local image for this platform is no image to inspect, as in podman
        String other = p.ok("manifest", "create", "rmi-list").out().strip();
        Peapod.Result empty = p.run("image", "inspect", "rmi-list");
        assertThat(empty.code()).isEqualTo(125);
        assertThat(empty.out()).isEqualTo("[]\n");
        assertThat(empty.err()).isEqualTo("Error: inspecting object: no image found in manifest list for architecture amd64, variant \"\", OS linux: image not known\n");
        assertThat(p.run("image", "exists", "rmi-list").code()).isEqualTo(1);
        assertThat(p.ok("rmi", "rmi-list").out()).isEqualTo("Untagged: localhost/rmi-list:latest\nDeleted: " + other + "\n");
    }

    @Test
    void pushAllToAnOciLayoutCarriesBothPlatforms() throws Exception {
        twoPlatformList("push-list");
        p.ok("manifest", "annotate", "--annotation", "k=v", "push-list", armDigest);
        Path out = p.dir.resolve("pushed-oci");
        Path digestFile = p.dir.resolve("digest");
        Peapod.Result push = p.ok("manifest", "push", "--digestfile", digestFile.toString(), "push-list", "oci:" + out);
        assertThat(push.out()).isEmpty();
        assertThat(push.err()).startsWith("Getting image list signatures\nCopying 2 of 2 images in list\nCopying image " + amdDigest + " (1/2)\n")
                .contains("Copying image " + armDigest + " (2/2)\n")
                .endsWith("Writing manifest list to image destination\nStoring list signatures\n");

        String raw = skopeo("inspect", "--raw", "oci:" + out).out();
        Map<String, Object> index = Json.object(raw, "index");
        assertThat(index.get("mediaType")).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(OciLayoutBuilder.sha256(raw.strip().getBytes(StandardCharsets.UTF_8))).isEqualTo(Files.readString(digestFile));
        List<String> arches = new ArrayList<>();
        for (Object o : Json.list(index.get("manifests"))) {
            Map<String, Object> m = Json.map(o);
            arches.add(String.valueOf(Json.map(m.get("platform")).get("architecture")));
            if ("arm64".equals(arches.getLast())) {
                assertThat(Json.map(m.get("annotations"))).isEqualTo(Map.of("k", "v"));
            }
        }
        assertThat(arches).containsExactly("amd64", "arm64");
        // inspect reads a list that is not local through its transport, re-indented as podman prints it
        String inspected = p.ok("manifest", "inspect", "oci:" + out).out();
        assertThat(inspected).startsWith("{\n    \"schemaVersion\": 2,\n    \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n");
        assertThat(Json.object(inspected, "inspect")).isEqualTo(index);
        // every instance is whole: skopeo copies each platform out of the layout
        for (String arch : List.of("amd64", "arm64")) {
            Path copy = p.dir.resolve("copy-" + arch);
            skopeo("copy", "--override-arch", arch, "--override-os", "linux", "oci:" + out, "dir:" + copy);
            Map<String, Object> config = Json.object(Files.readAllBytes(copy.resolve(
                    Json.map(Json.object(Files.readAllBytes(copy.resolve("manifest.json")), "m").get("config")).get("digest").toString().substring(7))), "config");
            assertThat(config.get("architecture")).isEqualTo(arch);
        }
    }

    @Test
    void pushAllToARegistryServesEachPlatform() throws Exception {
        io.peapod.registry.RegistryServer.require();
        try (io.peapod.registry.RegistryServer registry = io.peapod.registry.RegistryServer.start(
                io.peapod.registry.RegistryServer.Mode.ANONYMOUS)) {
            twoPlatformList("registry-list");
            String remote = registry.host() + "/lists/busybox:multi";
            Path digestFile = p.dir.resolve("registry-digest");
            p.ok("manifest", "push", "-q", "--tls-verify=false", "--digestfile", digestFile.toString(), "registry-list",
                    "docker://" + remote);
            String raw = skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + remote).out();
            assertThat(OciLayoutBuilder.sha256(raw.strip().getBytes(StandardCharsets.UTF_8))).isEqualTo(Files.readString(digestFile));
            List<Object> manifests = Json.list(Json.object(raw, "index").get("manifests"));
            assertThat(manifests).hasSize(2);
            // the registry serves each instance, whole, by the digest the list names
            for (String arch : List.of("amd64", "arm64")) {
                String config = skopeo("inspect", "--config", "--tls-verify=false", "--override-arch", arch,
                        "--override-os", "linux", "docker://" + remote).out();
                assertThat(Json.object(config, "config").get("architecture")).isEqualTo(arch);
            }
            // a registry that refuses connections: podman's words, exit 125
            Peapod.Result refused = p.run("manifest", "push", "-q", "--tls-verify=false", "registry-list", "docker://127.0.0.1:1/x:1");
            assertThat(refused.code()).isEqualTo(125);
            assertThat(refused.err()).contains("dial tcp 127.0.0.1:1: connect: connection refused").doesNotContain("Exception");
        }
    }

    @Test
    void pushWithoutAllWritesOnlyTheListAndDirKeepsInstanceManifests() throws Exception {
        twoPlatformList("bare-list");
        Path out = p.dir.resolve("list-only");
        p.ok("manifest", "push", "-q", "--all=false", "--format", "v2s2", "bare-list", "oci:" + out);
        try (var blobs = Files.list(out.resolve("blobs/sha256"))) {
            assertThat(blobs.count()).isEqualTo(1);
        }
        assertThat(Json.object(skopeo("inspect", "--raw", "oci:" + out).out(), "list").get("mediaType"))
                .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");

        Path dir = p.dir.resolve("list-dir");
        Peapod.Result quiet = p.ok("manifest", "push", "-q", "--rm", "bare-list", "dir:" + dir);
        assertThat(quiet.err()).isEmpty();
        // dir: keeps layers as stored, so the instances keep the digests the list names
        assertThat(dir.resolve(amdDigest.substring(7) + ".manifest.json")).exists();
        assertThat(dir.resolve(armDigest.substring(7) + ".manifest.json")).exists();
        assertThat(Json.object(Files.readAllBytes(dir.resolve("manifest.json")), "list").get("mediaType"))
                .isEqualTo("application/vnd.oci.image.index.v1+json");
        // --rm removed the list once pushed
        assertThat(p.run("manifest", "exists", "bare-list").code()).isEqualTo(1);
    }

    @Test
    void badInputInPodmansWords() {
        p.ok("manifest", "create", "err-list");
        Peapod.Result r = p.run("manifest", "add", "no-such-list", "containers-storage:localhost/busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: no-such-list: image not known\n");

        r = p.run("manifest", "add", "localhost/busybox", "containers-storage:localhost/busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: localhost/busybox:latest: image is not a manifest list\n");

        r = p.run("manifest", "add", "err-list", "containers-storage:localhost/nothing");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: setting up to read manifest and configuration from \"containers-storage:[")
                .endsWith("]localhost/nothing:latest\" does not resolve to an image ID: identifier is not an image\n");

        // unlike podman, a create whose image cannot be added leaves no list behind
        r = p.run("manifest", "create", "half-list", "containers-storage:localhost/nothing");
        assertThat(r.code()).isEqualTo(125);
        assertThat(p.run("manifest", "exists", "half-list").code()).isEqualTo(1);

        r = p.run("manifest", "add", "err-list", "oci:" + p.dir.resolve("missing"));
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: setting up to read manifest and configuration from \"oci:" + p.dir.resolve("missing")
                + ":\": open " + p.dir.resolve("missing/index.json") + ": no such file or directory\n");

        String absent = "sha256:" + "0".repeat(64);
        r = p.run("manifest", "remove", "err-list", absent);
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: removing from manifest list err-list: no instance matching digest \"" + absent
                + "\" found in manifest list: file does not exist\n");
        r = p.run("manifest", "remove", "err-list", "bogus");
        assertThat(r.err()).isEqualTo("Error: removing from manifest list err-list: invalid image digest \"bogus\": invalid checksum digest format\n");
        r = p.run("manifest", "annotate", "err-list", "bogus");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid image digest \"bogus\": invalid checksum digest format\n");

        r = p.run("manifest", "push", "err-list", "docker-archive:" + p.dir.resolve("list.tar"));
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: copying multiple images: destination transport \"docker-archive\" does not support copying multiple images as a group\n");
        assertThat(p.dir.resolve("list.tar")).doesNotExist();

        r = p.run("manifest", "exists", "localhost/busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: localhost/busybox:latest: image is not a manifest list\n");

        r = p.run("manifest", "create", "err-list");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: creating image to hold manifest list: image name \"localhost/err-list:latest\" is already associated with image \"");
        assertThat(p.run("manifest", "create", "--amend", "err-list").code()).isZero();

        r = p.run("manifest", "rm", "err-list", "no-such-list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("Untagged: localhost/err-list:latest\nDeleted: ");
        assertThat(r.err()).isEqualTo("Error: no-such-list: image not known\n");
        r = p.run("manifest", "rm", "localhost/busybox");
        assertThat(r.code()).isEqualTo(125);

        r = p.run("manifest", "add", "err-list");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: requires at least 2 arg(s), only received 1\n");
    }
}

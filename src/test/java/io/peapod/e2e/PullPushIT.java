package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pull and push through the local transports: round trips store → transport → another store, skopeo
 * reading what Peapod wrote and the other way round, zstd layers, indexes, and damaged or interrupted
 * pulls leaving nothing behind.
 */
class PullPushIT {
    static Peapod src;
    static String id;
    static byte[] busyboxTar;
    static byte[] motdTar;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        src = new Peapod();
        id = src.importBusybox();
        busyboxTar = Files.readAllBytes(src.dir.resolve("rootfs.tar"));
        Path motd = src.dir.resolve("motd-tree");
        Files.createDirectories(motd.resolve("etc"));
        Files.writeString(motd.resolve("etc/motd"), "second layer\n");
        Path tar = src.dir.resolve("motd.tar");
        Peapod.Result r = Peapod.exec(List.of("tar", "--numeric-owner", "-C", motd.toString(), "-cf", tar.toString(), "etc"), null, 30);
        assertThat(r.code()).as(r.toString()).isZero();
        motdTar = Files.readAllBytes(tar);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (src != null) src.close();
    }

    private static Peapod.Result skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        assertThat(r.code()).as("skopeo " + String.join(" ", args) + ": " + r).isZero();
        return r;
    }

    private static String target(String transport, Path base) {
        return switch (transport) {
            case "oci", "dir" -> transport + ":" + base;
            default -> transport + ":" + base + ".tar";
        };
    }

    private static String inspect(Peapod p, String image, String format) {
        return p.ok("image", "inspect", "--format", format, image).out().strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "oci-archive", "docker-archive", "dir"})
    void roundTripThroughEachTransportKeepsTheImage(String transport) throws Exception {
        String where = target(transport, src.dir.resolve("rt-" + transport));
        Peapod.Result push = src.ok("push", "busybox", where);
        assertThat(push.out()).isEmpty();
        assertThat(push.err()).contains("Getting image source signatures\n", "Copying config sha256:" + id + "\n",
                "Writing manifest to image destination\nStoring signatures\n");
        try (Peapod dst = new Peapod()) {
            Peapod.Result pull = dst.ok("pull", where);
            assertThat(pull.out()).isEqualTo(id + "\n");
            assertThat(pull.err()).startsWith("Getting image source signatures\nCopying blob sha256:")
                    .endsWith("Copying config sha256:" + id + "\nWriting manifest to image destination\nStoring signatures\n");
            for (String f : List.of("{{.Id}}", "{{json .RootFS}}", "{{json .Config}}", "{{.Architecture}} {{.Os}}", "{{.Created}}")) {
                assertThat(inspect(dst, id, f)).as(f).isEqualTo(inspect(src, "busybox", f));
            }
            // The digest recorded is that of the manifest the source holds (or, for docker-archive, the one made for it).
            String digest = inspect(dst, id, "{{.Digest}}");
            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            assertThat(dst.ok("images", "--digests", "--format", "{{.Digest}}").out().strip()).isEqualTo(digest);
            if (transport.equals("dir")) {
                assertThat(digest).isEqualTo(OciLayoutBuilder.sha256(Files.readAllBytes(Path.of(where.substring(4), "manifest.json"))));
            }
            if (transport.equals("dir") || transport.equals("oci-archive")) {
                // dir: carries no name, nor an oci-archive pushed without one (podman 4.3.1 alike)
                assertThat(inspect(dst, id, "{{.RepoTags}}")).isEqualTo("[]");
            } else {
                String name = transport.equals("oci") ? "localhost" + where.substring(4) + ":latest" : "localhost/busybox:latest";
                assertThat(inspect(dst, id, "{{.RepoTags}}")).isEqualTo("[" + name + "]");
                assertThat(inspect(dst, id, "{{.RepoDigests}}")).isEqualTo("[" + name.substring(0, name.lastIndexOf(':')) + "@" + digest + "]");
            }
            // And it runs.
            assertThat(dst.ok("run", "--rm", id, "cat", "/etc/passwd").out()).startsWith("root:x:0:0");
        }
    }

    @Test
    void quietPullPrintsOnlyTheId() throws Exception {
        String where = target("oci", src.dir.resolve("quiet"));
        src.ok("push", "-q", "busybox", where);
        try (Peapod dst = new Peapod()) {
            Peapod.Result r = dst.ok("pull", "-q", where);
            assertThat(r.out()).isEqualTo(id + "\n");
            assertThat(r.err()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "oci-archive", "docker-archive", "dir"})
    void skopeoReadsWhatPeapodWritesAndTheOtherWayRound(String transport) throws Exception {
        String ours = target(transport, src.dir.resolve("sk-ours-" + transport));
        String theirs = target(transport, src.dir.resolve("sk-theirs-" + transport));
        src.ok("push", "busybox", ours);
        skopeo("copy", ours, theirs);
        assertThat(skopeo("inspect", "--config", theirs).out()).contains(inspect(src, "busybox", "{{index .RootFS.Layers 0}}"));
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", theirs).out()).isEqualTo(id + "\n");
        }
    }

    @Test
    void zstdLayersFromSkopeoUnpackExactly() throws Exception {
        String ours = "oci:" + src.dir.resolve("zs-ours");
        String zstd = "oci:" + src.dir.resolve("zs-skopeo");
        src.ok("push", "busybox", ours);
        skopeo("copy", "--dest-compress-format", "zstd", ours, zstd);
        assertThat(skopeo("inspect", "--raw", zstd).out()).contains("application/vnd.oci.image.layer.v1.tar+zstd");
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", zstd).out()).isEqualTo(id + "\n");
            // Written out uncompressed again, the layer is byte for byte the original: its digest is the diff id.
            Path out = dst.dir.resolve("back");
            dst.ok("push", "-q", id, "dir:" + out);
            String diffId = inspect(src, "busybox", "{{index .RootFS.Layers 0}}");
            assertThat(out.resolve(diffId.substring(7))).exists();
            assertThat(OciLayoutBuilder.sha256(Files.readAllBytes(out.resolve(diffId.substring(7))))).isEqualTo(diffId);
        }
    }

    @Test
    void pushWithZstdIsReadBySkopeoAndIdenticalPushesGiveIdenticalDigests() throws Exception {
        Path a = src.dir.resolve("zpush-a");
        Path b = src.dir.resolve("zpush-b");
        src.ok("push", "--compression-format", "zstd", "--digestfile", a + ".digest", "busybox", "oci:" + a);
        src.ok("push", "--compression-format", "zstd", "--digestfile", b + ".digest", "busybox", "oci:" + b);
        String digest = Files.readString(Path.of(a + ".digest"));
        assertThat(digest).matches("sha256:[0-9a-f]{64}").isEqualTo(Files.readString(Path.of(b + ".digest")));
        String manifest = Files.readString(a.resolve("blobs/sha256").resolve(digest.substring(7)));
        assertThat(manifest).contains("application/vnd.oci.image.layer.v1.tar+zstd");
        skopeo("copy", "oci:" + a, "dir:" + src.dir.resolve("zpush-skopeo"));
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", "oci:" + a).out()).isEqualTo(id + "\n");
        }
    }

    @Test
    void pushV2s2ThenPullBack() throws Exception {
        Path out = src.dir.resolve("v2s2");
        Path digestFile = src.dir.resolve("v2s2.digest");
        src.ok("push", "--format", "v2s2", "--remove-signatures", "--digestfile", digestFile.toString(), "busybox", "dir:" + out);
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertThat(manifest).contains("\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"",
                "application/vnd.docker.container.image.v1+json");
        String digest = OciLayoutBuilder.sha256(manifest.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(digestFile)).isEqualTo(digest);
        try (Peapod dst = new Peapod()) {
            assertThat(dst.ok("pull", "-q", "dir:" + out).out()).isEqualTo(id + "\n");
            assertThat(inspect(dst, id, "{{.Digest}}")).isEqualTo(digest);
            assertThat(inspect(dst, id, "{{json .RootFS}}")).isEqualTo(inspect(src, "busybox", "{{json .RootFS}}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void multiLayerImageKeepsItsLayersAndManifestDigest(String driver) throws Exception {
        Path layout = src.dir.resolve("two-layers-" + driver);
        OciLayoutBuilder b = new OciLayoutBuilder(layout);
        OciLayoutBuilder.Image img = b.image(List.of(busyboxTar, motdTar), "amd64");
        b.index(img.manifest());
        try (Peapod dst = new Peapod()) {
            String imageId = img.config().digest().substring(7);
            assertThat(dst.ok("--storage-driver", driver, "pull", "-q", "oci:" + layout).out()).isEqualTo(imageId + "\n");
            assertThat(inspect(dst, imageId, "{{json .RootFS.Layers}}"))
                    .isEqualTo("[\"" + String.join("\",\"", img.diffIds()) + "\"]");
            assertThat(inspect(dst, imageId, "{{.Digest}}")).isEqualTo(img.manifest().digest());
            assertThat(dst.ok("run", "--rm", imageId, "cat", "/etc/motd").out()).isEqualTo("second layer\n");
            // Pulled again: every layer is already there.
            Peapod.Result again = dst.ok("pull", "oci:" + layout);
            assertThat(again.out()).isEqualTo(imageId + "\n");
            assertThat(dst.ok("system", "check").code()).isZero();
        }
    }

    @Test
    void indexInstanceChosenByPlatform() throws Exception {
        Path layout = src.dir.resolve("multi-arch");
        OciLayoutBuilder b = new OciLayoutBuilder(layout);
        OciLayoutBuilder.Image amd64 = b.image(List.of(busyboxTar), "amd64");
        OciLayoutBuilder.Image arm64 = b.image(List.of(busyboxTar, motdTar), "arm64");
        b.multiPlatformIndex(List.of(arm64, amd64), List.of("arm64", "amd64"));
        try (Peapod dst = new Peapod()) {
            String where = "oci:" + layout;
            assertThat(dst.ok("pull", "-q", where).out().strip()).isEqualTo(amd64.config().digest().substring(7));
            assertThat(dst.ok("pull", "-q", "--arch", "arm64", where).out().strip()).isEqualTo(arm64.config().digest().substring(7));
            assertThat(dst.ok("pull", "-q", "--platform", "linux/arm64", where).out().strip()).isEqualTo(arm64.config().digest().substring(7));
            Path indexBlob = layout.resolve("index.json");
            String indexDigest = Files.readString(indexBlob).replaceAll(".*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
            // As podman: Digest is the index's, RepoDigests name the index and the instance.
            String armId = arm64.config().digest().substring(7);
            assertThat(inspect(dst, armId, "{{.Digest}}")).isEqualTo(indexDigest);
            String repo = "localhost" + layout;
            assertThat(inspect(dst, armId, "{{.RepoDigests}}"))
                    .isEqualTo("[" + repo + "@" + indexDigest + " " + repo + "@" + arm64.manifest().digest() + "]");

            Peapod.Result none = dst.run("pull", "--arch", "s390x", where);
            assertThat(none.code()).isEqualTo(125);
            assertThat(none.err()).isEqualTo("Error: choosing an image from manifest list " + where
                    + ":: no image found in image index for architecture s390x, variant \"\", OS linux\n");
            Peapod.Result both = dst.run("pull", "--platform", "linux/arm64", "--arch", "arm64", where);
            assertThat(both.code()).isEqualTo(125);
            assertThat(both.err()).isEqualTo("Error: --platform option can not be specified with --arch or --os\n");
        }
    }

    /** Only what a pull leaves in the driver's directory: layer directories and staging debris alike. */
    private static List<String> driverEntries(Peapod p) throws IOException {
        Path root = p.root.resolve("overlay");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }

    @Test
    void aBlobWithTheWrongDigestLeavesNothingBehind() throws Exception {
        Path layout = src.dir.resolve("corrupt");
        OciLayoutBuilder b = new OciLayoutBuilder(layout);
        OciLayoutBuilder.Image img = b.image(List.of(busyboxTar, motdTar), "amd64");
        b.index(img.manifest());
        // Same tar, compressed differently: the diff id still matches, only the blob digest check can tell.
        Files.write(b.blobFile(img.layers().get(1)), OciLayoutBuilder.gzip(motdTar, java.util.zip.Deflater.NO_COMPRESSION));
        try (Peapod dst = new Peapod()) {
            Peapod.Result r = dst.run("pull", "oci:" + layout);
            assertThat(r.code()).isEqualTo(125);
            assertThat(r.err()).contains("Error: reading blob " + img.layers().get(1).digest() + ": Digest did not match");
            assertThat(dst.ok("images", "-a", "-q").out()).isEmpty();
            assertThat(driverEntries(dst)).isEmpty();
            assertThat(dst.ok("system", "check").code()).isZero();
        }
    }

    @Test
    void aDamagedConfigIsRefused() throws Exception {
        Path layout = src.dir.resolve("bad-config");
        OciLayoutBuilder b = new OciLayoutBuilder(layout);
        OciLayoutBuilder.Image img = b.image(List.of(busyboxTar), "amd64");
        b.index(img.manifest());
        Path config = b.blobFile(img.config());
        Files.writeString(config, Files.readString(config).replace("amd64", "AMD64"));
        try (Peapod dst = new Peapod()) {
            Peapod.Result r = dst.run("pull", "oci:" + layout);
            assertThat(r.code()).isEqualTo(125);
            assertThat(r.err()).contains("Digest did not match, expected " + img.config().digest());
            assertThat(dst.ok("images", "-a", "-q").out()).isEmpty();
        }
    }

    @Test
    void aPullKilledMidLayerLeavesNoImageAndItsDebrisIsRemoved() throws Exception {
        // dir: with the second layer's blob a named pipe, so the pull blocks half-way through it.
        Path dirImage = src.dir.resolve("fifo-image");
        OciLayoutBuilder b = new OciLayoutBuilder(src.dir.resolve("fifo-src"));
        OciLayoutBuilder.Image img = b.image(List.of(busyboxTar, motdTar), "amd64");
        Files.createDirectories(dirImage);
        for (OciLayoutBuilder.Blob blob : List.of(img.config(), img.layers().get(0))) {
            Files.copy(b.blobFile(blob), dirImage.resolve(blob.digest().substring(7)));
        }
        Files.copy(b.blobFile(img.manifest()), dirImage.resolve("manifest.json"));
        Files.writeString(dirImage.resolve("version"), "Directory Transport Version: 1.1\n");
        Path fifo = dirImage.resolve(img.layers().get(1).digest().substring(7));
        assertThat(Peapod.exec(List.of("mkfifo", fifo.toString()), null, 10).code()).isZero();
        byte[] blob = Files.readAllBytes(b.blobFile(img.layers().get(1)));

        b.index(img.manifest());   // the same image, whole, for the pull after the kill

        try (Peapod dst = new Peapod();
             // Opened read-write, the pipe never blocks its opener: half the blob waits in its buffer
             // and the pull stops there, waiting for the rest.
             java.io.RandomAccessFile pipe = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
            pipe.write(blob, 0, blob.length / 2);
            List<String> cmd = List.of(Peapod.LAUNCHER.toString(), "--root", dst.root.toString(), "--runroot",
                    dst.runroot.toString(), "--storage-driver", "vfs", "pull", "dir:" + dirImage);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dst.dir.resolve("pull.log").toFile()).start();
            Path vfs = dst.root.resolve("vfs");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // Both layers staged (the first complete, the second half-read), none committed.
            while (System.nanoTime() < deadline && p.isAlive()
                    && listOrEmpty(vfs).stream().filter(n -> n.startsWith(".tmp-")).count() < 2) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as(Files.readString(dst.dir.resolve("pull.log"))).isTrue();
            assertThat(listOrEmpty(vfs)).filteredOn(n -> n.startsWith(".tmp-")).hasSize(2);
            p.destroyForcibly();   // SIGKILL: no clean-up of its own
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(dst.ok("--storage-driver", "vfs", "images", "-a", "-q").out()).isEmpty();
            assertThat(listOrEmpty(vfs)).allMatch(n -> n.startsWith(".tmp-"));
            // The next writer removes the debris; the image then pulls whole.
            String imageId = img.config().digest().substring(7);
            assertThat(dst.ok("--storage-driver", "vfs", "pull", "-q", "oci:" + b.dir).out()).isEqualTo(imageId + "\n");
            assertThat(listOrEmpty(vfs)).noneMatch(n -> n.startsWith(".tmp-")).hasSize(2);
            assertThat(dst.ok("--storage-driver", "vfs", "system", "check").code()).isZero();
        }
    }

    private static List<String> listOrEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }

    @Test
    void dockerArchiveWithTwoImagesPullsBothOrTheOneAsked() throws Exception {
        Path layout = src.dir.resolve("second-image");
        OciLayoutBuilder b = new OciLayoutBuilder(layout);
        OciLayoutBuilder.Image img = b.image(List.of(busyboxTar, motdTar), "amd64");
        b.index(img.manifest());
        String second = img.config().digest().substring(7);
        try (Peapod dst = new Peapod()) {
            dst.ok("pull", "-q", "oci:" + layout);
            dst.ok("tag", second, "localhost/second:1");
            String first = dst.importBusybox();
            Path archive = dst.dir.resolve("two.tar");
            dst.ok("save", "-m", "-o", archive.toString(), "busybox", "localhost/second:1");
            try (Peapod all = new Peapod(); Peapod one = new Peapod(); Peapod loaded = new Peapod()) {
                assertThat(all.ok("pull", "-q", "docker-archive:" + archive).out()).isEqualTo(first + "\n" + second + "\n");
                assertThat(inspect(all, second, "{{.RepoTags}}")).isEqualTo("[localhost/second:1]");
                assertThat(one.ok("pull", "-q", "docker-archive:" + archive + ":@1").out()).isEqualTo(second + "\n");
                assertThat(one.ok("images", "-q").out().strip()).isEqualTo(second.substring(0, 12));
                // load and pull record the same manifest for a docker-archive image (podman's digest)
                loaded.ok("load", "-i", archive.toString());
                assertThat(inspect(loaded, second, "{{.Digest}}")).isEqualTo(inspect(all, second, "{{.Digest}}"));
                Peapod.Result missing = one.run("pull", "docker-archive:" + archive + ":localhost/nope:1");
                assertThat(missing.code()).isEqualTo(125);
                assertThat(missing.err()).isEqualTo("Error: Tag \"localhost/nope:1\" not found\n");
            }
        }
    }

    @Test
    void containersStorageIsTheStoreItself() throws Exception {
        try (Peapod p = new Peapod()) {
            String own = p.importBusybox();
            assertThat(p.ok("pull", "-q", "containers-storage:busybox").out()).isEqualTo(own + "\n");
            p.ok("push", "-q", "busybox", "containers-storage:localhost/copy:2");
            assertThat(inspect(p, "localhost/copy:2", "{{.Id}}")).isEqualTo(own);
        }
    }

    @Test
    void onATerminalProgressEndsAsPodmansBarsDo() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            throw new AssertionError("/usr/bin/script (util-linux) is needed to run a pull on a terminal");
        }
        String where = target("oci", src.dir.resolve("tty"));
        src.ok("push", "-q", "busybox", where);
        try (Peapod dst = new Peapod()) {
            String cmd = Peapod.LAUNCHER + " --root " + dst.root + " --runroot " + dst.runroot + " pull " + where;
            Peapod.Result first = Peapod.exec(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), null, 120);
            assertThat(first.code()).as(first.toString()).isZero();
            String out = first.out().replace("\r", "");
            assertThat(out).containsPattern("\nCopying blob [0-9a-f]{12} done  \n")
                    .contains("Copying config " + id.substring(0, 10) + " done  \n")
                    .endsWith("Storing signatures\n" + id + "\n");
            Peapod.Result again = Peapod.exec(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), null, 120);
            assertThat(again.out().replace("\r", "")).containsPattern("Copying blob [0-9a-f]{12} skipped: already exists  \n");
        }
    }

    @Test
    void badInputGivesPodmansErrors() {
        Peapod.Result plain = src.run("pull", "busybox");
        assertThat(plain.code()).isEqualTo(125);
        // a stored image is pulled again under its own name, here from a registry that does not exist
        assertThat(plain.err()).startsWith("Trying to pull localhost/busybox:latest...\n")
                .contains("Error: initializing source docker://localhost/busybox:latest: ");
        Peapod.Result unknown = src.run("push", "busybox", "xyz:/tmp/x");
        assertThat(unknown.code()).isEqualTo(125);
        assertThat(unknown.err()).isEqualTo("Error: Invalid image name \"xyz:/tmp/x\", unknown transport \"xyz\"\n");
        Peapod.Result allTags = src.run("pull", "--all-tags", "oci:/nonexistent");
        assertThat(allTags.err()).isEqualTo("Error: pulling all tags is not supported for oci transport\n");
        Peapod.Result missing = src.run("pull", "oci:/nonexistent");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: initializing source oci:/nonexistent:: open /nonexistent/index.json: no such file or directory\n");
        Peapod.Result args = src.run("push");
        assertThat(args.code()).isEqualTo(125);
        assertThat(args.err()).startsWith("Error: accepts between 1 and 2 arg(s), received 0");
        Peapod.Result format = src.run("push", "--format", "xx", "busybox", "oci:/tmp/never");
        assertThat(format.err()).isEqualTo("Error: unknown format \"xx\". Choose on of the supported formats: 'oci', 'v2s1', or 'v2s2'\n");
        Peapod.Result docker = src.run("push", "busybox", "docker://localhost:1/x");
        assertThat(docker.code()).isEqualTo(125);
        assertThat(docker.err()).contains("Error: trying to reuse blob sha256:")
                .contains(": pinging container registry localhost:1: Get \"https://localhost:1/v2/\": ")
                .endsWith(": dial tcp 127.0.0.1:1: connect: connection refused\n");   // Go names the address it dialled
    }
}

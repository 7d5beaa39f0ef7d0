package io.peapod.e2e;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Archives whose digests lie or whose layers try to escape: refused, and the store keeps nothing of them. */
class HostileArchiveIT {

    private static void assertRefused(Peapod peapod, Peapod.Result r, String messagePart) {
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).as(r.toString()).startsWith("Error: ").contains(messagePart);
        assertThat(peapod.ok("images", "-a", "-q").out()).as("no image may be left behind").isEmpty();
        assertThat(peapod.run("system", "check").code()).isZero();
    }

    @Test
    void aLayerWhoseBytesNoLongerMatchTheirDigestIsRefused() throws Exception {
        try (Peapod peapod = new Peapod()) {
            peapod.importBusybox();
            Path dir = peapod.dir.resolve("oci");
            peapod.ok("save", "--format", "oci-dir", "-o", dir.toString(), "busybox");
            String layer = peapod.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "busybox").out().strip();
            peapod.ok("rmi", "-a");
            Path blob = dir.resolve("blobs/sha256/" + layer.substring("sha256:".length()));
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 0x55;   // inside busybox's data, not a tar header
            Files.write(blob, bytes);
            assertRefused(peapod, peapod.run("load", "-i", dir.toString()), "digest");
        }
    }

    @Test
    void aConfigThatListsOtherLayersIsRefused() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Path archive = dockerArchive(peapod.dir, layerTar("hello.txt", "hello"), "sha256:" + "0".repeat(64));
            assertRefused(peapod, peapod.run("load", "-i", archive.toString()), "digest mismatch");
        }
    }

    @Test
    void aLayerThatClimbsOutOfItsRootIsRefusedAndWritesNothingOutside() throws Exception {
        try (Peapod peapod = new Peapod()) {
            byte[] layer = layerTar("../../../../escaped-by-peapod-test", "pwned");
            Path archive = dockerArchive(peapod.dir, layer, sha256(layer));
            assertRefused(peapod, peapod.run("load", "-i", archive.toString()), "outside the root");
            assertThat(Path.of("/escaped-by-peapod-test")).doesNotExist();
            try (Stream<Path> all = Files.walk(peapod.dir)) {
                assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("escaped-by-peapod-test");
            }
        }
    }

    private static byte[] layerTar(String name, String content) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);   // keep the name exactly as given
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return buf.toByteArray();
    }

    /** A docker-archive with one layer and a config that claims {@code diffId} for it. */
    private static Path dockerArchive(Path dir, byte[] layer, String diffId) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = sha256(config).substring(7) + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"localhost/hostile:1\"],"
                + "\"Layers\":[\"layer.tar\"]}]").getBytes(StandardCharsets.UTF_8);
        Path archive = dir.resolve("hostile-" + System.nanoTime() + ".tar");
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, "layer.tar", layer);
            add(tar, configName, config);
            add(tar, "manifest.json", manifest);
        }
        return archive;
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** save / load round trips in every archive format. */
class SaveLoadIT {

    Peapod peapod;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        peapod = new Peapod();
        id = peapod.importBusybox();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    private void removeAll() {
        peapod.ok("rmi", "-a");
        assertThat(peapod.ok("images", "-q").out()).isEmpty();
    }

    private void assertLoadedBack(Peapod.Result load) {
        assertThat(load.code()).as(load.toString()).isZero();
        assertThat(load.out()).contains("Loaded image: localhost/busybox:latest");
        assertThat(peapod.ok("images", "-q", "--no-trunc").out().strip()).isEqualTo("sha256:" + id);
        assertThat(peapod.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).isEqualTo("localhost/busybox:latest\n");
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Config.Cmd}}", "busybox").out()).isEqualTo("[sh]\n");
        Peapod.Result check = peapod.run("system", "check");
        assertThat(check.code()).as(check.toString()).isZero();
    }

    private Path save(String format, String name) {
        Path out = peapod.dir.resolve(name);
        if (format == null) peapod.ok("save", "-o", out.toString(), "busybox");
        else peapod.ok("save", "--format", format, "-o", out.toString(), "busybox");
        assertThat(out).exists();
        return out;
    }

    @Test
    void dockerArchiveRoundTrip() {
        Path tar = save(null, "x.tar");
        removeAll();
        assertLoadedBack(peapod.run("load", "-i", tar.toString()));
    }

    @Test
    void dockerArchiveExplicitFormatRoundTrip() {
        Path tar = save("docker-archive", "x.tar");
        removeAll();
        assertLoadedBack(peapod.run("load", "--input", tar.toString()));
    }

    @Test
    void ociArchiveRoundTrip() {
        Path tar = save("oci-archive", "o.tar");
        removeAll();
        assertLoadedBack(peapod.run("load", "-i", tar.toString()));
    }

    @Test
    void loadFromStdin() {
        Path tar = save(null, "x.tar");
        removeAll();
        assertLoadedBack(peapod.runWithInput(tar, 120, "load"));
        Path oci = save("oci-archive", "o.tar");
        removeAll();
        assertLoadedBack(peapod.runWithInput(oci, 120, "load"));
    }

    @Test
    void gzipCompressedArchive() throws IOException {
        Path tar = save(null, "x.tar");
        Path gz = gzip(tar);
        removeAll();
        assertLoadedBack(peapod.run("load", "-i", gz.toString()));
        Path oci = gzip(save("oci-archive", "o.tar"));
        removeAll();
        assertLoadedBack(peapod.runWithInput(oci, 120, "load"));
    }

    @Test
    void ociDirRoundTrip() {
        Path dir = save("oci-dir", "ocidir");
        assertThat(dir).isDirectory();
        assertThat(dir.resolve("index.json")).isRegularFile();
        assertThat(dir.resolve("oci-layout")).isRegularFile();
        removeAll();
        assertLoadedBack(peapod.run("load", "-i", dir.toString()));
    }

    @Test
    void dockerDirRoundTrip() {
        Path dir = save("docker-dir", "dockerdir");
        assertThat(dir).isDirectory();
        assertThat(dir.resolve("manifest.json")).isRegularFile();
        removeAll();
        // Like podman's dir: transport, the directory carries no name: the image is loaded
        // untagged and reported by its id.
        Peapod.Result load = peapod.run("load", "-i", dir.toString());
        assertThat(load.code()).as(load.toString()).isZero();
        assertThat(load.out()).isEqualTo("Loaded image: sha256:" + id + "\n");
        assertThat(peapod.ok("images", "-q", "--no-trunc").out().strip()).isEqualTo("sha256:" + id);
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Config.Cmd}}", id).out()).isEqualTo("[sh]\n");
        Peapod.Result check = peapod.run("system", "check");
        assertThat(check.code()).as(check.toString()).isZero();
    }

    @Test
    void loadIntoStoreThatHasTheImageKeepsOneImage() {
        Path tar = save(null, "x.tar");
        assertLoadedBack(peapod.run("load", "-i", tar.toString()));
    }

    private static Path gzip(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(file, out);
        }
        return gz;
    }
}

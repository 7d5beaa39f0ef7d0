package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** import, images (table, -q, --format), image inspect, image exists, version, help. */
class ImagesIT {

    static Peapod peapod;
    static String id;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        id = peapod.importBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    @Test
    void importPrintsTheImageId() throws Exception {
        // A second import of the same tarball under another name prints the same kind of id.
        Peapod.Result r = peapod.ok("import", peapod.dir.resolve("rootfs.tar").toString(), "localhost/other:1");
        assertThat(r.out().strip()).matches("sha256:[0-9a-f]{64}");
        assertThat(id).matches("[0-9a-f]{64}");
        peapod.ok("rmi", "localhost/other:1");
    }

    @Test
    void imagesTableHasAlignedHeaderAndRow() {
        Peapod.Result r = peapod.ok("images");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        String header = lines.get(0);
        String row = lines.get(1);
        assertThat(header.split("\\s{2,}")).containsExactly("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        assertThat(row.split("\\s{2,}")).startsWith("localhost/busybox", "latest", id.substring(0, 12));
        // Columns aligned: each row value starts where its header starts.
        assertThat(row.indexOf("latest")).isEqualTo(header.indexOf("TAG"));
        assertThat(row.indexOf(id.substring(0, 12))).isEqualTo(header.indexOf("IMAGE ID"));
        int created = header.indexOf("CREATED");
        assertThat(row.charAt(created)).isNotEqualTo(' ');
        assertThat(row.charAt(created - 1)).isEqualTo(' ');
        int size = header.indexOf("SIZE");
        assertThat(row.charAt(size)).isNotEqualTo(' ');
        assertThat(row.charAt(size - 1)).isEqualTo(' ');
    }

    @Test
    void imagesQuiet() {
        assertThat(peapod.ok("images", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(peapod.ok("images", "--quiet", "--no-trunc").out().strip()).isEqualTo("sha256:" + id);
    }

    @Test
    void imagesFormatTemplate() {
        assertThat(peapod.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out())
                .isEqualTo("localhost/busybox:latest\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesFormatJson() throws Exception {
        String out = peapod.ok("images", "--format", "json").out();
        List<Object> list = JSON.std.listFrom(out);
        assertThat(list).hasSize(1);
        Map<String, Object> img = (Map<String, Object>) list.get(0);
        assertThat(img.get("Id")).isEqualTo(id);
        assertThat((List<Object>) img.get("Names")).containsExactly("localhost/busybox:latest");
    }

    @Test
    void inspectConfigCmd() {
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Config.Cmd}}", "busybox").out())
                .isEqualTo("[sh]\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectJson() throws Exception {
        List<Object> list = JSON.std.listFrom(peapod.ok("image", "inspect", "localhost/busybox:latest").out());
        Map<String, Object> img = (Map<String, Object>) list.get(0);
        assertThat(img.get("Id")).isEqualTo(id);
        assertThat((List<Object>) img.get("RepoTags")).containsExactly("localhost/busybox:latest");
    }

    @Test
    void imageExists() {
        Peapod.Result yes = peapod.run("image", "exists", "busybox");
        assertThat(yes.code()).as(yes.toString()).isZero();
        assertThat(peapod.run("image", "exists", "localhost/busybox:latest").code()).isZero();
        Peapod.Result no = peapod.run("image", "exists", "nosuchimage");
        assertThat(no.code()).as(no.toString()).isEqualTo(1);
        assertThat(no.out()).isEmpty();
    }

    @Test
    void version() {
        Peapod.Result r = peapod.ok("version");
        assertThat(r.out()).contains("Version:");
    }

    @Test
    void help() {
        assertThat(peapod.ok("help").out()).contains("Usage:");
        assertThat(peapod.ok("--help").out()).contains("Usage:");
        assertThat(peapod.ok("images", "--help").out()).contains("Usage:");
    }
}

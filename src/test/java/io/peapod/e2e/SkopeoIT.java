package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Archives written by peapod are read by skopeo, and the other way round. */
class SkopeoIT {

    static Peapod peapod;
    static String id;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        peapod = new Peapod();
        id = peapod.importBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    private static Peapod.Result skopeo(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        assertThat(r.code()).as("skopeo " + String.join(" ", args) + ": " + r).isZero();
        return r;
    }

    @Test
    @SuppressWarnings("unchecked")
    void skopeoInspectsPeapodOciArchive() throws Exception {
        Path tar = peapod.dir.resolve("peapod-oci.tar");
        peapod.ok("save", "--format", "oci-archive", "-o", tar.toString(), "busybox");
        String layer = peapod.ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "busybox").out().strip();
        assertThat(layer).matches("sha256:[0-9a-f]{64}");

        Map<String, Object> info = JSON.std.mapFrom(skopeo("inspect", "oci-archive:" + tar).out());
        // The archive holds an uncompressed layer, so the blob digest equals the diff id.
        assertThat((List<Object>) info.get("Layers")).containsExactly(layer);

        Map<String, Object> config = JSON.std.mapFrom(skopeo("inspect", "--config", "oci-archive:" + tar).out());
        Map<String, Object> rootfs = (Map<String, Object>) config.get("rootfs");
        assertThat((List<Object>) rootfs.get("diff_ids")).containsExactly(layer);
    }

    @Test
    void skopeoInspectsPeapodDockerArchive() {
        Path tar = peapod.dir.resolve("peapod-docker.tar");
        peapod.ok("save", "-o", tar.toString(), "busybox");
        String out = skopeo("inspect", "docker-archive:" + tar).out();
        assertThat(out).contains("\"Digest\"");
    }

    @Test
    void peapodLoadsSkopeoDockerArchive() {
        Path oci = peapod.dir.resolve("for-skopeo.tar");
        peapod.ok("save", "--format", "oci-archive", "-o", oci.toString(), "busybox");
        Path docker = peapod.dir.resolve("from-skopeo.tar");
        skopeo("copy", "oci-archive:" + oci, "docker-archive:" + docker + ":localhost/sk:1");

        Peapod.Result load = peapod.run("load", "-i", docker.toString());
        assertThat(load.code()).as(load.toString()).isZero();
        assertThat(load.out()).contains("Loaded image: localhost/sk:1");
        assertThat(peapod.run("image", "exists", "localhost/sk:1").code()).isZero();
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Id}}", "localhost/sk:1").out().strip()).isEqualTo(id);
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Config.Cmd}}", "localhost/sk:1").out()).isEqualTo("[sh]\n");
        peapod.ok("rmi", "localhost/sk:1");
    }

    @Test
    void peapodLoadsSkopeoOciDir() {
        Path oci = peapod.dir.resolve("for-skopeo2.tar");
        peapod.ok("save", "--format", "oci-archive", "-o", oci.toString(), "busybox");
        Path dir = peapod.dir.resolve("skopeo-oci-dir");
        skopeo("copy", "oci-archive:" + oci, "oci:" + dir + ":localhost/sk:2");
        Peapod.Result load = peapod.run("load", "-i", dir.toString());
        assertThat(load.code()).as(load.toString()).isZero();
        assertThat(load.out()).contains("Loaded image: localhost/sk:2");
        peapod.ok("rmi", "localhost/sk:2");
    }
}

package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local look-ups of short names through registries.conf (podman's libimage LookupImage): the
 * unqualified-search registries in their order, and short-name aliases before everything.
 */
class ShortNamesIT {

    private static Peapod.Result run(Peapod peapod, Path conf, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "CONTAINERS_REGISTRIES_CONF=" + conf, "HOME=" + peapod.dir,
                Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(), "--runroot", peapod.runroot.toString()));
        cmd.addAll(List.of(args));
        return Peapod.exec(cmd, null, 120);
    }

    private static String id(Peapod peapod, Path conf, String name) {
        Peapod.Result r = run(peapod, conf, "image", "inspect", "--format", "{{.Id}}", name);
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out().strip();
    }

    @Test
    void searchRegistriesAndAliasesFindLocalImagesByShortName() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Path rootfs = peapod.busyboxRootfs();
            // two different images whose names end in /busybox, none of them localhost/ or docker.io/
            String quay = peapod.ok("import", "--change", "ENV WHICH=quay", rootfs.toString(), "quay.io/busybox:latest")
                    .out().strip().substring("sha256:".length());
            String mine = peapod.ok("import", "--change", "ENV WHICH=mine", rootfs.toString(), "127.0.0.1:5000/busybox:latest")
                    .out().strip().substring("sha256:".length());
            assertThat(quay).isNotEqualTo(mine);

            Path mineFirst = peapod.dir.resolve("mine.conf");
            Files.writeString(mineFirst, """
                    unqualified-search-registries = ["127.0.0.1:5000", "quay.io"]
                    [aliases]
                    "mybox" = "127.0.0.1:5000/busybox"
                    "qbox" = "quay.io/busybox"
                    """);
            Path quayFirst = peapod.dir.resolve("quay.conf");
            Files.writeString(quayFirst, """
                    unqualified-search-registries = ["quay.io", "127.0.0.1:5000"]
                    """);
            // the search registries decide, in their order
            assertThat(id(peapod, mineFirst, "busybox")).isEqualTo(mine);
            assertThat(id(peapod, quayFirst, "busybox")).isEqualTo(quay);
            assertThat(id(peapod, quayFirst, "busybox:latest")).isEqualTo(quay);
            // aliases, with the tag typed
            assertThat(id(peapod, mineFirst, "mybox")).isEqualTo(mine);
            assertThat(id(peapod, mineFirst, "qbox:latest")).isEqualTo(quay);
            assertThat(run(peapod, quayFirst, "image", "exists", "mybox").code()).isEqualTo(1);
            assertThat(run(peapod, mineFirst, "image", "exists", "mybox").code()).isZero();
            Peapod.Result unknown = run(peapod, mineFirst, "image", "inspect", "mybox:2");
            assertThat(unknown.code()).isEqualTo(125);
            assertThat(unknown.err()).contains("mybox:2: image not known");
            // qualified names and full ids need no registries.conf: a broken one does not matter to them;
            // short names (a short id too) are then not known, as in podman
            Path broken = peapod.dir.resolve("broken.conf");
            Files.writeString(broken, "unqualified-search-registries = 5\n");
            assertThat(id(peapod, broken, "127.0.0.1:5000/busybox")).isEqualTo(mine);
            assertThat(id(peapod, broken, mine)).isEqualTo(mine);
            assertThat(run(peapod, broken, "image", "exists", mine.substring(0, 12)).code()).isEqualTo(1);
            assertThat(run(peapod, broken, "image", "exists", "busybox").code()).isEqualTo(1);
            // a name an alias points at is what tag and rmi act on
            Peapod.Result tag = run(peapod, mineFirst, "tag", "mybox", "localhost/copy:1");
            assertThat(tag.code()).as(tag.toString()).isZero();
            assertThat(id(peapod, mineFirst, "localhost/copy:1")).isEqualTo(mine);
            Peapod.Result rmi = run(peapod, mineFirst, "rmi", "qbox");
            assertThat(rmi.code()).as(rmi.toString()).isZero();
            assertThat(run(peapod, mineFirst, "image", "exists", "quay.io/busybox").code()).isEqualTo(1);
        }
    }
}

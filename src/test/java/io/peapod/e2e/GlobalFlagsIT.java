package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The global flags a podman user passes: --storage-driver, --root, --log-level. */
class GlobalFlagsIT {

    @Test
    void theVfsDriverKeepsWholeSnapshotsAndTheStoreRemembersItsDriver() throws Exception {
        try (Peapod peapod = new Peapod()) {
            String id = peapod.importBusybox();
            assertThat(id).isNotEmpty();
            // A fresh store made with --storage-driver vfs.
            Path root = peapod.dir.resolve("vfs-root");
            Path run = peapod.dir.resolve("vfs-run");
            String[] vfs = {"--root", root.toString(), "--runroot", run.toString(), "--storage-driver", "vfs"};
            Path archive = peapod.dir.resolve("bb.tar");
            peapod.ok("save", "-o", archive.toString(), "busybox");
            Peapod.Result load = Peapod.exec(cmd(vfs, "load", "-i", archive.toString()), null, 120);
            assertThat(load.code()).as(load.toString()).isZero();
            Peapod.Result driver = Peapod.exec(cmd(vfs, "info", "--format", "{{.Store.GraphDriverName}}"), null, 120);
            assertThat(driver.out().strip()).isEqualTo("vfs");
            Peapod.Result images = Peapod.exec(cmd(vfs, "images", "--format", "{{.ID}}"), null, 120);
            assertThat(images.out().strip()).isEqualTo(id.substring(0, 12));
            assertThat(root.resolve("vfs")).isDirectory();
            // Asking the same store for another driver fails as podman's database check does.
            String[] overlay = {"--root", root.toString(), "--runroot", run.toString(), "--storage-driver", "overlay"};
            Peapod.Result mismatch = Peapod.exec(cmd(overlay, "images"), null, 120);
            assertThat(mismatch.code()).isEqualTo(125);
            assertThat(mismatch.err()).contains("does not match our storage graph driver \"overlay\"");
            // Without --storage-driver the store's own driver is used.
            String[] plain = {"--root", root.toString(), "--runroot", run.toString()};
            Peapod.Result check = Peapod.exec(cmd(plain, "system", "check"), null, 120);
            assertThat(check.code()).as(check.toString()).isZero();
        }
    }

    @Test
    void systemResetEmptiesTheStoreAndFreesTheDriverChoice() throws Exception {
        try (Peapod peapod = new Peapod()) {
            peapod.importBusybox();
            peapod.ok("tag", "busybox", "localhost/other:2");
            peapod.ok("system", "reset", "--force");
            assertThat(peapod.ok("images", "-a", "-q").out()).isEmpty();
            assertThat(peapod.ok("system", "check").code()).isZero();
            Peapod.Result vfs = peapod.run("--storage-driver", "vfs", "info", "--format", "{{.Store.GraphDriverName}}");
            assertThat(vfs.code()).as(vfs.toString()).isZero();
            assertThat(vfs.out().strip()).isEqualTo("vfs");
        }
    }

    @Test
    void anUnknownDriverIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Path root = peapod.dir.resolve("never");
            Peapod.Result r = Peapod.exec(cmd(new String[] {"--root", root.toString(), "--storage-driver", "zfs2"}, "images"),
                    null, 60);
            assertThat(r.code()).isEqualTo(125);
            assertThat(r.err()).startsWith("Error: failed to GetDriver graph zfs2");
            assertThat(Files.exists(root)).isFalse();
        }
    }

    @Test
    void anUnknownLogLevelIsRefusedAsPodmanDoes() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Peapod.Result r = peapod.run("--log-level", "chatty", "images");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("Log Level \"chatty\" is not supported, choose from: trace, debug, info, warn");
            assertThat(peapod.run("--log-level=debug", "images").code()).isZero();
        }
    }

    @Test
    void missingCommandsAndWrongArgumentCountsAreReportedAsCobraDoes() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Peapod.Result none = peapod.run();
            assertThat(none.code()).isEqualTo(125);
            assertThat(none.out()).contains("Usage:");
            assertThat(none.err()).isEqualTo("Error: missing command 'peapod COMMAND'\n");
            Peapod.Result group = peapod.run("image");
            assertThat(group.code()).isEqualTo(125);
            assertThat(group.err()).isEqualTo("Error: missing command 'peapod image COMMAND'\n");
            Peapod.Result args = peapod.run("images", "a", "b");
            assertThat(args.code()).isEqualTo(125);
            assertThat(args.err()).isEqualTo("Error: accepts at most 1 arg(s), received 2\n");
            assertThat(peapod.run("--help").code()).isZero();
        }
    }

    private static java.util.List<String> cmd(String[] globals, String... args) {
        java.util.List<String> c = new java.util.ArrayList<>();
        c.add(Peapod.LAUNCHER.toString());
        c.addAll(java.util.List.of(globals));
        c.addAll(java.util.List.of(args));
        return c;
    }
}

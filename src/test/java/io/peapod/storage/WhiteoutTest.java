package io.peapod.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.sys.LibC;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhiteoutTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = TarFixtures.tempDir("peapod-whiteout-");
    }

    @AfterEach
    void tearDown() throws Exception {
        TarFixtures.deleteTree(work);
    }

    /** Tars exactly the listed members of {@code src}, in that order (no recursion). */
    private Path tarInOrder(Path src, String name, String... members) throws Exception {
        Path out = work.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner",
                "--format=posix", "-C", src.toString(), "-cf", out.toString(), "--no-recursion"));
        cmd.addAll(List.of(members));
        TarFixtures.run(cmd);
        return out;
    }

    private static void apply(Path tar, Path root, LayerApplier.Whiteouts mode) throws Exception {
        try (InputStream in = Files.newInputStream(tar)) {
            LayerApplier.apply(in, root, mode, null);
        }
    }

    /** Upper layer: whites out dir/x, makes op/ opaque after writing op/new itself. */
    private Path upperTar() throws Exception {
        Path up = Files.createDirectory(work.resolve("upper-src"));
        Files.createDirectories(up.resolve("dir"));
        Files.createDirectories(up.resolve("op"));
        Files.writeString(up.resolve("dir/.wh.x"), "");
        Files.writeString(up.resolve("op/new"), "new");
        Files.writeString(up.resolve("op/.wh..wh..opq"), "");
        return tarInOrder(up, "upper.tar", "./dir", "./dir/.wh.x", "./op", "./op/new", "./op/.wh..wh..opq");
    }

    @Test
    void overlayModeWritesOverlayfsMarkers() throws Exception {
        Path root = Files.createDirectory(work.resolve("root"));
        apply(upperTar(), root, LayerApplier.Whiteouts.OVERLAY);

        Path x = root.resolve("dir/x");
        Map<String, Object> attrs = Files.readAttributes(x, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat((Integer) attrs.get("mode") & 0170000).isEqualTo(LibC.S_IFCHR);
        assertThat((Long) attrs.get("rdev")).isZero();
        assertThat(root.resolve("dir/.wh.x")).doesNotExist();
        assertThat(LibC.lgetxattr(root.resolve("op"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
        assertThat(root.resolve("op/.wh..wh..opq")).doesNotExist();
        assertThat(root.resolve("op/new")).hasContent("new");
        assertThat(LibC.lgetxattr(root.resolve("dir"), "trusted.overlay.opaque")).isNull();
    }

    @Test
    void deleteModeRemovesHiddenFilesFromACopyOfTheLowerLayer() throws Exception {
        Path low = Files.createDirectory(work.resolve("lower-src"));
        Files.createDirectories(low.resolve("dir"));
        Files.writeString(low.resolve("dir/x"), "x");
        Files.writeString(low.resolve("dir/y"), "y");
        Files.createDirectories(low.resolve("op/b"));
        Files.writeString(low.resolve("op/a"), "a");
        Files.writeString(low.resolve("op/b/c"), "c");
        Files.writeString(low.resolve("op/new"), "old");
        Path lowerTar = TarFixtures.tar(low, work.resolve("lower.tar"), "posix");

        Path lower = Files.createDirectory(work.resolve("lower"));
        apply(lowerTar, lower, LayerApplier.Whiteouts.DELETE);
        Path snapshot = Files.createDirectory(work.resolve("snapshot"));
        new Vfs().prepare(snapshot, lower);
        apply(upperTar(), snapshot, LayerApplier.Whiteouts.DELETE);

        assertThat(snapshot.resolve("dir/x")).doesNotExist();
        assertThat(snapshot.resolve("dir/.wh.x")).doesNotExist();
        assertThat(snapshot.resolve("dir/y")).hasContent("y");
        assertThat(snapshot.resolve("op/a")).doesNotExist();
        assertThat(snapshot.resolve("op/b")).doesNotExist();
        assertThat(snapshot.resolve("op/.wh..wh..opq")).doesNotExist();
        assertThat(snapshot.resolve("op/new")).hasContent("new");
        try (var s = Files.list(snapshot.resolve("op"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("new");
        }
        // the lower layer itself is untouched
        assertThat(lower.resolve("dir/x")).hasContent("x");
        assertThat(lower.resolve("op/b/c")).hasContent("c");
        assertThat(lower.resolve("op/new")).hasContent("old");
    }

    /**
     * An opaque directory hides every lower entry below it, also inside subdirectories this layer
     * writes again, while everything this layer wrote (even without explicit parent entries) stays.
     */
    @Test
    void deleteModeOpaqueHidesLowerGrandchildrenButKeepsThisLayersNestedFiles() throws Exception {
        Path low = Files.createDirectory(work.resolve("lower-src"));
        Files.createDirectories(low.resolve("op/sub"));
        Files.createDirectories(low.resolve("op/implicit"));
        Files.writeString(low.resolve("op/sub/lower-only"), "lower");
        Files.writeString(low.resolve("op/implicit/lower-only"), "lower");
        Files.createDirectories(low.resolve("op/bare"));
        Files.writeString(low.resolve("op/bare/lower-only"), "lower");
        Path lower = Files.createDirectory(work.resolve("lower"));
        apply(TarFixtures.tar(low, work.resolve("lower.tar"), "posix"), lower, LayerApplier.Whiteouts.DELETE);

        Path up = Files.createDirectory(work.resolve("upper-src"));
        Files.createDirectories(up.resolve("op/sub"));
        Files.createDirectories(up.resolve("op/implicit"));
        Files.createDirectories(up.resolve("op/fresh"));
        Files.createDirectories(up.resolve("op/bare"));
        Files.writeString(up.resolve("op/sub/mine"), "mine");
        Files.writeString(up.resolve("op/implicit/mine"), "mine too");
        Files.writeString(up.resolve("op/fresh/mine"), "fresh");
        Files.writeString(up.resolve("op/.wh..wh..opq"), "");
        // op/implicit and op/fresh have no entries of their own: tar does not require them
        Path upperTar = tarInOrder(up, "upper.tar", "./op", "./op/sub", "./op/sub/mine",
                "./op/implicit/mine", "./op/fresh/mine", "./op/bare", "./op/.wh..wh..opq");

        Path snapshot = Files.createDirectory(work.resolve("snapshot"));
        new Vfs().prepare(snapshot, lower);
        java.io.ByteArrayOutputStream skel = new java.io.ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(upperTar)) {
            LayerApplier.apply(in, snapshot, LayerApplier.Whiteouts.DELETE, skel);
        }

        assertThat(snapshot.resolve("op/sub/mine")).hasContent("mine");
        assertThat(snapshot.resolve("op/implicit/mine")).hasContent("mine too");
        assertThat(snapshot.resolve("op/fresh/mine")).hasContent("fresh");
        assertThat(snapshot.resolve("op/sub/lower-only")).doesNotExist();
        assertThat(snapshot.resolve("op/implicit/lower-only")).doesNotExist();
        // a directory this layer only re-declared is empty of lower content too
        assertThat(snapshot.resolve("op/bare")).isDirectory();
        assertThat(snapshot.resolve("op/bare/lower-only")).doesNotExist();
        // and the layer can still be handed out byte for byte
        java.io.ByteArrayOutputStream replayed = new java.io.ByteArrayOutputStream();
        io.peapod.storage.tar.TarSkeleton.replay(new java.io.ByteArrayInputStream(skel.toByteArray()),
                snapshot::resolve, replayed);
        assertThat(replayed.toByteArray()).isEqualTo(Files.readAllBytes(upperTar));
    }
}

package io.peapod.storage.tar;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.storage.LayerApplier;
import io.peapod.storage.TarFixtures;
import io.peapod.sys.LibC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Applying a layer with a skeleton and replaying it must reproduce the tar byte for byte. */
class TarSkeletonRoundTripTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = TarFixtures.tempDir("peapod-skeleton-");
    }

    @AfterEach
    void tearDown() throws Exception {
        TarFixtures.deleteTree(work);
    }

    private static final String LONG_DIR = "d".repeat(60) + "/" + "e".repeat(70) + "/" + "f".repeat(40);

    private Path source() throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        Path deep = Files.createDirectories(src.resolve(LONG_DIR));
        Path longFile = Files.writeString(deep.resolve("g".repeat(120) + ".txt"), "deep content");
        Files.createLink(src.resolve("hard-to-long"), longFile);
        Files.createSymbolicLink(src.resolve("long-symlink"), Path.of("/" + "t".repeat(150)));
        Files.write(src.resolve("empty"), new byte[0]);
        Files.write(src.resolve("exactly512"), new byte[512]);
        byte[] big = new byte[200_000];
        new Random(42).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Path x = Files.writeString(src.resolve("xattrs"), "x");
        LibC.lsetxattr(x, "user.foo", new byte[] {(byte) 0x80, (byte) 0xff, 0, 'z'});
        LibC.mknod(src.resolve("fifo"), LibC.S_IFIFO | 0600, 0, 0);
        Files.writeString(src.resolve("ünïcode-näme"), "u");
        LibC.lutimes(longFile, 1_700_000_000L, 42, 1_700_000_000L, 42);
        return src;
    }

    private static byte[] applyAndReplay(byte[] tar, Path root) throws Exception {
        ByteArrayOutputStream skeleton = new ByteArrayOutputStream();
        LayerApplier.apply(new ByteArrayInputStream(tar), root, LayerApplier.Whiteouts.OVERLAY, skeleton);
        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        TarSkeleton.replay(new ByteArrayInputStream(skeleton.toByteArray()), root::resolve, replayed);
        return replayed.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"posix", "gnu", "oldgnu"})
    void gnuTarArchivesReplayByteIdentical(String format) throws Exception {
        Path src = source();
        byte[] tar = Files.readAllBytes(TarFixtures.tar(src, work.resolve("in.tar"), format));
        if (!format.equals("posix")) {
            // GNU long-name extension present
            assertThat(new String(tar, StandardCharsets.ISO_8859_1)).contains("././@LongLink");
        }
        Path root = Files.createDirectory(work.resolve("root"));
        byte[] out = applyAndReplay(tar, root);
        // the skeleton holds headers, not contents: far smaller than the 200 kB of file data
        ByteArrayOutputStream skel = new ByteArrayOutputStream();
        LayerApplier.apply(new ByteArrayInputStream(tar), Files.createDirectory(work.resolve("root2")),
                LayerApplier.Whiteouts.DELETE, skel);
        assertThat(skel.size()).isLessThan(tar.length - 200_000);
        assertThat(TarFixtures.sha256(out)).isEqualTo(TarFixtures.sha256(tar));
        assertThat(root.resolve(LONG_DIR).resolve("g".repeat(120) + ".txt")).hasContent("deep content");
        assertThat(Files.readSymbolicLink(root.resolve("long-symlink"))).isEqualTo(Path.of("/" + "t".repeat(150)));
        if (format.equals("posix")) {
            assertThat(LibC.lgetxattr(root.resolve("xattrs"), "user.foo"))
                    .isEqualTo(new byte[] {(byte) 0x80, (byte) 0xff, 0, 'z'});
        }
    }

    @Test
    void commonsCompressPaxArchiveWithoutEndBlocksReplaysByteIdentical() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("p".repeat(150) + "/");
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry("p".repeat(150) + "/" + "q".repeat(110));
            byte[] data = "pax data".getBytes(StandardCharsets.UTF_8);
            f.setSize(data.length);
            f.addPaxHeader("SCHILY.xattr.user.bar", "baz");
            f.setUserId(3_000_000);   // does not fit in octal: needs a PAX uid
            out.putArchiveEntry(f);
            out.write(data);
            out.closeArchiveEntry();
        }
        byte[] tar = bytes.toByteArray();
        Path root = Files.createDirectory(work.resolve("root"));
        byte[] out = applyAndReplay(tar, root);
        assertThat(out).isEqualTo(tar);
        Path f = root.resolve("p".repeat(150)).resolve("q".repeat(110));
        assertThat(f).hasContent("pax data");
        assertThat(LibC.lgetxattr(f, "user.bar")).isEqualTo("baz".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(3_000_000);
    }

    @Test
    void replayDetectsAFileShortenedAfterApply() throws Exception {
        Path src = source();
        byte[] tar = Files.readAllBytes(TarFixtures.tar(src, work.resolve("in.tar"), "posix"));
        Path root = Files.createDirectory(work.resolve("root"));
        ByteArrayOutputStream skeleton = new ByteArrayOutputStream();
        LayerApplier.apply(new ByteArrayInputStream(tar), root, LayerApplier.Whiteouts.OVERLAY, skeleton);
        Files.write(root.resolve("big.bin"), new byte[10]);
        try (InputStream skel = new ByteArrayInputStream(skeleton.toByteArray())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> TarSkeleton.replay(skel, root::resolve, new ByteArrayOutputStream()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}

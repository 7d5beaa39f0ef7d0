package io.peapod.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The COPY cache key part changes exactly with what COPY would copy; ADD's archive detection. */
class DigestAndArchiveTest {
    @TempDir
    Path ctx;

    @BeforeEach
    void context() throws IOException {
        Files.createDirectories(ctx.resolve("src/sub"));
        Files.writeString(ctx.resolve("src/a"), "a");
        Files.writeString(ctx.resolve("src/sub/b"), "b");
        Files.writeString(ctx.resolve("src/skip.log"), "log");
        Files.createSymbolicLink(ctx.resolve("src/l"), Path.of("a"));
        Files.writeString(ctx.resolve(".dockerignore"), "**/*.log\n");
    }

    private String digest(String... sources) throws IOException {
        try (BuildContext c = BuildContext.directory(ctx)) {
            return BuildContext.digest(c.select(List.of(sources), "/dst/"));
        }
    }

    @Test
    void theDigestFollowsContentModeNamesAndLinksButNotExcludedFilesOrTimes() throws IOException {
        String d0 = digest("src");
        assertThat(d0).matches("sha256:[0-9a-f]{64}").isEqualTo(digest("src"));

        Files.writeString(ctx.resolve("src/skip.log"), "other log");
        assertThat(digest("src")).as("excluded file changed").isEqualTo(d0);
        Files.setLastModifiedTime(ctx.resolve("src/a"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(digest("src")).as("mtime changed").isEqualTo(d0);

        Files.writeString(ctx.resolve("src/a"), "A");
        String d1 = digest("src");
        assertThat(d1).as("content changed").isNotEqualTo(d0);

        Files.setAttribute(ctx.resolve("src/a"), "unix:mode", 0600);
        String d2 = digest("src");
        assertThat(d2).as("mode changed").isNotEqualTo(d1);

        Files.move(ctx.resolve("src/sub/b"), ctx.resolve("src/sub/c"));
        String d3 = digest("src");
        assertThat(d3).as("name changed").isNotEqualTo(d2);

        Files.delete(ctx.resolve("src/l"));
        Files.createSymbolicLink(ctx.resolve("src/l"), Path.of("sub/c"));
        String d4 = digest("src");
        assertThat(d4).as("link target changed").isNotEqualTo(d3);

        Files.setAttribute(ctx.resolve("src/sub"), "unix:mode", 0700);
        assertThat(digest("src")).as("directory mode changed").isNotEqualTo(d4);

        // Outside the sources, nothing counts.
        String before = digest("src/a");
        Files.writeString(ctx.resolve("src/sub/c"), "changed");
        assertThat(digest("src/a")).isEqualTo(before);
    }

    @Test
    void theSameBytesUnderAnotherSourceNameDigestDifferentlyWhenDestIsAFile() throws IOException {
        Files.writeString(ctx.resolve("x"), "same");
        Files.writeString(ctx.resolve("y"), "same");
        try (BuildContext c = BuildContext.directory(ctx)) {
            assertThat(BuildContext.digest(c.select(List.of("x"), "/f")))
                    .isNotEqualTo(BuildContext.digest(c.select(List.of("y"), "/f")));
        }
    }

    @Test
    void archivesAreTarsPlainOrCompressedWithAValidFirstHeader() throws IOException {
        byte[] tar = Tars.tar(Tars.file("f", "data"));
        assertThat(BuildContext.isArchive(Files.write(ctx.resolve("plain.tar"), tar))).isTrue();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Path tgz = Files.write(ctx.resolve("t.tgz"), gz.toByteArray());
        assertThat(BuildContext.isArchive(tgz)).isTrue();
        try (InputStream in = BuildContext.openArchive(tgz)) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (var out = new com.github.luben.zstd.ZstdOutputStream(zst)) {
            out.write(tar);
        }
        assertThat(BuildContext.isArchive(Files.write(ctx.resolve("t.tar.zst"), zst.toByteArray()))).isTrue();

        ByteArrayOutputStream gzText = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzText)) {
            out.write("just text, not a tar".repeat(40).getBytes());
        }
        assertThat(BuildContext.isArchive(Files.write(ctx.resolve("text.gz"), gzText.toByteArray()))).isFalse();
        assertThat(BuildContext.isArchive(ctx.resolve("src/a"))).isFalse();
        assertThat(BuildContext.isArchive(Files.write(ctx.resolve("zero"), new byte[1024]))).isFalse();
        assertThat(BuildContext.isArchive(Files.write(ctx.resolve("broken.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0}))).isFalse();
        assertThat(BuildContext.isArchive(ctx.resolve("src"))).isFalse();

        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            out.write(tar);
        }
        Path tbz = Files.write(ctx.resolve("t.tar.bz2"), bz.toByteArray());
        assertThat(BuildContext.isArchive(tbz)).isTrue();
        try (InputStream in = BuildContext.openArchive(tbz)) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
        // xz-java is not among the test dependencies: the host's xz (xz-utils) compresses
        Path txz = ctx.resolve("t.tar.xz");
        Process xz = new ProcessBuilder("xz", "-c").redirectInput(ctx.resolve("plain.tar").toFile())
                .redirectOutput(txz.toFile()).start();
        try {
            assertThat(xz.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(BuildContext.isArchive(txz)).isTrue();
        try (InputStream in = BuildContext.openArchive(txz)) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
    }

    @Test
    void aDamagedBzip2OrXzStreamIsNoArchiveAndFailsWithTheProgramsWords() throws IOException {
        Path bz = Files.write(ctx.resolve("bad.tar.bz2"), "BZh91AY&SY garbage".getBytes());
        assertThat(BuildContext.isArchive(bz)).isFalse();
        assertThatThrownBy(() -> {
            try (InputStream in = BuildContext.openArchive(bz)) {
                in.readAllBytes();
            }
        }).hasMessageStartingWith("exit status 2: bzip2: ");
        Path xz = Files.write(ctx.resolve("bad.tar.xz"), new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3});
        assertThat(BuildContext.isArchive(xz)).isFalse();
        assertThatThrownBy(() -> {
            try (InputStream in = BuildContext.openArchive(xz)) {
                in.readAllBytes();
            }
        }).hasMessageStartingWith("exit status 1: xz: ");
    }
}

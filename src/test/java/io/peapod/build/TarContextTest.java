package io.peapod.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tar contexts (stdin): unpacked whole, hostile members refused without writing outside, scratch removed. */
class TarContextTest {
    @TempDir
    Path tmp;

    private BuildContext context(byte[] tar) throws IOException {
        return BuildContext.tar(new ByteArrayInputStream(tar), tmp.resolve("scratch"));
    }

    @Test
    void aTarContextIsUnpackedWithItsIgnoreFileAndDeletedOnClose() throws IOException {
        byte[] tar = Tars.tar(Tars.dir("d/"), Tars.file("d/f", "f"), Tars.file("/abs", "a"),
                Tars.file("./dot", "dot"), Tars.symlink("d/out", "/etc/passwd"), Tars.hardlink("d/h", "d/f"),
                Tars.file(".dockerignore", "dot\n"));
        Path scratch;
        try (BuildContext c = context(tar)) {
            scratch = c.root();
            assertThat(Files.readString(scratch.resolve("d/f"))).isEqualTo("f");
            assertThat(Files.readString(scratch.resolve("abs"))).isEqualTo("a");
            assertThat(Files.readSymbolicLink(scratch.resolve("d/out"))).isEqualTo(Path.of("/etc/passwd"));
            assertThat(Files.isSameFile(scratch.resolve("d/h"), scratch.resolve("d/f"))).isTrue();
            assertThat(c.ignore().excluded("dot")).isTrue();
            assertThat(c.select(List.of("."), "/").stream().map(CopyEntry::target))
                    .containsExactly(".dockerignore", "abs", "d", "d/f", "d/h", "d/out");
            // The symlink leads to SCRATCH/etc/passwd, which is not there.
            assertThatThrownBy(() -> c.select(List.of("d/out"), "/x")).hasMessageContaining("no such file or directory");
        }
        assertThat(scratch).doesNotExist();
    }

    @Test
    void readOnlyDirectoriesKeepTheirModeAndAreStillRemoved() throws IOException {
        Path scratch;
        try (BuildContext c = context(Tars.tar(new Tars.Member("ro/", '5', "", new byte[0], 0555),
                Tars.file("ro/f", "f")))) {
            scratch = c.root();
            assertThat(Files.getAttribute(scratch.resolve("ro"), "unix:mode")).isEqualTo(040555);
            assertThat(Files.readString(scratch.resolve("ro/f"))).isEqualTo("f");
        }
        assertThat(scratch).doesNotExist();
    }

    @Test
    void aGzipTarContextIsUnpackedToo() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Tars.tar(Tars.file("f", "zipped")));
        }
        try (BuildContext c = context(gz.toByteArray())) {
            assertThat(Files.readString(c.root().resolve("f"))).isEqualTo("zipped");
        }
    }

    @Test
    void aMemberClimbingOutIsRefusedAndNothingIsLeft() {
        assertThatThrownBy(() -> context(Tars.tar(Tars.file("ok", "1"), Tars.file("../evil", "x"))))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("invalid build context: tar member \"../evil\" is outside of the context");
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.resolve("scratch")).doesNotExist();
        assertThatThrownBy(() -> context(Tars.tar(Tars.file("a/../../evil", "x"))))
                .isInstanceOf(BuildContextException.class);
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void aMemberUnderASymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        assertThatThrownBy(() -> context(Tars.tar(Tars.symlink("l", outside.toString()), Tars.file("l/evil", "x"))))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("invalid build context: tar member \"l/evil\" is under the symbolic link \"l\"");
        assertThatThrownBy(() -> context(Tars.tar(Tars.symlink("l", "../outside"), Tars.file("l/evil", "x"))))
                .isInstanceOf(BuildContextException.class);
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aMemberReplacingASymlinkReplacesTheLinkNotItsTarget() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "safe");
        try (BuildContext c = context(Tars.tar(Tars.symlink("f", victim.toString()), Tars.file("f", "new")))) {
            assertThat(Files.isSymbolicLink(c.root().resolve("f"))).isFalse();
            assertThat(Files.readString(c.root().resolve("f"))).isEqualTo("new");
        }
        assertThat(victim).hasContent("safe");
    }

    @Test
    void aHardLinkToANameOutsideIsRefused() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "safe");
        assertThatThrownBy(() -> context(Tars.tar(Tars.hardlink("h", "../victim"))))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("invalid build context: tar member \"../victim\" is outside of the context");
        assertThatThrownBy(() -> context(Tars.tar(Tars.symlink("l", tmp.toString()), Tars.hardlink("h", "l/victim"))))
                .isInstanceOf(BuildContextException.class)
                .hasMessageContaining("is under the symbolic link \"l\"");
        assertThatThrownBy(() -> context(Tars.tar(Tars.hardlink("h", "missing"))))
                .hasMessage("invalid hard link \"h\" to \"missing\" in the build context");
        assertThat(Files.getAttribute(victim, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1);
    }

    @Test
    void aTruncatedOrCorruptTarIsRefused() {
        byte[] tar = Tars.tar(Tars.file("f", "x".repeat(2000)));
        assertThatThrownBy(() -> context(java.util.Arrays.copyOf(tar, 1024)))
                .hasMessage("invalid build context: unexpected end of tar archive");
        byte[] corrupt = tar.clone();
        corrupt[0] = 'g';
        assertThatThrownBy(() -> context(corrupt)).hasMessage("invalid tar header in the build context");
        assertThat(tmp.resolve("scratch")).doesNotExist();
    }
}

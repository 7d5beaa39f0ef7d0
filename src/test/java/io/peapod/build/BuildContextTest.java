package io.peapod.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * select() against what podman 4.3.1 copies (checked with {@code podman build} of {@code FROM scratch} + COPY and
 * the image's files): the context is a.txt, b.txt, d/{x, sub/s, sub/up -> ../x}, abslink -> /a.txt,
 * esc -> ../../etc/passwd, linkdir -> d.
 */
class BuildContextTest {
    @TempDir
    Path tmp;
    Path ctx;

    @BeforeEach
    void context() throws IOException {
        ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx.resolve("d/sub"));
        Files.writeString(ctx.resolve("a.txt"), "a");
        Files.writeString(ctx.resolve("b.txt"), "b");
        Files.writeString(ctx.resolve("d/x"), "x");
        Files.writeString(ctx.resolve("d/sub/s"), "s");
        Files.createSymbolicLink(ctx.resolve("d/sub/up"), Path.of("../x"));
        Files.createSymbolicLink(ctx.resolve("abslink"), Path.of("/a.txt"));
        Files.createSymbolicLink(ctx.resolve("esc"), Path.of("../../etc/passwd"));
        Files.createSymbolicLink(ctx.resolve("linkdir"), Path.of("d"));
        Files.writeString(ctx.resolve("Containerfile"), "FROM scratch\n");
    }

    private List<String> select(String dest, String... sources) throws IOException {
        try (BuildContext c = BuildContext.directory(ctx)) {
            return render(c, c.select(List.of(sources), dest));
        }
    }

    /** Each entry as "target TYPE source-relative-to-context". */
    private static List<String> render(BuildContext c, List<CopyEntry> entries) {
        return entries.stream().map(e -> e.target() + " " + e.type() + " " + c.root().relativize(e.source())).toList();
    }

    private void ignore(String name, String text) throws IOException {
        Files.writeString(ctx.resolve(name), text);
    }

    @Test
    void aDirectorySourceCopiesItsContentsWithSymlinksKept() throws IOException {
        assertThat(select("/dst", "d")).containsExactly(
                "sub DIRECTORY d/sub", "sub/s FILE d/sub/s", "sub/up SYMLINK d/sub/up", "x FILE d/x");
    }

    @Test
    void aFileToADestWithoutSlashIsTheDestItselfAndWithSlashGoesInIt() throws IOException {
        assertThat(select("/dst", "a.txt")).containsExactly(" FILE a.txt");
        assertThat(select("/dst/", "a.txt")).containsExactly("a.txt FILE a.txt");
        assertThat(select(".", "a.txt")).containsExactly("a.txt FILE a.txt");
        assertThat(select("/dst", "/a.txt")).containsExactly(" FILE a.txt");
        assertThat(select("/dst", "./d/../a.txt")).containsExactly(" FILE a.txt");
    }

    @Test
    void severalSourcesMakeDestADirectoryEvenWithoutSlashAsInPodman() throws IOException {
        assertThat(select("/dst", "a.txt", "b.txt")).containsExactly("a.txt FILE a.txt", "b.txt FILE b.txt");
    }

    @Test
    void globsMatchOneElementEachSortedAndDirectoriesGiveTheirContents() throws IOException {
        assertThat(select("/dst/", "*.txt")).containsExactly("a.txt FILE a.txt", "b.txt FILE b.txt");
        // podman: one glob source, first match a file, dest without "/": every match is written to dest.
        assertThat(select("/dst", "*.txt")).containsExactly(" FILE a.txt", " FILE b.txt");
        assertThat(select("/dst/", "d/*")).containsExactly(
                "s FILE d/sub/s", "up SYMLINK d/sub/up", "x FILE d/x");
        assertThat(select("/dst/", "?/x")).containsExactly("x FILE d/x");
        // "linkdir" matches "*" too, and leads to d: buildah copies d/sub/s twice
        assertThat(select("/dst/", "*/sub/[st]")).containsExactly("s FILE d/sub/s", "s FILE d/sub/s");
    }

    @Test
    void aSymlinkSourceIsFollowedInsideTheContextRoot() throws IOException {
        assertThat(select("/dst", "abslink")).containsExactly(" FILE a.txt");
        assertThat(select("/dst/", "abslink")).containsExactly("abslink FILE a.txt");
        assertThat(select("/dst", "d/sub/up")).containsExactly(" FILE d/x");
        assertThat(select("/dst", "linkdir/sub/s")).containsExactly(" FILE d/sub/s");
        assertThat(select("/dst", "linkdir")).containsExactly(
                "sub DIRECTORY d/sub", "sub/s FILE d/sub/s", "sub/up SYMLINK d/sub/up", "x FILE d/x");
    }

    @Test
    void aSymlinkPointingOutsideResolvesUnderTheRootAndIsMissingThere() throws IOException {
        assertThatThrownBy(() -> select("/dst", "esc"))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("checking on sources under \"" + ctx + "\": copier: stat: \"/esc\": no such file or directory");
        // Once CONTEXT/etc/passwd exists, that is what it means: never the host's.
        Files.createDirectories(ctx.resolve("etc"));
        Files.writeString(ctx.resolve("etc/passwd"), "inside");
        assertThat(select("/dst", "esc")).containsExactly(" FILE etc/passwd");
    }

    @Test
    void dotDotSourcesAreClampedAtTheRootAndMissingOnesSaySo() throws IOException {
        assertThat(select("/dst", "../a.txt")).containsExactly(" FILE a.txt");
        assertThat(select("/dst", "d/sub/../../../b.txt")).containsExactly(" FILE b.txt");
        assertThatThrownBy(() -> select("/dst", "../x"))
                .hasMessage("checking on sources under \"" + ctx + "\": possible escaping context directory error: "
                        + "copier: stat: \"/x\": no such file or directory");
    }

    @Test
    void aSymlinkLoopIsAnErrorNotAHang() throws IOException {
        Files.createSymbolicLink(ctx.resolve("loop"), Path.of("loop"));
        assertThatThrownBy(() -> select("/dst", "loop"))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("copier: stat: \"/loop\": too many levels of symbolic links");
        // Inside a copied directory it is just a link.
        Files.move(ctx.resolve("loop"), ctx.resolve("d/loop"));
        assertThat(select("/dst", "d")).contains("loop SYMLINK d/loop");
    }

    @Test
    void missingSourcesAreBuildahsErrors() {
        assertThatThrownBy(() -> select("/dst", "nope"))
                .hasMessage("checking on sources under \"" + ctx + "\": copier: stat: \"/nope\": no such file or directory");
        assertThatThrownBy(() -> select("/dst", "a.txt", "d/nope"))
                .hasMessage("checking on sources under \"" + ctx + "\": copier: stat: \"/d/nope\": no such file or directory");
        assertThatThrownBy(() -> select("/dst", "a.txt/x"))
                .hasMessage("checking on sources under \"" + ctx + "\": copier: stat: \"/a.txt/x\": no such file or directory");
        assertThatThrownBy(() -> select("/dst", "nope*"))
                .hasMessage("checking on sources under \"" + ctx + "\": Rel: can't make  relative to " + ctx
                        + "; copier: stat: [\"/nope*\"]: no such file or directory");
    }

    @Test
    void excludedPathsAreSkippedAndASourceAllExcludedIsAnError() throws IOException {
        ignore(".dockerignore", "d\n!d/sub/s\n*.txt\nContainerfile\n");
        assertThat(select("/dst", ".")).containsExactly(
                ".dockerignore FILE .dockerignore", "abslink SYMLINK abslink",
                "d/sub/s FILE d/sub/s", "esc SYMLINK esc", "linkdir SYMLINK linkdir");
        assertThat(select("/dst", "d")).containsExactly("sub/s FILE d/sub/s");
        assertThatThrownBy(() -> select("/dst", "a.txt"))
                .hasMessage("no items matching glob \"" + ctx + "/a.txt\" copied (1 filtered out using "
                        + ctx + "/.dockerignore): no such file or directory");
        assertThatThrownBy(() -> select("/dst", "d/x"))
                .hasMessage("no items matching glob \"" + ctx + "/d/x\" copied (1 filtered out using "
                        + ctx + "/.dockerignore): no such file or directory");
        assertThatThrownBy(() -> select("/dst/", "*.txt"))
                .hasMessage("no items matching glob \"" + ctx + "/*.txt\" copied (2 filtered out using "
                        + ctx + "/.dockerignore): no such file or directory");
    }

    @Test
    void anExcludedDirectoryWhoseExceptionReincludesNothingIsFilteredOut() throws IOException {
        ignore(".dockerignore", "d\n!d/nothing\n");
        assertThatThrownBy(() -> select("/dst", "d"))
                .hasMessage("no items matching glob \"" + ctx + "/d\" copied (1 filtered out using "
                        + ctx + "/.dockerignore): no such file or directory");
    }

    @Test
    void aSymlinkSourceLeadingToAnExcludedFileIsFilteredOut() throws IOException {
        ignore(".dockerignore", "a.txt\n");
        assertThatThrownBy(() -> select("/dst", "abslink")).hasMessageStartingWith("no items matching glob");
        assertThat(select("/dst", "b.txt")).containsExactly(" FILE b.txt");
    }

    @Test
    void anExceptionOnlyAGlobCouldReachDoesNotReopenADirectory() throws IOException {
        ignore(".dockerignore", "d\n!*/sub/s\n");
        assertThat(select("/dst", ".")).noneMatch(e -> e.startsWith("d/"));
        ignore(".dockerignore", "d/sub\n!d/sub/s\nd/sub/s\n");
        assertThat(select("/dst", "d")).containsExactly("x FILE d/x");
    }

    @Test
    void containerignoreWinsOverDockerignoreAndTheIgnoreFileIsCopiedUnlessExcluded() throws IOException {
        ignore(".dockerignore", "d\n");
        ignore(".containerignore", "a.txt\n");
        assertThat(select("/dst", ".")).contains(".containerignore FILE .containerignore",
                ".dockerignore FILE .dockerignore", "Containerfile FILE Containerfile", "d/x FILE d/x")
                .doesNotContain("a.txt FILE a.txt");
        try (BuildContext c = BuildContext.directory(ctx, ctx.resolve(".dockerignore"))) {
            assertThat(c.ignore().excluded("d/x")).isTrue();
            assertThat(c.ignore().excluded("a.txt")).isFalse();
        }
    }

    @Test
    void anUnfilteredRootfsIgnoresItsIgnoreFilesButStaysChrooted() throws IOException {
        ignore(".dockerignore", "a.txt\n");
        try (BuildContext c = BuildContext.unfiltered(ctx)) {
            assertThat(render(c, c.select(List.of("a.txt", "abslink"), "/dst"))).containsExactly(
                    "a.txt FILE a.txt", "abslink FILE a.txt");
            assertThatThrownBy(() -> c.select(List.of("esc"), "/dst")).isInstanceOf(BuildContextException.class);
        }
    }

    @Test
    void aMalformedIgnoreFileFailsTheCopyNotTheContext() throws IOException {
        ignore(".dockerignore", "[\n");
        try (BuildContext c = BuildContext.directory(ctx)) {
            assertThatThrownBy(() -> c.select(List.of("a.txt"), "/dst"))
                    .hasMessage("processing excludes list [[]: syntax error in pattern");
        }
    }

    @Test
    void addUnpacksLocalArchivesIntoDest() throws IOException {
        Files.write(ctx.resolve("t.tar"), Tars.tar(Tars.file("in/f", "data")));
        try (BuildContext c = BuildContext.directory(ctx)) {
            assertThat(render(c, c.select(List.of("t.tar"), "/x", true))).containsExactly(" ARCHIVE t.tar");
            assertThat(render(c, c.select(List.of("t.tar", "a.txt"), "/y", true)))
                    .containsExactly(" ARCHIVE t.tar", "a.txt FILE a.txt");
            assertThat(render(c, c.select(List.of("t.tar"), "/x"))).containsExactly(" FILE t.tar");
        }
    }
}

package io.peapod.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile archives must be refused without writing anything outside the layer root. */
class PathTraversalTest {
    private Path work;
    private Path root;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        work = TarFixtures.tempDir("peapod-traversal-");
        root = Files.createDirectories(work.resolve("a/b/root"));
        outside = Files.createDirectory(work.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "keep me");
    }

    @AfterEach
    void tearDown() throws Exception {
        TarFixtures.deleteTree(work);
    }

    /** One tar member: a regular file, or a symlink/hardlink when {@code link} is set. */
    record Member(String name, byte type, String link) {
        static Member file(String name) {
            return new Member(name, TarArchiveEntry.LF_NORMAL, null);
        }
    }

    private static byte[] tar(List<Member> members) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Member m : members) {
                TarArchiveEntry e = new TarArchiveEntry(m.name(), m.type(), true);
                byte[] data = "evil".getBytes(StandardCharsets.US_ASCII);
                if (m.link() != null) {
                    e.setLinkName(m.link());
                } else {
                    e.setSize(data.length);
                }
                out.putArchiveEntry(e);
                if (m.link() == null) {
                    out.write(data);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Stream<Arguments> hostile() {
        return Stream.of(LayerApplier.Whiteouts.values()).flatMap(mode -> Stream.of(
                Arguments.of(mode, "dot-dot", List.of(Member.file("../evil"))),
                Arguments.of(mode, "climb-after-descend", List.of(Member.file("a/../../evil"))),
                Arguments.of(mode, "dot-slash-climb", List.of(Member.file("./../../evil"))),
                Arguments.of(mode, "absolute", List.of(Member.file("/abs/evil"))),
                Arguments.of(mode, "through-absolute-symlink", List.of(
                        new Member("link", TarArchiveEntry.LF_SYMLINK, "OUTSIDE"),
                        Member.file("link/evil"))),
                Arguments.of(mode, "through-relative-symlink", List.of(
                        new Member("link", TarArchiveEntry.LF_SYMLINK, "../../../outside"),
                        Member.file("link/evil"))),
                // The applier checks a directory once: a directory it has seen, replaced by a symlink
                // later in the same tar, must be checked again (with everything below it).
                Arguments.of(mode, "directory-replaced-by-symlink", List.of(
                        Member.file("d/ok"),
                        new Member("d", TarArchiveEntry.LF_SYMLINK, "OUTSIDE"),
                        Member.file("d/evil"))),
                Arguments.of(mode, "parent-replaced-by-symlink", List.of(
                        Member.file("a/b/ok"),
                        new Member("a", TarArchiveEntry.LF_SYMLINK, "OUTSIDE"),
                        Member.file("a/b/evil"))),
                Arguments.of(mode, "whiteout-through-symlink", List.of(
                        new Member("link", TarArchiveEntry.LF_SYMLINK, "OUTSIDE"),
                        Member.file("link/.wh.victim"))),
                Arguments.of(mode, "hardlink-out", List.of(
                        new Member("hl", TarArchiveEntry.LF_LINK, "../../etc/passwd"))),
                Arguments.of(mode, "hardlink-absolute", List.of(
                        new Member("hl", TarArchiveEntry.LF_LINK, "/etc/passwd"))),
                Arguments.of(mode, "hardlink-via-symlink", List.of(
                        new Member("link", TarArchiveEntry.LF_SYMLINK, "OUTSIDE"),
                        new Member("hl", TarArchiveEntry.LF_LINK, "link/victim")))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostile")
    void refusesAndWritesNothingOutside(LayerApplier.Whiteouts mode, String label, List<Member> members)
            throws Exception {
        List<Member> resolved = members.stream()
                .map(m -> m.link() != null && m.link().equals("OUTSIDE") ? new Member(m.name(), m.type(), outside.toString()) : m)
                .toList();
        byte[] tar = tar(resolved);
        long passwdLinks = (Integer) Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink");

        assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(tar), root, mode, null))
                .isInstanceOf(LayerException.class);

        assertThat(outside.resolve("victim")).hasContent("keep me");
        try (var s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("victim");
        }
        try (var s = Files.walk(work)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("evil")).toList()).isEmpty();
        }
        assertThat(Path.of("/abs")).doesNotExist();
        assertThat(((Integer) Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink")).longValue()).isEqualTo(passwdLinks);
        assertThat(Files.exists(root.resolve("hl"))).isFalse();
    }
}

package io.peapod.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Container paths resolve as if chrooted into the root: no link, absolute or climbing, leads out of it. */
class RootedPathTest {
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = TarFixtures.tempDir("rooted-").resolve("rootfs");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("tmp/deep/er"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        TarFixtures.deleteTree(root.getParent());
    }

    private RootedPath.Resolved resolve(String path) {
        return RootedPath.resolve(root, path, true);
    }

    @Test
    void plainPathsAndDotsStayInTheRoot() {
        assertThat(resolve("/etc/passwd").rel()).isEqualTo("etc/passwd");
        assertThat(resolve("etc/./passwd").rel()).isEqualTo("etc/passwd");
        assertThat(resolve("/../../../etc/passwd").rel()).isEqualTo("etc/passwd");
        assertThat(resolve("/tmp/deep/../../..").rel()).isEmpty();
        assertThat(resolve("/").host()).isEqualTo(root);
        assertThat(resolve("/missing/file").inContainer()).isEqualTo("/missing/file");
    }

    @Test
    void anAbsoluteLinkStartsAgainAtTheContainersRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("tmp/etclink"), Path.of("/etc"));
        RootedPath.Resolved r = resolve("/tmp/etclink/passwd");
        assertThat(r.rel()).isEqualTo("etc/passwd");
        assertThat(r.host()).isEqualTo(root.resolve("etc/passwd"));
        assertThat(resolve("/tmp/etclink").inContainer()).isEqualTo("/etc");
        assertThat(RootedPath.resolve(root, "/tmp/etclink", false).rel()).as("the last link kept when asked").isEqualTo("tmp/etclink");
    }

    @Test
    void aRelativeLinkThatClimbsStopsAtTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("tmp/deep/er/up"), Path.of("../../../../../../../../"));
        assertThat(resolve("/tmp/deep/er/up/etc/passwd").rel()).isEqualTo("etc/passwd");
        Files.createSymbolicLink(root.resolve("tmp/rel"), Path.of("deep/er"));
        assertThat(resolve("/tmp/rel/x").rel()).isEqualTo("tmp/deep/er/x");
    }

    @Test
    void aDanglingLinkNamesItsTargetInsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("tmp/dangling"), Path.of("/etc/shadow"));
        RootedPath.Resolved r = resolve("/tmp/dangling");
        assertThat(r.host()).isEqualTo(root.resolve("etc/shadow"));
        assertThat(r.host()).doesNotExist();
    }

    @Test
    void linkLoopsEndWithAnError() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> resolve("/a/x")).isInstanceOf(StorageException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void everyResultIsInsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("tmp/l1"), Path.of("/../../.."));
        Files.createSymbolicLink(root.resolve("tmp/l2"), Path.of("../../../../tmp/l1/.."));
        for (String p : new String[] {"/tmp/l1", "/tmp/l2/etc", "..", "../tmp/l2/../..", "tmp/l1/../../etc"}) {
            assertThat(RootedPath.inside(root, resolve(p).host())).as(p).isTrue();
        }
    }

    @Test
    void theExtractorRefusesClimbingNamesAndWritingThroughLinks() throws IOException {
        Files.createSymbolicLink(root.resolve("tmp/out"), root.getParent());
        TarExtractor.Options o = new TarExtractor.Options(-1, -1, null, null, true, false);
        assertThatThrownBy(() -> TarExtractor.extract(tar("../../x"), root.resolve("tmp"), "/tmp", o))
                .hasMessageContaining("leads outside the root");
        assertThatThrownBy(() -> TarExtractor.extract(tar("out/x"), root.resolve("tmp"), "/tmp", o))
                .hasMessageContaining("passes through the symlink \"out\"");
        assertThat(root.getParent().resolve("x")).doesNotExist();
        TarExtractor.extract(tar("/abs/x"), root.resolve("tmp"), "/tmp", o);
        assertThat(root.resolve("tmp/abs/x")).hasContent("data");
    }

    /** A one-file tar written by our own writer. */
    private static ByteArrayInputStream tar(String name) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        io.peapod.storage.tar.TarWriter w = new io.peapod.storage.tar.TarWriter(b);
        w.file(name, "data".getBytes(), 0);
        w.close();
        return new ByteArrayInputStream(b.toByteArray());
    }
}

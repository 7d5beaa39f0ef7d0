package io.peapod.core;

import io.peapod.engine.FilesEngine;
import io.peapod.storage.LayerView;
import io.peapod.storage.TarFixtures;
import io.peapod.sys.LibC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The naive diff over overlay layer directories: whiteouts, opaque directories and unchanged copies. */
class FilesystemChangesTest {
    private Path dir;
    private Path lower;
    private Path upper;

    @BeforeEach
    void setUp() throws IOException {
        dir = TarFixtures.tempDir("changes-");
        lower = Files.createDirectories(dir.resolve("lower"));
        upper = Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(lower.resolve("bin"));
        Files.createDirectories(lower.resolve("opt/old"));
        Files.writeString(lower.resolve("bin/ash"), "ash");
        Files.writeString(lower.resolve("bin/sh"), "sh");
        Files.writeString(lower.resolve("opt/old/file"), "old");
        Files.writeString(lower.resolve("opt/keep"), "keep");
        Files.writeString(lower.resolve("same"), "same");
        Files.setLastModifiedTime(lower.resolve("same"), FileTime.fromMillis(1_000_000));
    }

    @AfterEach
    void tearDown() throws IOException {
        TarFixtures.deleteTree(dir);
    }

    private List<String> diff() throws IOException {
        LayerView newView = new LayerView(List.of(upper, lower), true);
        LayerView oldView = new LayerView(List.of(lower), true);
        return FilesystemChanges.compare(newView, oldView, true).stream().map(c -> c.kind() + " " + c.path()).toList();
    }

    @Test
    void anEmptyUpperLayerChangesNothing() throws IOException {
        assertThat(diff()).isEmpty();
    }

    @Test
    void whiteoutsAreDeletionsAndNewFilesAdditions() throws IOException {
        Files.createDirectories(upper.resolve("bin"));
        LibC.mknod(upper.resolve("bin/ash"), LibC.S_IFCHR, 0, 0);
        LibC.mknod(upper.resolve("bin/never-there"), LibC.S_IFCHR, 0, 0);
        Files.createDirectories(upper.resolve("new/sub"));
        Files.writeString(upper.resolve("new/sub/f"), "f");
        assertThat(diff()).containsExactly("C /bin", "D /bin/ash", "A /new", "A /new/sub", "A /new/sub/f");
    }

    @Test
    void aCopiedUpFileCountsOnlyWhenItDiffers() throws IOException {
        Files.copy(lower.resolve("same"), upper.resolve("same"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        assertThat(diff()).as("same mode, owner, size and mtime").isEmpty();
        Files.writeString(upper.resolve("same"), "changed");
        assertThat(diff()).containsExactly("C /same");
    }

    @Test
    void anOpaqueDirectoryDeletesWhatItHides() throws IOException {
        Files.createDirectories(upper.resolve("opt"));
        LibC.lsetxattr(upper.resolve("opt"), "trusted.overlay.opaque", new byte[] {'y'});
        Files.writeString(upper.resolve("opt/keep"), "keep");
        Files.setLastModifiedTime(upper.resolve("opt/keep"), Files.getLastModifiedTime(lower.resolve("opt/keep")));
        assertThat(diff()).containsExactly("C /opt", "D /opt/old");
    }

    @Test
    void aFileReplacingADirectoryIsAChange() throws IOException {
        Files.writeString(upper.resolve("bin"), "now a file");
        List<FilesEngine.Change> changes = FilesystemChanges.compare(new LayerView(List.of(upper, lower), true),
                new LayerView(List.of(lower), true), true);
        assertThat(changes).extracting(c -> c.kind() + " " + c.path()).containsExactly("C /bin");
    }
}

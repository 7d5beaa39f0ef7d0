package io.peapod.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Main ends most commands with Runtime.halt, which skips deleteOnExit: only builds may register such files. */
class MainExitTest {
    @Test
    void onlyBuildsRegisterFilesForDeletionAtExitAndOnlyTheyExitTheSlowWay() throws IOException {
        List<String> users;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            users = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains(".deleteOnExit()");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(users).as("a new deleteOnExit user must make Main.needsOrderlyExit true for its command")
                .containsExactly("BuildCommand.java", "BuildDownloads.java");
        assertThat(Main.needsOrderlyExit(new String[] {"--root", "/r", "build", "-t", "x", "."})).isTrue();
        assertThat(Main.needsOrderlyExit(new String[] {"image", "build", "."})).isTrue();
        assertThat(Main.needsOrderlyExit(new String[] {AotTraining.MARKER, "run"})).isTrue();
        assertThat(Main.needsOrderlyExit(new String[] {"ps", "-a"})).isFalse();
        assertThat(Main.needsOrderlyExit(new String[] {"pod", "create", "--name", "p"})).isFalse();
    }
}

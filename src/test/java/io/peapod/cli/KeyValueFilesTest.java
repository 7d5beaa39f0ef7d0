package io.peapod.cli;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --env-file} as create/run and exec read it. */
class KeyValueFilesTest {
    private static final Map<String, String> HOST = Map.of("HOST_A", "a", "OTHER", "o");

    @Test
    void envFilesSkipCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("env"), "# comment\n\n   INDENTED=yes\nOTHER\nVALUE=a=b # not a comment\n");
        Path second = Files.writeString(dir.resolve("env2"), "INDENTED=again\n");
        assertThat(KeyValueFiles.envEntries(List.of(file.toString(), second.toString()), HOST))
                .containsExactly("INDENTED=yes", "OTHER=o", "VALUE=a=b # not a comment", "INDENTED=again");
    }

    @Test
    void missingFilesAndDirectoriesInPodmansWords(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> KeyValueFiles.envEntries(List.of(missing.toString()), HOST))
                .isInstanceOf(EngineException.class)
                .hasMessage("parsing env file \"" + missing + "\": open " + missing + ": no such file or directory");
        assertThatThrownBy(() -> KeyValueFiles.envEntries(List.of(dir.toString()), HOST))
                .hasMessage("parsing env file \"" + dir + "\": read " + dir + ": is a directory");
    }
}

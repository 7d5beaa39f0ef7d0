package io.peapod.core;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvValuesTest {
    private static final Map<String, String> HOST = Map.of("HOST_A", "a", "HOST_B", "b", "OTHER", "o");

    @Test
    void valuesNamesFromTheHostAndWildcards() {
        Map<String, String> env = new LinkedHashMap<>();
        EnvValues.parse(List.of("X=1", "X=2", "HOST_A", "MISSING", "HOST_*", "EMPTY="), HOST, env);
        assertThat(env).containsEntry("X", "2").containsEntry("HOST_A", "a").containsEntry("HOST_B", "b")
                .containsEntry("EMPTY", "").doesNotContainKey("MISSING").doesNotContainKey("OTHER");
        assertThatThrownBy(() -> EnvValues.parse(List.of("=oops"), HOST, new LinkedHashMap<>()))
                .hasMessage("invalid variable: \"=oops\"");
    }

    @Test
    void envFilesSkipCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("env"), "# comment\n\n   INDENTED=yes\nOTHER\nVALUE=a=b # not a comment\n");
        assertThat(EnvValues.readFile(file, HOST)).containsExactly(Map.entry("INDENTED", "yes"), Map.entry("OTHER", "o"),
                Map.entry("VALUE", "a=b # not a comment"));
    }

    @Test
    void missingFilesAndDirectoriesInPodmansWords(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> EnvValues.readFile(missing, HOST)).isInstanceOf(EngineException.class)
                .hasMessage("parsing env file \"" + missing + "\": open " + missing + ": no such file or directory");
        assertThatThrownBy(() -> EnvValues.readFile(dir, HOST))
                .hasMessage("parsing env file \"" + dir + "\": read " + dir + ": is a directory");
    }
}

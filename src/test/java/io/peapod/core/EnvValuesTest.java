package io.peapod.core;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

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
}

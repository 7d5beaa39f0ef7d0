package io.peapod.core;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigChangesTest {
    @Test
    void appliesDockerfileInstructionsInBothSpellings() {
        Map<String, Object> c = ConfigChanges.apply(new LinkedHashMap<>(), List.of(
                "CMD [\"sh\", \"-c\", \"echo hi\"]", "ENTRYPOINT=/bin/init", "ENV A=1 B=\"two words\"", "ENV C 3",
                "EXPOSE 80 53/udp", "LABEL org.x=y", "USER 1000:1000", "WORKDIR /srv", "STOPSIGNAL SIGINT",
                "VOLUME /data"));
        assertThat(c.get("Cmd")).isEqualTo(List.of("sh", "-c", "echo hi"));
        assertThat(c.get("Entrypoint")).isEqualTo(List.of("/bin/sh", "-c", "/bin/init"));
        assertThat(c.get("Env")).isEqualTo(List.of("A=1", "B=two words", "C=3"));
        assertThat(c.get("ExposedPorts")).isEqualTo(Map.of("80/tcp", Map.of(), "53/udp", Map.of()));
        assertThat(c.get("Labels")).isEqualTo(Map.of("org.x", "y"));
        assertThat(c.get("User")).isEqualTo("1000:1000");
        assertThat(c.get("WorkingDir")).isEqualTo("/srv");
        assertThat(c.get("StopSignal")).isEqualTo("SIGINT");
        assertThat(c.get("Volumes")).isEqualTo(Map.of("/data", Map.of()));
    }

    @Test
    void laterEnvReplacesEarlierValueOfTheSameName() {
        Map<String, Object> c = ConfigChanges.apply(new LinkedHashMap<>(), List.of("ENV A=1", "ENV A=2"));
        assertThat(c.get("Env")).isEqualTo(List.of("A=2"));
    }

    @Test
    void refusesUnknownInstructionsAndMissingValues() {
        assertThatThrownBy(() -> ConfigChanges.apply(new LinkedHashMap<>(), List.of("FROM busybox")))
                .isInstanceOf(EngineException.class).hasMessageContaining("invalid instruction FROM");
        assertThatThrownBy(() -> ConfigChanges.apply(new LinkedHashMap<>(), List.of("CMD")))
                .isInstanceOf(EngineException.class).hasMessageContaining("invalid change");
    }
}

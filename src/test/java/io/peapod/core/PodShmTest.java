package io.peapod.core;

import io.peapod.state.PodRow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodShmTest {
    private static PodRow pod(String config) {
        return new PodRow("a".repeat(64), "p", 0, "b".repeat(64), List.of("ipc", "net", "uts"), "continue", "", Map.of(),
                config.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTmpfsSizeIsThePodsShmSizeElsePodmansDefault() {
        assertThat(PodShm.size(pod("{\"infra\":true}"))).isEqualTo("65536000");
        assertThat(PodShm.size(pod("{\"settings\":{\"shmSize\":0}}"))).isEqualTo("65536000");
        assertThat(PodShm.size(pod("{\"settings\":{\"shmSize\":134217728}}"))).isEqualTo("134217728");
    }
}

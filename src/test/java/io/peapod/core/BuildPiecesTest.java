package io.peapod.core;

import io.peapod.image.Json;
import io.peapod.state.ImageRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of builds: WORKDIR resolution, the cache key, what counts as an intermediate image. */
class BuildPiecesTest {
    @Test
    void workdirIsResolvedAgainstThePreviousOneAndCleaned() {
        assertThat(BuildState.resolveWorkdir("/", "app")).isEqualTo("/app");
        assertThat(BuildState.resolveWorkdir("/app", "sub/../other/")).isEqualTo("/app/other");
        assertThat(BuildState.resolveWorkdir("/app", "/abs")).isEqualTo("/abs");
        assertThat(BuildState.resolveWorkdir("/a/b", "../../../..")).isEqualTo("/");
    }

    @Test
    void theCacheKeyChangesWithEachOfItsParts() {
        BuildService.BuildCache cache = new BuildService.BuildCache(java.nio.file.Path.of("/nonexistent"));
        String base = cache.key("p1", "/bin/sh -c true", Map.of("A", "1"), "");
        assertThat(cache.key("p1", "/bin/sh -c true", Map.of("A", "1"), "")).isEqualTo(base);
        assertThat(cache.key("p2", "/bin/sh -c true", Map.of("A", "1"), "")).isNotEqualTo(base);
        assertThat(cache.key("p1", "/bin/sh -c false", Map.of("A", "1"), "")).isNotEqualTo(base);
        assertThat(cache.key("p1", "/bin/sh -c true", Map.of("A", "2"), "")).isNotEqualTo(base);
        assertThat(cache.key("p1", "/bin/sh -c true", Map.of(), "")).isNotEqualTo(base);
        assertThat(cache.key("p1", "/bin/sh -c true", Map.of("A", "1"), "chown 1")).isNotEqualTo(base);
        // the args' order does not matter
        Map<String, String> ab = new LinkedHashMap<>(Map.of("A", "1"));
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>(Map.of("B", "2"));
        ba.put("A", "1");
        assertThat(cache.key("p", "s", ab, "")).isEqualTo(cache.key("p", "s", ba, ""));
        assertThat(cache.lookup(base, id -> true)).isNull();   // nothing stored
    }

    private static ImageRow image(String id, int historyEntries, int layers, String... names) {
        List<Object> history = new ArrayList<>();
        for (int i = 0; i < historyEntries; i++) {
            history.add(Map.of("created_by", (id.equals("dangling") && i > 0 ? "other " : "step ") + i));
        }
        List<Object> diffIds = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            diffIds.add("sha256:" + i);
        }
        byte[] config = Json.bytes(Map.of("history", history, "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
        return new ImageRow(id, null, "sha256:" + "d".repeat(64), new byte[0], "", config, 0, 0, List.of(names));
    }

    @Test
    void aNamelessImageWithAChildIsIntermediate() {
        ImageRow base = image("base", 1, 1, "localhost/base:latest");
        ImageRow env = image("env", 2, 1);            // ENV: a history entry, no layer
        ImageRow run = image("run", 3, 2);            // RUN: one more of each
        ImageRow tagged = image("tagged", 4, 2, "localhost/app:latest");
        ImageRow dangling = image("dangling", 2, 2);   // another build's result, no child: listed
        assertThat(ImageService.intermediates(List.of(base, env, run, tagged, dangling)))
                .containsExactlyInAnyOrder("env", "run");
    }
}

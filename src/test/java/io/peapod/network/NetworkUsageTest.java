package io.peapod.network;

import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.NetworkCreateOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** prune and {@code ls --filter dangling=} go by the networks containers use; the default one never dangles. */
class NetworkUsageTest {
    @TempDir
    Path dir;

    private static NetworkCreateOptions named(String name, String subnet) {
        return new NetworkCreateOptions(name, "bridge", List.of(subnet), List.of(), List.of(), false, false, false,
                Map.of(), Map.of(), "");
    }

    @Test
    void danglingMeansNoContainerUsesIt() {
        NetworkStore store = new NetworkStore(dir);
        store.create(named("used", "10.89.250.0/24"));
        store.create(named("idle", "10.89.251.0/24"));
        assertThat(store.list(List.of("dangling=true"), Set.of("used")).stream().map(Network::name)).containsExactly("idle");
        assertThat(store.list(List.of("dangling=false"), Set.of("used")).stream().map(Network::name))
                .containsExactly("podman", "used");
    }

    @Test
    void pruneLeavesNetworksInUseAndTheDefault() {
        NetworkStore store = new NetworkStore(dir);
        store.create(named("used", "10.89.250.0/24"));
        store.create(named("idle", "10.89.251.0/24"));
        assertThat(store.prune(List.of(), Set.of("used", "podman"))).containsExactly("idle");
        assertThat(Files.exists(dir.resolve("used.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("idle.json"))).isFalse();
    }
}

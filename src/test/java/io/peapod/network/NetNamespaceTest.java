package io.peapod.network;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NetNamespaceTest {
    @Test
    void namesAreUniqueVersion4UuidsUnderRunNetns() {
        Random random = new Random(42);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            NetNamespace ns = NetNamespace.named(random);
            assertThat(ns.name()).matches("netns-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID uuid = UUID.fromString(ns.name().substring("netns-".length()));
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(ns.path()).hasToString("/run/netns/" + ns.name());
            names.add(ns.name());
        }
        assertThat(names).hasSize(1000);
    }
}

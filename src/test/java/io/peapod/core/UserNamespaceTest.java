package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.UserNamespaceRequest;
import io.peapod.storage.IdMapping;
import io.peapod.storage.IdMapping.Range;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserNamespaceTest {
    private static UserNamespace.Settings explicit(List<String> uid, List<String> gid) {
        return UserNamespace.resolve(new UserNamespaceRequest("", uid, gid, "", ""), null, null, List.of(), null, x -> null);
    }

    @Test
    void aUidMapAloneServesForGidsToo() {
        UserNamespace.Settings s = explicit(List.of("0:100000:65536"), List.of());
        assertThat(s.mapping().uids()).containsExactly(new Range(0, 100000, 65536));
        assertThat(s.mapping().gids()).containsExactly(new Range(0, 100000, 65536));
        assertThat(s.mapping().hostUid(1000)).isEqualTo(101000);
        assertThat(s.mapping().hostUid(65536)).isEqualTo(-1);
    }

    @Test
    void oneValueMayHoldSeveralRanges() {
        assertThat(explicit(List.of("0:100000:1000:1000:500000:10"), List.of()).mapping().uids())
                .containsExactly(new Range(0, 100000, 1000), new Range(1000, 500000, 10));
    }

    @Test
    void malformedMapsGetContainersStorageWords() {
        assertThatThrownBy(() -> explicit(List.of("0:1", "x"), List.of())).isInstanceOf(EngineException.class)
                .hasMessage("initializing ID mappings: UID setting is malformed expected [\"uint32:uint32:uint32\"]: [\"0:1\" \"x\"]");
        assertThatThrownBy(() -> explicit(List.of("0:0:4294967296"), List.of())).hasMessageContaining("UID setting is malformed");
        assertThatThrownBy(() -> explicit(List.of("0:1:1"), List.of("1:2:3"))).hasMessage("container ID 0 cannot be mapped to a host ID");
        assertThatThrownBy(() -> explicit(List.of("0:100000:1000", "0:200000:5"), List.of()))
                .hasMessageContaining("mapping 0:200000:5 conflicts with other mappings");
    }

    @Test
    void autoOptions() {
        UserNamespaceMaps.AutoOptions o = UserNamespaceMaps.AutoOptions.parse("size=2048,uidmapping=5000:100:10");
        assertThat(o.size()).isEqualTo(2048);
        assertThat(o.uidMappings()).containsExactly(new Range(5000, 100, 10));
        assertThatThrownBy(() -> UserNamespaceMaps.AutoOptions.parse("size=4294967296")).hasMessage("strconv.ParseUint: parsing \"4294967296\": value out of range");
        assertThatThrownBy(() -> UserNamespaceMaps.AutoOptions.parse("")).hasMessage("invalid option specified: \"\"");
        assertThatThrownBy(() -> UserNamespaceMaps.AutoOptions.parse("gidmapping=1")).hasMessage(
                "failed to create ParseGIDMap GID=[1]: initializing ID mappings: GID setting is malformed expected [\"uint32:uint32:uint32\"]: [\"1\"]");
    }

    @Test
    void autoTakesTheFirstFreeIdsAndSpansRanges() {
        List<Range> available = List.of(new Range(0, 1000, 100), new Range(0, 5000, 1000));
        // 1000..1049 taken: 1050..1099 then 5000.. for the rest
        List<Range> got = AutoIdRanges.allocate(available, List.of(new Range(0, 1000, 50)), 80, List.of());
        assertThat(got).containsExactly(new Range(0, 1050, 50), new Range(50, 5000, 30));
        assertThatThrownBy(() -> AutoIdRanges.allocate(available, List.of(), 2000, List.of()))
                .hasMessage("creating container storage: could not find enough available IDs");
    }

    @Test
    void forcedMappingsAreLeftOutOfTheAutoRange() {
        List<Range> got = AutoIdRanges.allocate(List.of(new Range(0, 1000, 1000)), List.of(), 100, List.of(new Range(10, 50, 5)));
        assertThat(got).containsExactly(new Range(0, 1000, 10), new Range(15, 1010, 85), new Range(10, 50, 5));
    }

    @Test
    void settingsRoundTripThroughTheContainerConfig() {
        UserNamespace.Settings s = new UserNamespace.Settings("auto", new IdMapping(List.of(new Range(0, 2147483647L, 1024)),
                List.of(new Range(0, 2147483647L, 1024))), "", "");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(UserNamespace.KEY, io.peapod.image.Json.object(io.peapod.image.Json.bytes(UserNamespace.toJson(s)), "x"));
        UserNamespace.Settings back = UserNamespace.of(config);
        assertThat(back.mode()).isEqualTo("auto");
        assertThat(back.mapping()).isEqualTo(s.mapping());
        assertThat(UserNamespace.of(new LinkedHashMap<>()).isHost()).isTrue();
    }

    @Test
    void theSpecGetsMappingsFirstAndAUserNamespaceLast() {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("user", new LinkedHashMap<>(Map.of("uid", 0, "gid", 0)));
        doc.put("process", process);
        doc.put("mounts", List.of(Map.of("destination", "/sys", "type", "sysfs", "source", "sysfs", "options", List.of())));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("sysctl", new LinkedHashMap<>(Map.of("net.ipv4.ping_group_range", "0 0")));
        linux.put("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "network", "path", "/run/netns/x"), Map.of("type", "mount")));
        doc.put("linux", linux);
        UserNamespace.Settings s = explicit(List.of("0:100000:1000"), List.of());
        UserNamespaceSpec.addToSpec(doc, s, x -> null, java.nio.file.Path.of("/run/peapod/userns/c"));
        @SuppressWarnings("unchecked") Map<String, Object> out = (Map<String, Object>) doc.get("linux");
        assertThat(out.keySet()).startsWith("uidMappings", "gidMappings");
        assertThat(out.get("namespaces").toString()).endsWith("{type=user, path=/run/peapod/userns/c}]");
        assertThat(doc.get("mounts").toString()).contains("sysfs");   // its own network namespace: sysfs mounts

        process.put("user", new LinkedHashMap<>(Map.of("uid", 2000, "gid", 0)));
        Map<String, Object> doc2 = new LinkedHashMap<>(doc);
        assertThatThrownBy(() -> UserNamespaceSpec.addToSpec(doc2, s, x -> null, null))
                .hasMessage("container uses ID mappings ([]specs.LinuxIDMapping{specs.LinuxIDMapping{ContainerID:0x0, HostID:0x186a0, Size:0x3e8}}), but doesn't map UID 2000")
                .satisfies(e -> assertThat(((EngineException) e).exitCode()).isEqualTo(126));
    }
}

package io.peapod.core;

import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.image.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLimitsTest {
    /** podman 4.3.1's `run --cpus 1.5 -c 512 --cpuset-cpus 0 --cpuset-mems 0 -m 64m --memory-reservation 32m --memory-swap 128m --memory-swappiness 10 --oom-kill-disable --oom-score-adj 100 --pids-limit 100`. */
    private static final ContainerResources FULL = new ContainerResources(1_500_000_000L, 0, 0, 512, "0", "0", 0, 0,
            64L << 20, 32L << 20, 128L << 20, 10, true, 100, 100L, 0, List.of(), List.of(new DeviceValue("/dev/null", 1 << 20)),
            List.of(), List.of(), List.of(), "/mine", "private", "no-conmon", Map.of());

    private static Map<String, Object> config(ContainerResources r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ContainerLimits.KEY, ContainerLimits.toJson(r));
        return Json.object(Json.bytes(c), "config");   // as stored
    }

    @Test
    void settingsSurviveTheirStoredFormAndOlderContainersHaveNone() {
        assertThat(ContainerLimits.of(config(FULL))).isEqualTo(FULL);
        assertThat(ContainerLimits.of(config(ContainerResources.NONE))).isEqualTo(ContainerResources.NONE);
        assertThat(ContainerLimits.of(Map.of())).isEqualTo(ContainerResources.NONE);
    }

    @Test
    void linuxResourcesAreWhatPodmanWrites() {
        Map<String, Object> r = ContainerLimitsSpec.linuxResources(FULL);
        assertThat(r.get("memory").toString()).isEqualTo(
                "{limit=67108864, reservation=33554432, swap=134217728, swappiness=10, disableOOMKiller=true}");
        assertThat(r.get("cpu").toString()).isEqualTo("{shares=512, quota=150000, period=100000, cpus=0, mems=0}");
        assertThat(r.get("pids")).isEqualTo(Map.of("limit", 100L));
        // /dev/null is 1:3
        assertThat(r.get("blockIO").toString()).isEqualTo("{throttleReadBpsDevice=[{major=1, minor=3, rate=1048576}]}");
    }

    @Test
    void withoutFlagsOnlyContainersConfsPidsLimit() {
        assertThat(ContainerLimitsSpec.linuxResources(ContainerResources.NONE)).isEqualTo(Map.of("pids", Map.of("limit", 2048L)));
        ContainerResources unlimited = withPids(-1L);
        assertThat(ContainerLimitsSpec.linuxResources(unlimited)).isEqualTo(Map.of("pids", Map.of("limit", 0L)));
    }

    private static ContainerResources withPids(Long pids) {
        return new ContainerResources(0, 0, 0, 0, "", "", 0, 0, 0, 0, 0, -1, false, null, pids, 0, List.of(), List.of(),
                List.of(), List.of(), List.of(), "", "", "enabled", Map.of());
    }

    private static ContainerResources memory(long memory, long swap) {
        return new ContainerResources(0, 0, 0, 0, "", "", 0, 0, memory, 0, swap, -1, false, null, null, 0, List.of(), List.of(),
                List.of(), List.of(), List.of(), "", "", "enabled", Map.of());
    }

    @Test
    void swapDefaultsToTwiceTheMemoryAsInPodman() {
        assertThat(ContainerLimitChecks.resolve(memory(64L << 20, 0), 2048L).memorySwap()).isEqualTo(128L << 20);
        assertThat(ContainerLimitChecks.resolve(memory(64L << 20, -1), 2048L).memorySwap()).isEqualTo(-1);
        assertThat(ContainerLimitChecks.resolve(memory(0, 0), 2048L).memorySwap()).isZero();
    }

    @Test
    void noPidsLimitFlagTakesContainersConfsAtCreateAndKeepsTheContainersOwnAtUpdate() {
        assertThat(ContainerLimitChecks.resolve(memory(0, 0), 100L).pidsLimit()).isEqualTo(100L);
        assertThat(ContainerLimitChecks.resolve(memory(0, 0), null).pidsLimit()).isNull();
    }

    @Test
    void updateReplacesWhatIsGivenAndKeepsTheRest() {
        ContainerResources merged = ContainerLimits.merge(FULL, memory(100L << 20, 0));
        assertThat(merged.memory()).isEqualTo(100L << 20);
        assertThat(merged.memorySwap()).isEqualTo(200L << 20);   // podman's update: twice the new memory
        assertThat(merged.nanoCpus()).isEqualTo(FULL.nanoCpus());
        assertThat(merged.pidsLimit()).isEqualTo(100L);
        assertThat(merged.cgroupParent()).isEqualTo("/mine");
        assertThat(ContainerLimits.merge(FULL, ContainerResources.NONE)).isEqualTo(FULL);
    }

    @Test
    void inspectShowsPodmansHostConfigValues() {
        Map<String, Object> h = new LinkedHashMap<>();
        ContainerLimits.inspect(h, config(FULL));
        assertThat(h).containsEntry("Memory", 64L << 20).containsEntry("NanoCpus", 1_500_000_000L).containsEntry("CpuShares", 512L)
                .containsEntry("CpuPeriod", 100_000L).containsEntry("CpuQuota", 150_000L).containsEntry("PidsLimit", 100L)
                .containsEntry("MemorySwap", 128L << 20).containsEntry("MemorySwappiness", 10L).containsEntry("OomKillDisable", true)
                .containsEntry("OomScoreAdj", 100).containsEntry("CgroupParent", "/mine").containsEntry("Cgroups", "default")
                .containsEntry("BlkioWeightDevice", List.of());
        assertThat(ContainerLimits.cgroupMode(config(FULL))).isEqualTo("private");

        Map<String, Object> d = new LinkedHashMap<>();
        ContainerLimits.inspect(d, config(ContainerResources.NONE));
        assertThat(d).containsEntry("Memory", 0L).containsEntry("NanoCpus", 0L).containsEntry("PidsLimit", 2048L)
                .containsEntry("MemorySwappiness", 0L).containsEntry("BlkioWeightDevice", null).containsEntry("OomScoreAdj", 0);
        Map<String, Object> m = new LinkedHashMap<>();
        ContainerLimits.inspect(m, config(memory(10L << 20, -1)));
        assertThat(m).containsEntry("MemorySwappiness", -1L).containsEntry("MemorySwap", 0L);
    }

    @Test
    void theSpecGetsTheLimitsTheOomScoreTheCgroupParentAndNamespace() {
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> linux = new LinkedHashMap<>();
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", List.of());
        resources.put("pids", Map.of("limit", 2048L));
        linux.put("resources", resources);
        linux.put("cgroupsPath", "/libpod_parent/libpod-abc");
        linux.put("namespaces", new ArrayList<>(List.of(Map.of("type", "pid"))));
        spec.put("process", new LinkedHashMap<>());
        spec.put("linux", linux);
        ContainerLimitsSpec.apply(spec, config(FULL), "abc");
        assertThat(resources.keySet()).containsExactly("devices", "memory", "cpu", "pids", "blockIO");
        assertThat(resources.get("pids")).isEqualTo(Map.of("limit", 100L));
        assertThat(Json.map(spec.get("process"))).containsEntry("oomScoreAdj", 100);
        assertThat(linux).containsEntry("cgroupsPath", "/mine/libpod-abc");
        assertThat(Json.list(linux.get("namespaces"))).contains(Map.of("type", "cgroup"));
    }
}

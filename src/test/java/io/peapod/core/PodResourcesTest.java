package io.peapod.core;

import io.peapod.core.oci.SpecExtras;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PodSettings;
import io.peapod.engine.UserNamespaceRequest;
import io.peapod.image.Json;
import io.peapod.state.PodRow;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodResourcesTest {
    private static final PodSettings FULL = new PodSettings(1.5, "0", 512, 100L << 20, 200L << 20,
            List.of(new MountRequest("bind", "/srv", "/data", List.of("ro"))), List.of("/dev/zero:/dev/z:rw"),
            List.of("no-new-privileges", "seccomp=unconfined", "mask=/proc/a:/proc/b", "label=disable"),
            Map.of("kernel.msgmax", "4096"), 1L << 25, new ContainerCreateSpec.RestartPolicy("always", 0), "/run/p.pid", false,
            new UserNamespaceRequest("", List.of("0:200000:65536"), List.of(), "containers", ""));

    private static PodRow pod(PodSettings s) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("infra", true);
        if (s != null) {
            config.put(PodResources.KEY, PodResources.toJson(s));
        }
        return new PodRow("p".repeat(64), "p", 0, "i".repeat(64), List.of("ipc", "net", "uts"), "continue", "", Map.of(),
                Json.bytes(config));
    }

    @Test
    void settingsSurviveTheirStoredFormAndOlderPodsHaveTheDefaults() {
        assertThat(PodResources.of(pod(FULL))).isEqualTo(FULL);
        assertThat(PodResources.of(pod(null))).isEqualTo(PodSettings.DEFAULT);
        assertThat(PodResources.createsCgroup(pod(FULL))).isFalse();   // --share-parent=false
        assertThat(PodResources.createsCgroup(pod(PodSettings.DEFAULT))).isTrue();
    }

    @Test
    void theInfraGetsTheSecurityOptionsTheOthersOnlyDevicesAndShm() {
        SpecExtras infra = PodResources.infraExtras(FULL);
        assertThat(infra.noNewPrivileges()).isTrue();
        assertThat(infra.seccompProfile()).isEqualTo("unconfined");
        assertThat(infra.mask()).containsExactly("/proc/a", "/proc/b");
        assertThat(infra.sysctls()).containsEntry("kernel.msgmax", "4096");
        assertThat(infra.devices()).containsExactly(new SpecExtras.Device("/dev/zero", "/dev/z", "rw"));
        SpecExtras member = PodResources.memberExtras(FULL);
        assertThat(member).isEqualTo(new SpecExtras(infra.devices(), Map.of(), false, 1L << 25, List.of(), List.of(), null));
    }

    @Test
    void aJoiningContainerInheritsVolumesAndTheRestartPolicy() {
        ContainerCreateSpec plain = new ContainerCreateSpec("img", "c", List.of(), null, List.of(), "", "", "", Map.of(), false, "",
                10, NetworkRequest.DEFAULT, false, false);
        ContainerCreateSpec joined = PodResources.inherit(plain, FULL);
        assertThat(joined.mounts()).containsExactly(FULL.mounts().getFirst());
        assertThat(joined.restart().name()).isEqualTo("always");

        MountRequest own = new MountRequest("bind", "/other", "/data", List.of());
        ContainerCreateSpec withOwn = new ContainerCreateSpec("img", "c", List.of(), null, List.of(), "", "", "", Map.of(), true, "",
                10, NetworkRequest.DEFAULT, false, false, List.of(own), false, false, Map.of(), List.of(), false,
                ContainerCreateSpec.LogConfig.DEFAULT, new ContainerCreateSpec.RestartPolicy("", 0), "");
        ContainerCreateSpec kept = PodResources.inherit(withOwn, FULL);
        assertThat(kept.mounts()).containsExactly(own);        // its own mount at the same destination wins
        assertThat(kept.restart().name()).isEmpty();           // --rm: no restart policy from the pod
    }

    @Test
    void devicesAndUsernsModes() {
        assertThat(PodResources.device("/dev/fuse")).isEqualTo(new SpecExtras.Device("/dev/fuse", "/dev/fuse", "rwm"));
        assertThat(PodResources.device("/dev/fuse:r")).isEqualTo(new SpecExtras.Device("/dev/fuse", "/dev/fuse", "r"));
        PodResources.userns(UserNamespaceRequest.of(""));
        PodResources.userns(UserNamespaceRequest.of("host"));
        assertThatThrownBy(() -> PodResources.userns(UserNamespaceRequest.of("nope"))).isInstanceOf(EngineException.class)
                .hasMessage("unrecognized namespace mode nope passed");
        PodResources.userns(UserNamespaceRequest.of("auto"));   // the infra container's create resolves it
        PodResources.userns(UserNamespaceRequest.of("auto:size=2048"));
        assertThatThrownBy(() -> PodResources.userns(UserNamespaceRequest.of("auto:size=x")))
                .hasMessage("strconv.ParseUint: parsing \"x\": invalid syntax");
        // a mapping is checked before anything of the pod exists, with podman's words
        PodResources.userns(new UserNamespaceRequest("", List.of("0:200000:65536"), List.of(), "", ""));
        assertThatThrownBy(() -> PodResources.userns(new UserNamespaceRequest("", List.of("1:200000:10"), List.of(), "", "")))
                .hasMessage("container ID 0 cannot be mapped to a host ID");
        assertThatThrownBy(() -> PodResources.userns(new UserNamespaceRequest("", List.of("0:200000"), List.of(), "", "")))
                .hasMessageContaining("UID setting is malformed");
    }

    @Test
    void inspectFieldsInPodmansOrder() {
        Map<String, Object> d = new LinkedHashMap<>();
        PodResources.inspect(d, FULL, List.of(Map.of("Destination", "/data")));
        assertThat(d.keySet()).containsExactly("cpu_period", "cpu_quota", "cpu_shares", "cpuset_cpus", "mounts", "security_opt",
                "memory_limit", "memory_swap");
        assertThat(d).containsEntry("cpu_quota", 150000L).containsEntry("memory_swap", 200L << 20);
        Map<String, Object> none = new LinkedHashMap<>();
        PodResources.inspect(none, PodSettings.DEFAULT, null);
        assertThat(none).isEmpty();
    }
}

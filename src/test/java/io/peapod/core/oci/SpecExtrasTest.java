package io.peapod.core.oci;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.peapod.core.oci.SpecGeneratorTest.at;
import static io.peapod.core.oci.SpecGeneratorTest.input;
import static io.peapod.core.oci.SpecGeneratorTest.mountAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a pod's pod-wide flags add to a container's config.json. */
@SuppressWarnings("unchecked")
class SpecExtrasTest {

    private static Map<String, Object> gen(SpecExtras extras) {
        return SpecGeneratorTest.gen(input().build().withExtras(extras));
    }

    @Test
    void withoutExtrasTheDocumentIsUnchanged() {
        assertThat(gen(SpecExtras.NONE)).isEqualTo(SpecGeneratorTest.gen(input().build()));
    }

    @Test
    void sysctlsFollowTheDefaultOneAndNetOnesAreDroppedOnTheHostsNetwork() {
        var extras = new SpecExtras(List.of(), Map.of("kernel.msgmax", "4096", "net.ipv4.ip_forward", "1"), false, 0,
                List.of(), List.of(), null);
        assertThat((Map<String, String>) at(gen(extras), "linux").get("sysctl")).containsEntry("net.ipv4.ping_group_range", "0 0")
                .containsEntry("kernel.msgmax", "4096").containsEntry("net.ipv4.ip_forward", "1");
        var host = SpecGeneratorTest.gen(input().network("host").build().withExtras(extras));
        assertThat((Map<String, String>) at(host, "linux").get("sysctl")).containsExactly(Map.entry("kernel.msgmax", "4096"));
    }

    @Test
    void noNewPrivilegesShmSizeAndMasks() {
        var doc = gen(new SpecExtras(List.of(), Map.of(), true, 32L << 20, List.of("/proc/secret"), List.of("/proc/kcore", "/proc/sys"), null));
        assertThat(at(doc, "process").get("noNewPrivileges")).isEqualTo(true);
        assertThat((List<String>) mountAt(doc, "/dev/shm").get("options")).contains("size=32768k");
        assertThat((List<String>) at(doc, "linux").get("maskedPaths")).contains("/proc/secret", "/proc/acpi").doesNotContain("/proc/kcore");
        assertThat((List<String>) at(doc, "linux").get("readonlyPaths")).doesNotContain("/proc/sys").contains("/proc/bus");
        var all = gen(new SpecExtras(List.of(), Map.of(), false, 0, List.of(), List.of("ALL"), null));
        assertThat((List<String>) at(all, "linux").get("maskedPaths")).isEmpty();
        assertThat((List<String>) at(all, "linux").get("readonlyPaths")).isEmpty();
    }

    @Test
    void aDeviceIsCreatedAtItsDestinationAndAllowedWithItsPermissions() {
        var doc = gen(new SpecExtras(List.of(new SpecExtras.Device("/dev/zero", "/dev/podzero", "rw")), Map.of(), false, 0,
                List.of(), List.of(), null));
        var devices = (List<Map<String, Object>>) at(doc, "linux").get("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.getFirst()).containsEntry("path", "/dev/podzero").containsEntry("type", "c")
                .containsEntry("major", 1L).containsEntry("minor", 5L).doesNotContainKey("access");
        var rules = (List<Map<String, Object>>) at(doc, "linux", "resources").get("devices");
        assertThat(rules.getLast()).containsEntry("allow", true).containsEntry("type", "c").containsEntry("major", 1L)
                .containsEntry("minor", 5L).containsEntry("access", "rw");
    }

    @Test
    void aMissingDeviceFailsWithGosStatError() {
        var extras = new SpecExtras(List.of(new SpecExtras.Device("/dev/nope", "/dev/nope", "rwm")), Map.of(), false, 0,
                List.of(), List.of(), null);
        assertThatThrownBy(() -> gen(extras)).isInstanceOf(SpecException.class).hasMessage("stat /dev/nope: no such file or directory");
    }

    @Test
    void seccompUnconfinedDropsTheProfileAndACgroupsPathCanBeThePods() {
        var doc = SpecGeneratorTest.gen(input().build().withExtras(new SpecExtras(List.of(), Map.of(), false, 0, List.of(), List.of(),
                "unconfined")).withCgroupsPath("/libpod_parent/POD/libpod-X"));
        assertThat(at(doc, "linux")).doesNotContainKey("seccomp").containsEntry("cgroupsPath", "/libpod_parent/POD/libpod-X");
    }
}

package io.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SeccompTest {

    static final String PROFILE = """
            {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "defaultErrno": "ENOSYS",
             "archMap": [
               {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
               {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
             "syscalls": [
               {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "", "includes": {}, "excludes": {}},
               {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
                "includes": {"arches": ["amd64", "x32"]}, "excludes": {}},
               {"names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
                "includes": {"arches": ["arm64"]}, "excludes": {}},
               {"names": ["bpf"], "action": "SCMP_ACT_ERRNO", "args": [], "comment": "", "errnoRet": 1, "errno": "EPERM",
                "includes": {}, "excludes": {"caps": ["CAP_SYS_ADMIN", "CAP_BPF"]}},
               {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
                "includes": {"caps": ["CAP_SYS_ADMIN"]}, "excludes": {}},
               {"names": ["both"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
                "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"]}, "excludes": {}},
               {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "comment": "", "includes": {}, "excludes": {},
                "args": [{"index": 0, "value": 4294967295, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
               {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "comment": "", "includes": {}, "excludes": {"arches": ["arm64"]},
                "args": [{"index": 0, "value": 16, "valueTwo": 3, "op": "SCMP_CMP_MASKED_EQ"}]}
             ]}""";

    static Map<String, Object> convert(String arch, List<String> caps) throws Exception {
        return Seccomp.convert(JSON.std.mapFrom(PROFILE), arch, caps);
    }

    static List<String> names(Map<String, Object> s) {
        return ((List<Map<String, Object>>) s.get("syscalls")).stream()
                .map(c -> ((List<String>) c.get("names")).getFirst()).toList();
    }

    @Test
    void filtersByArchitecture() throws Exception {
        var amd = convert("amd64", Capabilities.DEFAULT);
        assertThat(amd.get("architectures")).isEqualTo(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
        assertThat(names(amd)).containsExactly("read", "arch_prctl", "bpf", "personality", "socket");
        var arm = convert("arm64", Capabilities.DEFAULT);
        assertThat(arm.get("architectures")).isEqualTo(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"));
        assertThat(names(arm)).containsExactly("read", "sync_file_range2", "bpf", "personality");
    }

    @Test
    void theDefaultProfileReadAheadGivesWhatReadingItThenGives() {
        assertThat(Seccomp.DEFAULT_PROFILE).as("containers-common's profile (scripts/setup.sh installs it)").isReadable();
        Seccomp.prefetchDefault();
        var ahead = Seccomp.load(Seccomp.DEFAULT_PROFILE, "amd64", Capabilities.DEFAULT);
        var read = Seccomp.load(Seccomp.DEFAULT_PROFILE, "amd64", Capabilities.DEFAULT);
        assertThat(ahead).isEqualTo(read);
        assertThat(((List<?>) ahead.get("syscalls"))).hasSizeGreaterThan(5);
    }

    @Test
    void filtersByCapabilities() throws Exception {
        var admin = convert("amd64", List.of("CAP_SYS_ADMIN"));
        assertThat(names(admin)).contains("mount").doesNotContain("bpf", "both");
        assertThat(names(convert("amd64", List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE")))).contains("mount", "both");
        assertThat(names(convert("amd64", List.of("CAP_BPF")))).doesNotContain("bpf", "mount");
    }

    @Test
    void writesTheRuntimeSpecShape() throws Exception {
        var s = convert("amd64", Capabilities.DEFAULT);
        assertThat(s.keySet()).containsExactly("defaultAction", "defaultErrnoRet", "architectures", "syscalls");
        assertThat(s.get("defaultErrnoRet")).isEqualTo(38);
        var calls = (List<Map<String, Object>>) s.get("syscalls");
        assertThat(calls.getFirst()).isEqualTo(Map.of("names", List.of("read", "write"), "action", "SCMP_ACT_ALLOW"));
        assertThat(calls.get(2).keySet()).containsExactly("names", "action", "errnoRet");
        assertThat(calls.get(3).get("args")).isEqualTo(List.of(Map.of("index", 0, "value", 4294967295L, "op", "SCMP_CMP_EQ")));
        assertThat(calls.get(4).get("args")).isEqualTo(List.of(Map.of("index", 0, "value", 16, "valueTwo", 3, "op", "SCMP_CMP_MASKED_EQ")));
    }

    @Test
    void refusesAmbiguousProfiles() throws Exception {
        Map<String, Object> p = JSON.std.mapFrom(PROFILE);
        p.put("architectures", List.of("SCMP_ARCH_X86_64"));
        assertThatThrownBy(() -> Seccomp.convert(p, "amd64", List.of())).hasMessageContaining("use either 'architectures' or 'archMap'");
        assertThat(Seccomp.convert(Map.of("syscalls", List.of()), "amd64", List.of())).isNull();
    }

    /**
     * The installed containers-common profile, converted for the default capabilities, gives what podman
     * 4.3.1 wrote here: 22 rules, chroot allowed (CAP_SYS_CHROOT), ptrace-era and admin calls refused.
     */
    @Test
    void installedProfileMatchesPodmansConversion() {
        if (!Files.exists(Seccomp.DEFAULT_PROFILE)) {
            throw new org.opentest4j.TestAbortedException("containers-common is not installed: no " + Seccomp.DEFAULT_PROFILE);
        }
        var s = Seccomp.load(Seccomp.DEFAULT_PROFILE, "amd64", Capabilities.DEFAULT);
        assertThat(s.get("defaultAction")).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(s.get("defaultErrnoRet")).isEqualTo(38);
        assertThat(names(s)).hasSize(22).contains("chroot", "arch_prctl", "modify_ldt", "socket")
                .doesNotContain("mount", "ptrace", "syslog");
        var admin = Seccomp.load(Seccomp.DEFAULT_PROFILE, "amd64",
                Capabilities.merge(Capabilities.DEFAULT, List.of("SYS_ADMIN"), List.of(), Capabilities.ALL));
        assertThat(actionsFor(s, "bpf")).containsExactly("SCMP_ACT_ERRNO");
        assertThat(actionsFor(admin, "bpf")).containsExactly("SCMP_ACT_ALLOW");
    }

    static List<Object> actionsFor(Map<String, Object> s, String name) {
        return ((List<Map<String, Object>>) s.get("syscalls")).stream()
                .filter(c -> ((List<String>) c.get("names")).contains(name)).map(c -> c.get("action")).toList();
    }

    /** Set PEAPOD_SECCOMP_DUMP=file to diff against podman's config.json (identical with podman 4.3.1). */
    @Test
    void dumpForComparison() throws Exception {
        String out = System.getenv("PEAPOD_SECCOMP_DUMP");
        if (out != null) {
            Files.write(java.nio.file.Path.of(out),
                    SpecGenerator.toJson(Seccomp.load(Seccomp.DEFAULT_PROFILE, "amd64", Capabilities.DEFAULT)));
        }
    }
}

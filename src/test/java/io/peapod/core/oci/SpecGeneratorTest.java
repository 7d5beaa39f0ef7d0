package io.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SpecGeneratorTest {

    static final String ID = "11719bd83591a652099f92a038b300702c3428233455f6ed2160d920b350c7bd";
    static final HostLimits LIMITS = new HostLimits(20000, 96364);
    static final List<String> HOST_CAPS = Capabilities.ALL;

    static ContainerSpecInput.Builder input() {
        return ContainerSpecInput.builder(ID, Path.of("/rootfs"), "sh", "-c", "echo hi")
                .hostsFile(Path.of("/u/hosts")).hostnameFile(Path.of("/u/hostname"))
                .resolvConfFile(Path.of("/u/resolv.conf"));
    }

    static Map<String, Object> gen(ContainerSpecInput in) {
        return SpecGenerator.generate(in, LIMITS, HOST_CAPS, "amd64");
    }

    static Map<String, Object> at(Map<String, Object> doc, String... keys) {
        Map<String, Object> m = doc;
        for (String k : keys) {
            m = (Map<String, Object>) m.get(k);
        }
        return m;
    }

    static List<Map<String, Object>> mounts(Map<String, Object> doc) {
        return (List<Map<String, Object>>) doc.get("mounts");
    }

    static Map<String, Object> mountAt(Map<String, Object> doc, String dest) {
        return mounts(doc).stream().filter(m -> m.get("destination").equals(dest)).findFirst().orElseThrow();
    }

    @Test
    void topLevelFieldsLikePodman() {
        var doc = gen(input().build());
        assertThat(doc.keySet()).containsExactly("ociVersion", "process", "root", "hostname", "mounts", "annotations", "linux");
        assertThat(doc.get("ociVersion")).isEqualTo("1.0.2-dev");
        assertThat(doc.get("hostname")).isEqualTo("11719bd83591");
        assertThat(at(doc, "root")).containsExactly(Map.entry("path", "/rootfs"));
        assertThat(at(doc, "process", "user")).containsEntry("uid", 0).containsEntry("umask", 18);
        assertThat(at(doc, "process")).doesNotContainKeys("terminal", "noNewPrivileges", "oomScoreAdj");
        assertThat(at(doc, "linux").get("cgroupsPath")).isEqualTo("/libpod_parent/libpod-" + ID);
    }

    @Test
    void defaultCapabilities() {
        var caps = at(gen(input().build()), "process", "capabilities");
        List<String> expected = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");
        assertThat(caps.keySet()).containsExactly("bounding", "effective", "permitted");
        assertThat((List<String>) caps.get("bounding")).isEqualTo(expected);
        assertThat((List<String>) caps.get("effective")).isEqualTo(expected);
        assertThat((List<String>) caps.get("permitted")).isEqualTo(expected);
    }

    @Test
    void capAddAndDropAcceptPodmanSpellings() {
        var caps = at(gen(input().capAdd(List.of("net_admin", "CAP_SYS_PTRACE")).capDrop(List.of("KILL")).build()),
                "process", "capabilities");
        assertThat((List<String>) caps.get("bounding")).contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE").doesNotContain("CAP_KILL");
        var none = at(gen(input().capDrop(List.of("all")).capAdd(List.of("chown")).build()), "process", "capabilities");
        assertThat((List<String>) none.get("bounding")).containsExactly("CAP_CHOWN");
        var all = at(gen(input().capAdd(List.of("ALL")).build()), "process", "capabilities");
        assertThat((List<String>) all.get("bounding")).hasSize(Capabilities.ALL.size());
    }

    @Test
    void capErrors() {
        assertThatThrownBy(() -> gen(input().capAdd(List.of("bogus")).build()))
                .isInstanceOf(SpecException.class).hasMessage("unknown capability \"CAP_BOGUS\"");
        assertThatThrownBy(() -> gen(input().capAdd(List.of("kill")).capDrop(List.of("CAP_KILL")).build()))
                .hasMessage("capability \"CAP_KILL\" cannot be dropped and added");
    }

    @Test
    void nonRootUserGetsOnlyAddedCapsInEffective() {
        var caps = at(gen(input().user(1000, 100, List.of(10, 20)).capAdd(List.of("NET_RAW")).build()),
                "process", "capabilities");
        assertThat((List<String>) caps.get("bounding")).contains("CAP_CHOWN", "CAP_NET_RAW");
        assertThat((List<String>) caps.get("effective")).containsExactly("CAP_NET_RAW");
        assertThat((List<String>) caps.get("ambient")).containsExactly("CAP_NET_RAW");
        var user = at(gen(input().user(1000, 100, List.of(10, 20)).build()), "process", "user");
        assertThat(user).containsEntry("uid", 1000).containsEntry("gid", 100).containsEntry("additionalGids", List.of(10, 20));
        var plain = at(gen(input().user(1000, 100, List.of()).build()), "process", "capabilities");
        assertThat((List<String>) plain.get("effective")).isEmpty();
        assertThat(plain).doesNotContainKey("ambient");
    }

    @Test
    void defaultMountsInPodmansOrderWithItsOptions() {
        var doc = gen(input().build());
        assertThat(mounts(doc)).extracting(m -> m.get("destination")).containsExactly("/proc", "/dev", "/sys",
                "/dev/pts", "/dev/mqueue", "/sys/fs/cgroup", "/dev/shm", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf");
        assertThat(mountAt(doc, "/dev")).containsEntry("type", "tmpfs")
                .containsEntry("options", List.of("nosuid", "noexec", "strictatime", "mode=755", "size=65536k"));
        assertThat(mountAt(doc, "/dev/pts")).containsEntry("type", "devpts")
                .containsEntry("options", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        assertThat(mountAt(doc, "/sys")).containsEntry("options", List.of("nosuid", "noexec", "nodev", "ro"));
        assertThat(mountAt(doc, "/sys/fs/cgroup")).containsEntry("type", "cgroup")
                .containsEntry("options", List.of("rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"));
        assertThat(mountAt(doc, "/dev/shm")).containsEntry("type", "tmpfs");
        assertThat((List<String>) mountAt(doc, "/dev/shm").get("options")).contains("size=65536k");
        assertThat(mountAt(doc, "/etc/hosts")).containsEntry("type", "bind").containsEntry("source", "/u/hosts")
                .containsEntry("options", List.of("bind", "rprivate"));
        assertThat(mountAt(doc, "/etc/resolv.conf")).containsEntry("source", "/u/resolv.conf");
    }

    @Test
    void readOnlyRootAddsTmpfsAndReadOnlyEtcFiles() {
        var doc = gen(input().readOnly(true).build());
        assertThat(at(doc, "root")).containsEntry("readonly", true);
        for (String d : List.of("/run", "/tmp", "/var/tmp")) {
            assertThat(mountAt(doc, d)).containsEntry("type", "tmpfs")
                    .containsEntry("options", List.of("rw", "rprivate", "nosuid", "nodev", "tmpcopyup"));
        }
        assertThat(mountAt(doc, "/etc/hostname"))
                .containsEntry("options", List.of("bind", "rprivate", "ro", "nosuid", "noexec", "nodev"));
    }

    @Test
    void userMountsAndTmpfsReplaceDefaultsAtTheSameDestination() {
        var doc = gen(input().mount(OciMount.bind("/dev/shm", "/host/shm")).mount(OciMount.bind("/data/", "/host/data"))
                .tmpfs(List.of("/scratch:size=1m,exec", "/etc/hosts")).build());
        assertThat(mounts(doc)).filteredOn(m -> m.get("destination").equals("/dev/shm")).hasSize(1);
        assertThat(mountAt(doc, "/dev/shm")).containsEntry("source", "/host/shm");
        assertThat(mountAt(doc, "/etc/hosts")).containsEntry("type", "tmpfs");
        assertThat(mountAt(doc, "/scratch")).containsEntry("options",
                List.of("size=1m", "exec", "rw", "rprivate", "nosuid", "nodev", "tmpcopyup"));
        assertThatThrownBy(() -> gen(input().tmpfs(List.of("rel")).build())).isInstanceOf(SpecException.class);
    }

    @Test
    void maskedAndReadonlyPaths() {
        var linux = at(gen(input().build()), "linux");
        assertThat((List<String>) linux.get("maskedPaths")).containsExactly("/proc/acpi", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block");
        assertThat((List<String>) linux.get("readonlyPaths")).containsExactly("/proc/asound", "/proc/bus", "/proc/fs",
                "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    }

    @Test
    void privilegedDropsSeccompAndMasksAndGetsHostCaps() {
        var hostCaps = Capabilities.fromMask(0x1fffeffffffL); // this host: everything but CAP_SYS_RESOURCE
        var doc = SpecGenerator.generate(input().privileged(true).build(), LIMITS, hostCaps, "amd64");
        var linux = at(doc, "linux");
        assertThat(linux).doesNotContainKeys("seccomp", "maskedPaths", "readonlyPaths");
        assertThat((List<Object>) at(linux, "resources").get("devices"))
                .containsExactly(Map.of("allow", true, "access", "rwm"));
        var caps = (List<String>) at(doc, "process", "capabilities").get("effective");
        assertThat(caps).hasSize(40).contains("CAP_SYS_ADMIN").doesNotContain("CAP_SYS_RESOURCE");
        assertThat(mountAt(doc, "/sys")).containsEntry("options", List.of("rprivate", "nosuid", "noexec", "nodev", "rw"));
        assertThat(doc.get("annotations")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("io.podman.annotations.privileged", "TRUE");
    }

    @Test
    void devicesDenyAllThenTheStandardNodes() {
        var devices = (List<Map<String, Object>>) at(gen(input().build()), "linux", "resources").get("devices");
        assertThat(devices.getFirst()).isEqualTo(Map.of("allow", false, "access", "rwm"));
        assertThat(devices).extracting(d -> d.get("major") + ":" + d.get("minor"))
                .contains("1:3", "1:5", "1:7", "1:8", "1:9", "5:0", "5:2", "136:null");
        assertThat(at(gen(input().build()), "linux", "resources").get("pids")).isEqualTo(Map.of("limit", 2048L));
    }

    @Test
    void rlimitsDefaultToPodmansClampedToTheHost() {
        var r = (List<Map<String, Object>>) at(gen(input().build()), "process").get("rlimits");
        assertThat(r).containsExactly(
                Map.of("type", "RLIMIT_NOFILE", "hard", 20000L, "soft", 20000L),
                Map.of("type", "RLIMIT_NPROC", "hard", 96364L, "soft", 96364L));
        var roomy = SpecGenerator.generate(input().build(), new HostLimits(Long.MAX_VALUE, Long.MAX_VALUE), HOST_CAPS, "amd64");
        assertThat((List<Map<String, Object>>) at(roomy, "process").get("rlimits")).extracting(m -> m.get("hard"))
                .containsExactly(1048576L, 1048576L);
    }

    @Test
    void userUlimitsOverrideAndAreValidated() {
        var r = (List<Map<String, Object>>) at(gen(input().ulimits(List.of(new Ulimit("RLIMIT_NOFILE", 100, 200),
                new Ulimit("RLIMIT_CORE", -1, -1))).build()), "process").get("rlimits");
        assertThat(r).extracting(m -> m.get("type") + "=" + m.get("soft") + ":" + m.get("hard")).containsExactly(
                "RLIMIT_NOFILE=100:200", "RLIMIT_CORE=18446744073709551615:18446744073709551615", "RLIMIT_NPROC=96364:96364");
        assertThatThrownBy(() -> gen(input().ulimits(List.of(new Ulimit("RLIMIT_NOFILE", 30, 20))).build()))
                .isInstanceOf(SpecException.class)
                .hasMessage("ulimit soft limit must be less than or equal to hard limit: 30 > 20");
        assertThatThrownBy(() -> gen(input().ulimits(List.of(new Ulimit("RLIMIT_NOFILE", 30000, 30000))).build()))
                .hasMessageContaining("RLIMIT_NOFILE hard limit 30000 exceeds the host's hard limit 20000");
        assertThatThrownBy(() -> gen(input().ulimits(List.of(new Ulimit("RLIMIT_BOGUS", 1, 2))).build()))
                .hasMessage("invalid ulimit type: RLIMIT_BOGUS");
        assertThatThrownBy(() -> gen(input().ulimits(List.of(new Ulimit("RLIMIT_NPROC", -1, -1))).build()))
                .hasMessageContaining("exceeds the host's hard limit 96364");
    }

    @Test
    void envGetsPodmansDefaultsAndHostname() {
        assertThat(SpecGenerator.env(input().build())).containsExactly(SpecGenerator.DEFAULT_PATH, "TERM=xterm",
                "container=peapod", "HOSTNAME=11719bd83591");
        assertThat(SpecGenerator.env(input().env(List.of("PATH=/bin", "A=b", "HOSTNAME=h", "TERM=dumb")).build()))
                .containsExactly("PATH=/bin", "TERM=dumb", "container=peapod", "A=b", "HOSTNAME=h");
    }

    @Test
    void initPrefixesArgsAndMountsCatatonit() {
        var doc = gen(input().init(true).terminal(true).build());
        assertThat((List<String>) at(doc, "process").get("args"))
                .containsExactly("/run/peapod-init", "--", "sh", "-c", "echo hi");
        assertThat(at(doc, "process")).containsEntry("terminal", true);
        assertThat(mountAt(doc, "/run/peapod-init")).containsEntry("source", "/usr/bin/catatonit")
                .containsEntry("options", List.of("bind", "ro", "rprivate"));
        assertThat(doc.get("annotations")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("io.podman.annotations.init", "TRUE").containsEntry("io.kubernetes.cri-o.TTY", "true");
    }

    @Test
    void namespacesFollowTheNetworkMode() {
        var priv = (List<Map<String, Object>>) at(gen(input().build()), "linux").get("namespaces");
        assertThat(priv).extracting(m -> m.get("type")).containsExactly("pid", "network", "ipc", "uts", "mount");
        assertThat(priv.get(1)).doesNotContainKey("path");
        var host = at(gen(input().network("host").build()), "linux");
        assertThat((List<Map<String, Object>>) host.get("namespaces")).extracting(m -> m.get("type"))
                .containsExactly("pid", "ipc", "uts", "mount");
        assertThat(host).doesNotContainKey("sysctl");
        // podman 4.3.1, --network host without --hostname: the host's UTS namespace, no hostname in the spec
        var hostUts = gen(input().network("host").hostUts(true).hostname("vm").build());
        assertThat(hostUts).doesNotContainKey("hostname");
        assertThat((List<Map<String, Object>>) at(hostUts, "linux").get("namespaces")).extracting(m -> m.get("type"))
                .containsExactly("pid", "ipc", "mount");
        assertThat(at(hostUts, "process").get("env")).asList().contains("HOSTNAME=vm");
        var path = (List<Map<String, Object>>) at(gen(input().network("/run/netns/n1").privateCgroupNs(true).build()),
                "linux").get("namespaces");
        assertThat(path.get(1)).containsEntry("path", "/run/netns/n1");
        assertThat(path.getLast()).containsEntry("type", "cgroup");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPodsSharedNamespacesAreJoinedByPath() {
        var ns = (List<Map<String, Object>>) at(gen(input().network("/proc/42/ns/net").build()
                .withNamespacePaths(Map.of("ipc", "/proc/42/ns/ipc", "uts", "/proc/42/ns/uts", "pid", "/proc/42/ns/pid"))),
                "linux").get("namespaces");
        assertThat(ns).containsExactly(
                Map.of("type", "pid", "path", "/proc/42/ns/pid"), Map.of("type", "network", "path", "/proc/42/ns/net"),
                Map.of("type", "ipc", "path", "/proc/42/ns/ipc"), Map.of("type", "uts", "path", "/proc/42/ns/uts"),
                Map.of("type", "mount"));
        // cgroup shared: joined even where no private cgroup namespace would be made (cgroup v1)
        var cg = (List<Map<String, Object>>) at(gen(input().build().withNamespacePaths(Map.of("cgroup", "/proc/42/ns/cgroup"))),
                "linux").get("namespaces");
        assertThat(cg.getLast()).isEqualTo(Map.of("type", "cgroup", "path", "/proc/42/ns/cgroup"));
    }

    @Test
    void annotationsFromTheCallerWin() {
        var doc = gen(input().annotation("org.opencontainers.image.stopSignal", "15")
                .annotation("io.podman.annotations.init", "custom").build());
        assertThat(doc.get("annotations")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("org.opencontainers.image.stopSignal", "15")
                .containsEntry("io.podman.annotations.init", "custom")
                .containsEntry("io.container.manager", "peapod");
    }

    @Test
    void noArgsIsPodmansError() {
        assertThatThrownBy(() -> ContainerSpecInput.builder(ID, Path.of("/r")).build())
                .hasMessage("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
    }

    @Test
    void jsonRoundTrips() throws Exception {
        var doc = gen(input().seccompProfile("unconfined").build());
        Map<String, Object> back = JSON.std.mapFrom(SpecGenerator.toJson(doc));
        assertThat(back.keySet()).containsExactlyElementsOf(doc.keySet());
        assertThat(at(back, "process", "user").get("umask")).isEqualTo(18);
        assertThat(at(back, "linux")).doesNotContainKey("seccomp");
    }

    @Test
    void hostLimitsParseProcSelfLimits() {
        var l = HostLimits.parse(List.of(
                "Limit                     Soft Limit           Hard Limit           Units     ",
                "Max processes             96364                96364                processes ",
                "Max open files            1024                 20000                files     "));
        assertThat(l).isEqualTo(new HostLimits(20000, 96364));
        assertThat(HostLimits.parse(List.of("Max processes             unlimited            unlimited            processes")))
                .isEqualTo(new HostLimits(Long.MAX_VALUE, Long.MAX_VALUE));
        assertThat(HostLimits.read().nofileHard()).isPositive();
    }

    @Test
    void privilegedListsTheHostsDeviceNodes() {
        var nul = Devices.host().stream().filter(d -> d.get("path").equals("/dev/null")).findFirst().orElseThrow();
        assertThat(nul).containsEntry("type", "c").containsEntry("major", 1L).containsEntry("minor", 3L)
                .containsEntry("fileMode", 8630); // 020666, as podman writes it
    }
}

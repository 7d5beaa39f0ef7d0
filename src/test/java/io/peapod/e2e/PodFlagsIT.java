package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pod-wide flags of {@code pod create} (resources on the pod's cgroup; volumes, devices, security options,
 * sysctls, /dev/shm on the infra container and what the pod's other containers get of them), seen from inside
 * a container of the pod and in {@code pod inspect}, as podman 4.3.1 shows them on this machine.
 */
class PodFlagsIT extends NetworkedStoreTest {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private static boolean unified() throws Exception {
        return Files.readString(Path.of("/proc/self/mounts")).lines().anyMatch(l -> l.split(" ")[1].equals("/sys/fs/cgroup")
                && l.split(" ")[2].equals("cgroup2"));
    }

    /** The pod's cgroup file holding its memory limit (cgroup v1 or v2). */
    private static Path memoryLimitFile(String podId) throws Exception {
        return unified() ? CGROUP.resolve("libpod_parent/" + podId + "/memory.max")
                : CGROUP.resolve("memory/libpod_parent/" + podId + "/memory.limit_in_bytes");
    }

    @Test
    void aPodsVolumesDevicesSysctlsShmAndLimitsReachItsContainers() throws Exception {
        Path vol = Files.createDirectories(peapod.dir.resolve("shared"));
        Files.writeString(vol.resolve("greeting"), "from the pod's volume\n");
        Path pidFile = peapod.dir.resolve("infra-conmon.pid");
        String podId = ok("pod", "create", "--name", "limited", "-v", vol + ":/data", "--sysctl", "kernel.msgmax=4096",
                "--sysctl", "net.ipv4.ip_forward=1", "--shm-size", "32m", "--device", "/dev/zero:/dev/podzero",
                "--memory", "100m", "--cpus", "1.5", "--cpu-shares", "512", "--security-opt", "no-new-privileges",
                "--restart", "on-failure:3", "--infra-conmon-pidfile", pidFile.toString()).out().strip();

        Peapod.Result in = ok("run", "--rm", "--pod", "limited", "localhost/busybox", "sh", "-c",
                "cat /data/greeting; cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward; "
                        + "df -k /dev/shm | tail -1 | awk '{print $2}'; ls -l /dev/podzero | cut -c1; "
                        + "grep NoNewPrivs /proc/self/status; grep -c /libpod_parent/" + podId + "/libpod- /proc/self/cgroup");
        String[] lines = in.out().split("\n");
        assertThat(lines[0]).isEqualTo("from the pod's volume");   // the pod's -v, inherited from the infra container
        assertThat(lines[1]).isEqualTo("4096");                     // IPC sysctl, set in the shared IPC namespace
        assertThat(lines[2]).isEqualTo("1");                        // net sysctl, set in the shared network namespace
        assertThat(lines[3]).isEqualTo("32768");                    // --shm-size: a 32 MiB /dev/shm
        assertThat(lines[4]).isEqualTo("c");                        // --device: the node at its destination
        assertThat(lines[5]).isEqualTo("NoNewPrivs:\t0");           // security options are the infra's own (podman)
        assertThat(Integer.parseInt(lines[6])).isPositive();        // its cgroup below the pod's (--share-parent)

        // the limits are the pod's cgroup's, the parent of its containers'
        assertThat(Files.readString(memoryLimitFile(podId)).strip()).isEqualTo("104857600");
        if (!unified()) {
            assertThat(Files.readString(CGROUP.resolve("cpu/libpod_parent/" + podId + "/cpu.cfs_quota_us")).strip()).isEqualTo("150000");
            assertThat(Files.readString(CGROUP.resolve("cpu/libpod_parent/" + podId + "/cpu.shares")).strip()).isEqualTo("512");
        }

        // the infra container has the security options and its conmon's pid is in the file
        String infraId = ok("pod", "inspect", "limited", "--format", "{{.InfraContainerID}}").out().strip();
        String[] pids = ok("inspect", infraId, "--format", "{{.State.Pid}} {{.State.ConmonPid}}").out().strip().split(" ");
        assertThat(Files.readString(Path.of("/proc/" + pids[0] + "/status"))).contains("NoNewPrivs:\t1");
        assertThat(Files.readString(pidFile).strip()).isEqualTo(pids[1]);

        // a container joining the pod takes its restart policy unless it sets one
        ok("create", "--pod", "limited", "--name", "member", "localhost/busybox", "true");
        assertThat(ok("inspect", "member", "--format", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}").out())
                .isEqualTo("on-failure:3\n");
        ok("create", "--pod", "limited", "--name", "own", "--restart", "no", "localhost/busybox", "true");
        assertThat(ok("inspect", "own", "--format", "{{.HostConfig.RestartPolicy.Name}}").out()).isEqualTo("no\n");

        // pod inspect shows them as podman 4.3.1 does
        String doc = ok("pod", "inspect", "limited").out();
        assertThat(doc).contains("\"RestartPolicy\": \"on-failure\"", "\"CreateCgroup\": true",
                "\"CgroupPath\": \"/libpod_parent/" + podId + "\"", "\"cpu_period\": 100000", "\"cpu_quota\": 150000",
                "\"cpu_shares\": 512", "\"memory_limit\": 104857600", "\"security_opt\": [\n          \"no-new-privileges\"\n     ]",
                "\"Destination\": \"/data\"", "\"Source\": \"" + vol + "\"");
        assertThat(doc.indexOf("\"cpu_period\"")).isLessThan(doc.indexOf("\"mounts\"")).isLessThan(doc.indexOf("\"memory_limit\""));

        // the pod's cgroup goes with the pod
        ok("pod", "rm", "-f", "-t", "0", "limited");
        assertThat(memoryLimitFile(podId).getParent()).doesNotExist();
    }

    @Test
    void thePodsMemoryLimitHoldsForItsContainers() {
        ok("pod", "create", "--name", "small", "--memory", "20m", "--memory-swap", "20m");
        // tmpfs pages count against the memory cgroup: 40 MiB in /dev/shm cannot fit in the pod's 20 MiB
        // (the pod's containers share /dev/shm: the file would stay, charged to the pod, unless removed)
        String over = ok("run", "--rm", "--pod", "small", "localhost/busybox", "sh", "-c",
                "dd if=/dev/zero of=/dev/shm/x bs=1M count=40 2>/dev/null; echo $?; rm -f /dev/shm/x").out();
        assertThat(over).isEqualTo("137\n");   // killed by the kernel's OOM killer
        String under = ok("run", "--rm", "--pod", "small", "localhost/busybox", "sh", "-c",
                "dd if=/dev/zero of=/dev/shm/x bs=1M count=5 2>/dev/null; echo $?").out();
        assertThat(under).isEqualTo("0\n");
    }

    @Test
    void withoutShareParentTheContainersCgroupsAreNotBelowThePods() {
        String podId = ok("pod", "create", "--name", "flat", "--share-parent=false").out().strip();
        assertThat(ok("pod", "inspect", "flat", "--format", "{{.CreateCgroup}}").out()).isEqualTo("false\n");
        assertThat(ok("pod", "inspect", "flat").out()).doesNotContain("CgroupPath");
        String cgroups = ok("run", "--rm", "--pod", "flat", "localhost/busybox", "cat", "/proc/self/cgroup").out();
        assertThat(cgroups).contains("/libpod_parent/libpod-").doesNotContain(podId);
    }

    @Test
    void badPodWideFlagsFailWithPodmansWordsAndLeaveNothing() throws Exception {
        String[][] cases = {
                {"--cpus", "abc"}, {"-c", "-1"}, {"--memory", "abc"}, {"--shm-size", "x"}, {"--cpuset-cpus", "abc"},
                {"--device", "/dev/does-not-exist"}, {"--device", "/dev/zero:rwz"}, {"--security-opt", "foo"},
                {"--security-opt", "no-new-privileges=maybe"}, {"--security-opt", "seccomp=/does/not/exist"},
                {"--sysctl", "foo"}, {"--sysctl", "kernel.hostname=x"}, {"-v", "/tmp:relative"},
                {"--restart", "sometimes"}, {"--userns", "bogus"}, {"--userns", "keep-id"}, {"--userns", "private"},
                {"--network", "host", "--sysctl", "net.ipv4.ip_forward=1"},
                // refused by the kernel when written to the pod's cgroup: swap below the memory limit
                {"--memory", "100m", "--memory-swap", "50m"},
        };
        String[] expected = {
                "Error: invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax\nSee 'peapod pod create --help'\n",
                "Error: invalid argument \"-1\" for \"-c, --cpu-shares\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax\nSee 'peapod pod create --help'\n",
                "Error: invalid value for memory: invalid size: 'abc'\n",
                "Error: unable to translate --shm-size: invalid size: 'x'\n",
                "Error: could not parse list: invalid format: abc\n",
                "Error: stat /dev/does-not-exist: no such file or directory\n",
                "Error: invalid device mode: rwz\n",
                "Error: invalid --security-opt 1: \"foo\"\n",
                "Error: invalid --security-opt 2: \"no-new-privileges=maybe\"\n",
                "Error: opening seccomp profile failed: open /does/not/exist: no such file or directory\n",
                "Error: foo is invalid, sysctl values must be in the form of KEY=VALUE\n",
                "Error: sysctl 'kernel.hostname' is not allowed\n",
                "Error: invalid container path \"relative\", must be an absolute path\n",
                "Error: running pod create option: \"sometimes\" is not a valid restart policy: invalid argument\n",
                "Error: unrecognized namespace mode bogus passed\n",
                "Error: keep-id is only supported in rootless mode\n",
                "Error: must provide at least one UID or GID mapping to configure a user namespace\n",
                "Error: sysctl net.ipv4.ip_forward=1 can't be set since Network Namespace set to host: invalid argument\n",
                null,
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("pod", "create", "--name", "bad"));
            args.addAll(List.of(cases[i]));
            Peapod.Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as("%s", args).isEqualTo(125);
            if (expected[i] != null) {
                assertThat(r.err()).as("%s", args).isEqualTo(expected[i]);
            } else if (!unified()) {
                assertThat(r.err()).matches("Error: failed to write \"52428800\": write /sys/fs/cgroup/memory/libpod_parent/[0-9a-f]{64}"
                        + "/memory.memsw.limit_in_bytes: invalid argument\n");
            } else {
                assertThat(r.err()).isEqualTo("Error: invalid memory swap value 52428800: it must be at least the memory limit\n");
            }
            assertThat(ok("pod", "ps", "-q").out()).as("%s", args).isEmpty();
            assertThat(ok("ps", "-aq").out()).as("%s", args).isEmpty();
        }
    }
}

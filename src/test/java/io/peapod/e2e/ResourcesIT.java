package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's own resource limits ({@code run --memory/--cpus/--pids-limit/...}, {@code update}): enforced by the
 * kernel through the container's cgroup, shown by inspect with podman 4.3.1's HostConfig values, and bad values
 * refused with podman's words.
 */
class ResourcesIT extends NetworkedStoreTest {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private static boolean unified() throws Exception {
        return Files.readString(Path.of("/proc/self/mounts")).lines().anyMatch(l -> l.split(" ")[1].equals("/sys/fs/cgroup")
                && l.split(" ")[2].equals("cgroup2"));
    }

    /** The container's cgroup file of a v1 controller ({@code /libpod_parent/libpod-ID} in every hierarchy). */
    private static String cgroupFile(String controller, String id, String file) throws Exception {
        return Files.readString(CGROUP.resolve(controller + "/libpod_parent/libpod-" + id + "/" + file)).strip();
    }

    @Test
    void aProcessAboveTheMemoryLimitIsOomKilled() {
        // busybox tail keeps the whole of a line without newline: it grows until the kernel kills it
        Peapod.Result r = run("run", "--name", "hog", "-m", "10m", "localhost/busybox", "tail", "/dev/zero");
        assertThat(r.code()).isEqualTo(137);
        assertThat(ok("inspect", "hog", "--format", "{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}").out())
                .isEqualTo("true 137 10485760\n");
        ok("run", "--name", "fine", "-m", "10m", "localhost/busybox", "true");
        assertThat(ok("inspect", "fine", "--format", "{{.State.OOMKilled}}").out()).isEqualTo("false\n");
    }

    @Test
    void thePidsLimitRefusesForksBeyondIt() {
        String out = run("run", "--rm", "--pids-limit", "5", "localhost/busybox", "sh", "-c",
                "for i in 1 2 3 4 5 6 7 8; do sleep 3 & done; wait; echo done").err();
        assertThat(out).contains("can't fork: Resource temporarily unavailable");
        // without the flag: containers.conf's pids_limit, 2048, as podman 4.3.1 writes it
        String id = ok("run", "-d", "--name", "dflt", "localhost/busybox", "sleep", "60").out().strip();
        assertThat(ok("inspect", "dflt", "--format", "{{.HostConfig.PidsLimit}}").out()).isEqualTo("2048\n");
        assertThat(ok("exec", id, "cat", "/sys/fs/cgroup/pids/pids.max").out()).isEqualTo("2048\n");
    }

    @Test
    void containersConfsPidsLimitIsTheDefaultAtCreate() throws Exception {
        Path conf = peapod.dir.resolve("pids-containers.conf");
        Files.writeString(conf, "[containers]\npids_limit = 100\n");
        Peapod.Result r = Peapod.execWithEnv(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "--network-config-dir", store.netDir.toString(), "create", "--name",
                "confpids", "localhost/busybox", "cat", "/sys/fs/cgroup/pids/pids.max"), Map.of("CONTAINERS_CONF", conf.toString()),
                null, 60);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(ok("inspect", "confpids", "--format", "{{.HostConfig.PidsLimit}}").out()).isEqualTo("100\n");
        // decided at create, as podman's: started without the file, the container keeps it
        assertThat(ok("start", "-a", "confpids").out()).isEqualTo("100\n");
        Files.writeString(conf, "[containers]\npids_limit = \"many\"\n");
        Peapod.Result bad = Peapod.execWithEnv(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "--network-config-dir", store.netDir.toString(), "create",
                "localhost/busybox", "true"), Map.of("CONTAINERS_CONF", conf.toString()), null, 60);
        // logged as podman logs it (logrus quotes the message, so its quotes come escaped)
        assertThat(bad.err()).contains("(last key \\\"containers.pids_limit\\\"): incompatible types: TOML value has type "
                + "string; destination has type integer");
        assertThat(ok("ps", "-a", "-q").out().lines()).hasSize(1);   // nothing created by the refused command
    }

    @Test
    void cpusAndTheOtherLimitsReachTheCgroupAndInspect() throws Exception {
        String id = ok("run", "-d", "--name", "lim", "--cpus", "1.5", "--cpu-shares", "512", "--cpuset-cpus", "0",
                "-m", "64m", "--memory-reservation", "32m", "--memory-swappiness", "10", "--oom-kill-disable",
                "--oom-score-adj", "100", "--pids-limit", "100", "localhost/busybox", "sleep", "60").out().strip();
        assertThat(ok("inspect", "lim", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} "
                + "{{.HostConfig.CpuShares}} {{.HostConfig.CpusetCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}} "
                + "{{.HostConfig.MemorySwap}} {{.HostConfig.MemorySwappiness}} {{.HostConfig.OomKillDisable}} "
                + "{{.HostConfig.OomScoreAdj}} {{.HostConfig.PidsLimit}} {{.HostConfig.CgroupMode}} {{.HostConfig.Cgroups}}").out())
                .isEqualTo("1500000000 100000 150000 512 0 67108864 33554432 134217728 10 true 100 100 host default\n");
        // inside the container, as a user checks it
        assertThat(ok("exec", id, "sh", "-c", "cat /proc/self/oom_score_adj").out()).isEqualTo("100\n");
        if (!unified()) {
            assertThat(ok("exec", id, "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us",
                    "/sys/fs/cgroup/cpu/cpu.shares").out()).isEqualTo("150000\n100000\n512\n");
            assertThat(cgroupFile("memory", id, "memory.limit_in_bytes")).isEqualTo("67108864");
            assertThat(cgroupFile("memory", id, "memory.soft_limit_in_bytes")).isEqualTo("33554432");
            assertThat(cgroupFile("memory", id, "memory.swappiness")).isEqualTo("10");
            assertThat(cgroupFile("memory", id, "memory.oom_control")).contains("oom_kill_disable 1");
            assertThat(cgroupFile("cpuset", id, "cpuset.cpus")).isEqualTo("0");
            assertThat(cgroupFile("pids", id, "pids.max")).isEqualTo("100");
        }
        // stats shows the container's own limit
        assertThat(ok("stats", "--no-stream", "--format", "{{.MemUsage}}", "lim").out()).endsWith(" / 67.11MB\n");
    }

    @Test
    void updateChangesARunningContainersLimitsAndItsConfig() throws Exception {
        String id = ok("run", "-d", "--name", "upd", "-m", "64m", "localhost/busybox", "sleep", "60").out().strip();
        // busybox tail holds all of a line: 90 MB of zeros do not fit in 64 MiB (no swap here)
        String hog = "head -c 90000000 /dev/zero | tail | wc -c";
        assertThat(ok("exec", id, "sh", "-c", hog).out()).isEqualTo("0\n");
        assertThat(ok("update", "--memory", "100m", "--cpus", "0.5", "upd").out()).isEqualTo(id + "\n");
        assertThat(ok("inspect", "upd", "--format", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}").out())
                .isEqualTo("104857600 209715200 500000000\n");
        if (!unified()) {
            assertThat(cgroupFile("memory", id, "memory.limit_in_bytes")).isEqualTo("104857600");
            assertThat(ok("exec", id, "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us").out()).isEqualTo("50000\n");
        }
        // the new limit is enforced: the 90 MB fit now
        assertThat(ok("exec", id, "sh", "-c", hog).out()).isEqualTo("90000000\n");
        // a stopped container keeps the new value for its next start
        ok("stop", "-t", "0", "upd");
        ok("update", "-m", "50m", "upd");
        ok("start", "upd");
        if (!unified()) {
            assertThat(cgroupFile("memory", id, "memory.limit_in_bytes")).isEqualTo("52428800");
        }
        Peapod.Result bad = run("update", "--memory", "1x", "upd");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).isEqualTo("Error: invalid value for memory: invalid size: '1x'\n");
        Peapod.Result missing = run("update", "-m", "10m", "nosuch");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
    }

    @Test
    void aPodMemberHasItsOwnLimitBelowThePodsAndStatsShowItsOwnCgroupsLimit() throws Exception {
        String podId = ok("pod", "create", "--name", "lp", "--memory", "100m").out().strip();
        ok("run", "-d", "--pod", "lp", "--name", "plain", "localhost/busybox", "sleep", "60");
        String own = ok("run", "-d", "--pod", "lp", "--name", "own", "-m", "30m", "localhost/busybox", "sleep", "60").out().strip();
        if (!unified()) {
            assertThat(Files.readString(CGROUP.resolve("memory/libpod_parent/" + podId + "/libpod-" + own + "/memory.limit_in_bytes"))
                    .strip()).isEqualTo("31457280");
        }
        // podman 4.3.1 reads a container's own cgroup: the pod's limit is its parent's, so a member without a limit of
        // its own shows the host's memory, one with --memory its own
        String stats = ok("pod", "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}", "lp").out();
        assertThat(stats).contains("own ").containsPattern("(?m)^own .* / 31\\.46MB$");
        assertThat(stats).containsPattern("(?m)^plain .* / [0-9.]+GB$");
    }

    @Test
    void cgroupParentAndNamespace() throws Exception {
        String parent = "/peapod-it-" + ProcessHandle.current().pid();
        String cgroups = ok("run", "--rm", "--cgroup-parent", parent, "localhost/busybox", "cat", "/proc/self/cgroup").out();
        assertThat(cgroups).contains(":memory:" + parent + "/libpod-");
        String own = ok("run", "--rm", "--cgroupns", "private", "localhost/busybox", "cat", "/proc/self/cgroup").out();
        assertThat(own).contains(":memory:/\n");
        for (String c : new String[] {"memory", "cpu", "pids", "cpuset", "blkio", "devices", "freezer", "cpuacct", "systemd"}) {
            try {
                Files.deleteIfExists(CGROUP.resolve(c).resolve(parent.substring(1)));
            } catch (java.io.IOException ignored) {
                // not a hierarchy here
            }
        }
    }

    @Test
    void badValuesFailWithPodmansWordsAndCreateNothing() throws Exception {
        String[][] cases = {
                {"--memory", "1x"}, {"--memory-swap", "10m"}, {"--cpus", "abc"}, {"--cpu-period", "100"},
                {"--cpuset-cpus", "99"}, {"--cgroups", "bad"}, {"--cgroups", "disabled"}, {"--memory-swappiness", "101"},
                {"--device-read-bps", "/dev/does-not-exist:1mb"},
        };
        String[] expected = {
                "Error: invalid value for memory: invalid size: '1x'\n",
                "Error: you should always set a memory limit when using a memoryswap limit, see usage\n",
                "Error: invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax\n"
                        + "See 'peapod run --help'\n",
                "Error: CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)\n",
                "Error: requested CPUs are not available - requested 99, available: ",
                "Error: running container create option: invalid cgroup mode \"bad\": invalid argument\n",
                "Error: requested OCI runtime runc is not compatible with NoCgroups: invalid argument\n",
                "Error: invalid value: 101, valid memory swappiness range is 0-100\n",
                "Error: could not parse throttle device at /dev/does-not-exist: no such file or directory\n",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 4];
            args[0] = "run";
            args[1] = "--rm";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            args[args.length - 2] = "localhost/busybox";
            args[args.length - 1] = "true";
            Peapod.Result r = run(args);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(125);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith(expected[i]);
        }
        if (!unified()) {
            Peapod.Result v2only = run("run", "--rm", "--cgroup-conf", "memory.high=10m", "localhost/busybox", "true");
            assertThat(v2only.code()).isEqualTo(125);
            assertThat(v2only.err()).isEqualTo("Error: cannot use --cgroup-conf without cgroup v2\n");
        }
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
        // --cpus -1 is no limit, as podman 4.3.1 takes it
        assertThat(ok("run", "--rm", "--cpus", "-1", "localhost/busybox", "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us").out())
                .isEqualTo("-1\n");
    }
}

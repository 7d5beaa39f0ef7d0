package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stats} and {@code pod stats --no-stream} on real containers: the figures are checked against what
 * the host itself shows (the cgroup's processes, /proc/meminfo, the namespace's /proc/net/dev), the
 * shapes against podman 4.3.1's output on this machine.
 */
class StatsIT extends NetworkedStoreTest {

    /** A table's cells: columns are separated by two spaces or more. */
    private static List<String> cells(String line) {
        return Arrays.asList(line.strip().split(" {2,}"));
    }

    private static long hostMemory() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                return Long.parseLong(l.substring(9).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new AssertionError("no MemTotal");
    }

    @Test
    void statsShowsTheContainersCgroupFigures() throws Exception {
        String busy = ok("run", "-d", "--name", "busy", "localhost/busybox", "sh", "-c", "sleep 1000 & sleep 1000 & wait").out().strip();
        String idle = ok("create", "--name", "idle", "localhost/busybox", "true").out().strip();
        // 20 MiB in /dev/shm (a tmpfs charged to the container's memory cgroup), written by a process in it
        ok("exec", "busy", "dd", "if=/dev/zero", "of=/dev/shm/f", "bs=1M", "count=20");

        Peapod.Result table = ok("stats", "--no-stream");
        List<String> lines = table.out().lines().toList();
        assertThat(cells(lines.get(0))).containsExactly("ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET IO",
                "BLOCK IO", "PIDS", "CPU TIME", "AVG CPU %");
        // every container, ordered by id, as podman's state lists them
        List<String> ids = lines.subList(1, lines.size()).stream().map(l -> cells(l).get(0)).toList();
        assertThat(ids).containsExactlyElementsOf(List.of(busy.substring(0, 12), idle.substring(0, 12)).stream().sorted().toList());
        List<String> idleRow = cells(lines.stream().filter(l -> l.startsWith(idle.substring(0, 12))).findFirst().orElseThrow());
        assertThat(idleRow).containsExactly(idle.substring(0, 12), "idle", "0.00%", "0B / 0B", "0.00%", "0B / 0B", "0B / 0B",
                "0", "0s", "0.00%");

        String figures = ok("stats", "--no-stream", "--format", "{{.PIDS}}|{{.MemUsage}}|{{.MemLimit}}|{{.UpTime}}|{{.CPUPerc}}",
                "busy").out().strip();
        String[] f = figures.split("\\|");
        assertThat(f[0]).as("sh and its two sleeps").isEqualTo("3");
        String usage = f[1].split(" / ")[0];
        assertThat(usage).endsWith("MB");
        assertThat(Double.parseDouble(usage.replace("MB", ""))).isGreaterThanOrEqualTo(20.97);   // 20 MiB
        assertThat(Long.parseLong(f[2])).as("no limit: the host's memory").isEqualTo(hostMemory());
        assertThat(f[3]).matches("[0-9.]+(ns|µs|ms|s)");
        assertThat(f[4]).matches("[0-9]+\\.[0-9]{2}%");

        String json = ok("stats", "--no-stream", "--format", "json", "idle").out();
        assertThat(json).isEqualTo("[\n {\n  \"id\": \"" + idle.substring(0, 12) + "\",\n  \"name\": \"idle\",\n"
                + "  \"cpu_time\": \"0s\",\n  \"cpu_percent\": \"0.00%\",\n  \"avg_cpu\": \"0.00%\",\n"
                + "  \"mem_usage\": \"0B / 0B\",\n  \"mem_percent\": \"0.00%\",\n  \"net_io\": \"0B / 0B\",\n"
                + "  \"block_io\": \"0B / 0B\",\n  \"pids\": \"0\"\n }\n]\n");
        assertThat(ok("stats", "--no-stream", "--no-trunc", "--format", "{{.ID}}", "idle").out()).isEqualTo(idle + "\n");
    }

    @Test
    void netIoIsTheContainersEth0SentThenReceived() throws Exception {
        ok("run", "-d", "--name", "net", "localhost/busybox", "sleep", "1000");
        ok("run", "-d", "--name", "nonet", "--network", "none", "localhost/busybox", "sleep", "1000");
        String pid = ok("inspect", "--format", "{{.State.Pid}}", "net").out().strip();
        Path netDev = Path.of("/proc", pid, "net", "dev");
        String shown = null, expected = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            String before = eth0(Files.readString(netDev));
            shown = ok("stats", "--no-stream", "--format", "{{.NetInput}} {{.NetOutput}}", "net").out().strip();
            if (before.equals(eth0(Files.readString(netDev)))) {
                expected = before;   // no packet meanwhile: the figures must be these
                break;
            }
        }
        assertThat(expected).as("eth0 quiet for a moment").isNotNull();
        assertThat(shown).isEqualTo(expected);
        assertThat(ok("stats", "--no-stream", "--format", "{{.NetIO}}", "nonet").out()).isEqualTo("0B / 0B\n");
    }

    /** "TX RX" of eth0: podman 4.3.1 shows the bytes sent first. */
    private static String eth0(String netDev) {
        for (String l : netDev.split("\n")) {
            if (l.strip().startsWith("eth0:")) {
                String[] f = l.substring(l.indexOf(':') + 1).trim().split("\\s+");
                return f[8] + " " + f[0];
            }
        }
        throw new AssertionError("no eth0 in " + netDev);
    }

    @Test
    void statsRefusesWhatPodmanRefuses() {
        ok("create", "--name", "c", "localhost/busybox", "true");
        Peapod.Result both = run("stats", "--no-stream", "-a", "c");
        assertThat(both.code()).isEqualTo(125);
        assertThat(both.err()).isEqualTo("Error: --all, --latest and containers cannot be used together\n");
        Peapod.Result missing = run("stats", "--no-stream", "nope");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: unable to get list of containers: unable to look up container nope: "
                + "no container with name or ID \"nope\" found: no such container\n");
        assertThat(ok("container", "stats", "--no-stream", "-l", "--format", "{{.Name}}").out()).isEqualTo("c\n");
        assertThat(run("stats", "--no-stream", "-i", "0").err()).isEqualTo("Error: invalid interval, must be a positive number greater zero\n");
    }

    @Test
    void podStatsShowsEachContainerOfThePods() throws Exception {
        String running = ok("pod", "create", "--name", "running").out().strip();
        ok("run", "-d", "--pod", "running", "--name", "member", "localhost/busybox", "sleep", "1000");
        String created = ok("pod", "create", "--name", "created").out().strip();
        String createdInfra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "created").out().strip();

        List<String> lines = ok("pod", "stats", "--no-stream").out().lines().toList();
        assertThat(cells(lines.get(0))).containsExactly("POD", "CID", "NAME", "CPU %", "MEM USAGE/ LIMIT", "MEM %", "NET IO",
                "BLOCK IO", "PIDS");
        assertThat(lines).hasSize(4);
        List<String> pods = lines.subList(1, 4).stream().map(l -> cells(l).get(0)).toList();
        assertThat(pods).containsOnly(running.substring(0, 12), created.substring(0, 12));
        assertThat(cells(lines.stream().filter(l -> l.startsWith(created.substring(0, 12))).findFirst().orElseThrow()))
                .containsExactly(created.substring(0, 12), createdInfra.substring(0, 12), created.substring(0, 12) + "-infra",
                        "--", "-- / --", "--", "-- / --", "-- / --", "--");

        String rows = ok("pod", "stats", "--no-stream", "--format", "{{.Name}} {{.PIDS}} {{.NetIO}}", "running").out();
        List<String> names = rows.lines().map(l -> l.split(" ")[0]).toList();
        assertThat(names).containsExactly(running.substring(0, 12) + "-infra", "member");
        assertThat(rows.lines().map(l -> l.split(" ")[1])).containsOnly("1");
        // the member sees the infra container's network namespace
        assertThat(ok("pod", "stats", "--no-stream", "--format", "json", "running").out())
                .contains("\"Pod\": \"" + running.substring(0, 12) + "\"", "\"Name\": \"member\"", "\"MemUsageBytes\": \"")
                .startsWith("[\n     {\n          \"CPU\": \"");
        assertThat(ok("pod", "stats", "--no-stream", "--format", "table {{.Name}}", "created").out())
                .isEqualTo("NAME\n" + created.substring(0, 12) + "-infra\n");

        Peapod.Result both = run("pod", "stats", "--no-stream", "-a", "running");
        assertThat(both.code()).isEqualTo(125);
        assertThat(both.err()).isEqualTo("Error: --all, --latest and arguments cannot be used together\n");
        Peapod.Result missing = run("pod", "stats", "--no-stream", "nope");
        assertThat(missing.err()).isEqualTo("Error: unable to get list of pods: no pod with name or ID nope found: no such pod\n");
    }

    @Test
    void podStatsWithoutPodsPrintsPodmansEmptyRow() throws Exception {
        try (Peapod empty = new Peapod()) {
            Peapod.Result r = empty.ok("pod", "stats", "--no-stream");
            assertThat(r.out().lines().skip(1).map(StatsIT::cells).toList())
                    .containsExactly(List.of("--", "--", "--", "--", "--", "--", "--", "--", "--"));
            assertThat(empty.ok("pod", "stats", "--no-stream", "--format", "json").out()).isEqualTo("[]\n");
        }
    }

    @Test
    void rootlessStatsNeedCgroupV2AsInPodman() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-rootless");
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Peapod.Result r = Peapod.exec(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    Peapod.LAUNCHER.toAbsolutePath().toString(), "--root", dir.resolve("r").toString(), "--runroot",
                    dir.resolve("rr").toString(), "stats", "--no-stream"), null, 120);
            boolean v2 = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(l -> l.split(" ")[1].equals("/sys/fs/cgroup") && l.split(" ")[2].equals("cgroup2"));
            if (v2) {
                assertThat(r.code()).as(r.toString()).isZero();
            } else {
                // this host (hybrid): a rootless container has no cgroup of its own to read
                assertThat(r.code()).isEqualTo(125);
                assertThat(r.err()).isEqualTo("Error: stats is not supported in rootless mode without cgroups v2\n");
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package io.peapod.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupStatsTest {
    private static final String CGROUP = "/libpod_parent/libpod-abc";

    private static void write(Path dir, String file, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void hybridHostReadsTheV1ControllersWhereverEachIsMounted(@TempDir Path root) throws IOException {
        // this host's layout: cpu and cpuacct mounted apart, plus an empty v2 mount
        String mounts = String.join("\n",
                "cgroup " + root.resolve("cpu") + " cgroup rw,relatime,cpu 0 0",
                "cgroup " + root.resolve("cpuacct") + " cgroup rw,relatime,cpuacct 0 0",
                "cgroup " + root.resolve("memory") + " cgroup rw,relatime,memory 0 0",
                "cgroup " + root.resolve("blkio") + " cgroup rw,relatime,blkio 0 0",
                "cgroup " + root.resolve("pids") + " cgroup rw,relatime,pids 0 0",
                "cgroup2 " + root.resolve("unified") + " cgroup2 rw,relatime 0 0");
        String proc = "8:pids:" + CGROUP + "\n7:blkio:" + CGROUP + "\n4:memory:" + CGROUP + "\n2:cpuacct:" + CGROUP
                + "\n1:cpu:" + CGROUP + "\n0::" + CGROUP + "\n";
        Path acct = root.resolve("cpuacct" + CGROUP);
        write(acct, "cpuacct.usage", "38767423\n");
        write(acct, "cpuacct.usage_sys", "10000000\n");
        write(acct, "cpuacct.usage_percpu", "31550982 7216441 \n");
        Path mem = root.resolve("memory" + CGROUP);
        write(mem, "memory.usage_in_bytes", "54140928\n");
        write(mem, "memory.limit_in_bytes", "9223372036854771712\n");   // no limit
        write(root.resolve("blkio" + CGROUP), "blkio.throttle.io_service_bytes_recursive",
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Total 12288\n8:16 Read 1000\nTotal 13288\n");
        write(root.resolve("pids" + CGROUP), "pids.current", "3\n");

        CgroupStats.Sample s = new CgroupStats(mounts).read(proc, 25_276_194_816L);

        assertThat(s.cpuNanos()).isEqualTo(38_767_423L);
        assertThat(s.systemCpuNanos()).isEqualTo(10_000_000L);
        assertThat(s.perCpu()).containsExactly(31_550_982L, 7_216_441L);
        assertThat(s.memUsage()).isEqualTo(54_140_928L);
        assertThat(s.memLimit()).as("no limit: the host's memory").isEqualTo(25_276_194_816L);
        assertThat(s.blockRead()).isEqualTo(5096);
        assertThat(s.blockWrite()).isEqualTo(8192);
        assertThat(s.pids()).isEqualTo(3);
    }

    @Test
    void combinedControllersAndALimitBelowTheHostsMemory(@TempDir Path root) throws IOException {
        String mounts = "cgroup " + root.resolve("cpu,cpuacct") + " cgroup rw,cpu,cpuacct 0 0\n"
                + "cgroup " + root.resolve("memory") + " cgroup rw,memory 0 0\n";
        String proc = "3:cpu,cpuacct:/x\n2:memory:/x\n";
        write(root.resolve("cpu,cpuacct/x"), "cpuacct.usage", "5\n");
        write(root.resolve("memory/x"), "memory.usage_in_bytes", "100\n");
        write(root.resolve("memory/x"), "memory.limit_in_bytes", "1048576\n");

        CgroupStats.Sample s = new CgroupStats(mounts).read(proc, 1L << 34);

        assertThat(s.cpuNanos()).isEqualTo(5);
        assertThat(s.memLimit()).isEqualTo(1_048_576L);
        assertThat(s.pids()).as("no pids controller mounted").isZero();
        assertThat(s.perCpu()).isEmpty();
    }

    @Test
    void unifiedHostReadsTheV2Files(@TempDir Path root) throws IOException {
        String mounts = "cgroup2 " + root + " cgroup2 rw,nosuid 0 0\n";
        Path dir = root.resolve("machine/ctr");
        write(dir, "cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write(dir, "memory.current", "2048\n");
        write(dir, "memory.max", "max\n");
        write(dir, "io.stat", "8:0 rbytes=10 wbytes=20 rios=1 wios=2\n8:16 rbytes=5 wbytes=0\n");
        write(dir, "pids.current", "2\n");

        CgroupStats.Sample s = new CgroupStats(mounts).read("0::/machine/ctr\n", 4096L * 1024);

        assertThat(s.cpuNanos()).isEqualTo(1_500_000L);
        assertThat(s.systemCpuNanos()).isEqualTo(500_000L);
        assertThat(s.memUsage()).isEqualTo(2048);
        assertThat(s.memLimit()).isEqualTo(4096L * 1024);
        assertThat(s.blockRead()).isEqualTo(15);
        assertThat(s.blockWrite()).isEqualTo(20);
        assertThat(s.pids()).isEqualTo(2);
    }

    @Test
    void aProcessThatIsGoneReadsAsZeros(@TempDir Path root) {
        String mounts = "cgroup " + root.resolve("memory") + " cgroup rw,memory 0 0\n";
        CgroupStats.Sample s = new CgroupStats(mounts).read("2:memory:/gone\n", 1000);
        assertThat(List.of(s.cpuNanos(), s.memUsage(), s.pids())).containsOnly(0L);
        assertThat(s.memLimit()).isEqualTo(1000);
    }

    @Test
    void eth0sBytesFromNetDev() {
        String netDev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     500       5    0    0    0     0          0         0      500       5    0    0    0     0       0          0
                  eth0:    1422      15    0    0    0     0          0         0      656       8    0    0    0     0       0          0
                """;
        assertThat(CgroupStats.eth0(netDev)).containsExactly(1422, 656);
        assertThat(CgroupStats.eth0("Inter-|\n face |\n    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n")).containsExactly(0, 0);
    }
}

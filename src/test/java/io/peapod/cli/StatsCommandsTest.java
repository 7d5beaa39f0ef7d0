package io.peapod.cli;

import io.peapod.engine.ContainerStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatsCommandsTest {
    @Test
    void percentagesAsPodmanPrintsThemIncludingItsExponentQuirk() {
        assertThat(StatsCommands.percent(7.983)).isEqualTo("7.98%");
        assertThat(StatsCommands.percent(0)).isEqualTo("0.00%");
        assertThat(StatsCommands.percent(0.0027)).isEqualTo("0.00%");
        assertThat(StatsCommands.percent(0.000123)).isEqualTo("0.00%");
        // utils.RemoveScientificNotationFromFloat keeps the mantissa of what Go prints as 5e-05
        assertThat(StatsCommands.percent(0.00005)).isEqualTo("5.00%");
        assertThat(StatsCommands.percent(1.5e-7)).isEqualTo("1.50%");
        assertThat(StatsCommands.percent(1234567.0)).isEqualTo("1.23%");
        assertThat(StatsCommands.percent(123456.0)).isEqualTo("123456.00%");
    }

    @Test
    void aRunningContainersRow() {
        long started = 1_000_000_000_000L;
        ContainerStats s = new ContainerStats("ca8faa481fc434587426a72184790b6dac7d7e2aedc700cc91826b4d409deccf", "c1",
                started + 2_000_000_000L, started, 38_767_423L, 10_000_000L, List.of(31_550_982L, 7_216_441L),
                704_512L, 25_276_194_816L, 266, 674, 0, 0, 1);
        Map<String, Object> row = StatsCommands.row(s, null, false);
        assertThat(row.get("ID")).isEqualTo("ca8faa481fc4");
        assertThat(row.get("CPUPerc")).isEqualTo("1.94%");   // 38.8 ms of CPU in 2 s since the start
        assertThat(row.get("AVGCPU")).isEqualTo("1.94%");
        assertThat(row.get("MemUsage")).isEqualTo("704.5kB / 25.28GB");
        assertThat(row.get("MemUsageBytes")).isEqualTo("688KiB / 23.54GiB");
        assertThat(row.get("MemPerc")).isEqualTo("0.00%");
        assertThat(row.get("NetIO")).isEqualTo("266B / 674B");
        assertThat(row.get("BlockIO")).isEqualTo("0B / 0B");
        assertThat(row.get("PIDS")).isEqualTo("1");
        assertThat(row.get("UpTime")).isEqualTo("38.767423ms");
        assertThat(row.get("PerCPU")).isEqualTo(List.of(31_550_982L, 7_216_441L));
    }

    @Test
    void theCpuPercentOfALaterSampleIsSinceThePreviousOne() {
        ContainerStats first = new ContainerStats("a".repeat(64), "c", 2_000, 1_000, 100, 0, List.of(), 0, 1, 0, 0, 0, 0, 1);
        ContainerStats second = new ContainerStats("a".repeat(64), "c", 3_000, 1_000, 600, 0, List.of(), 0, 1, 0, 0, 0, 0, 1);
        assertThat(second.cpuPercent(first)).isEqualTo(50.0);
        assertThat(second.avgCpuPercent()).isEqualTo(30.0);
        ContainerStats restarted = new ContainerStats("a".repeat(64), "c", 3_000, 2_500, 50, 0, List.of(), 0, 1, 0, 0, 0, 0, 1);
        assertThat(restarted.cpuPercent(first)).as("a new start: since then").isEqualTo(10.0);
    }

    @Test
    void aContainerThatIsNotRunningHasZeros() {
        Map<String, Object> row = StatsCommands.row(ContainerStats.idle("c2e4d70d496f" + "0".repeat(52), "c2"), null, true);
        assertThat(row.get("ID")).isEqualTo("c2e4d70d496f" + "0".repeat(52));
        assertThat(List.of(row.get("CPUPerc"), row.get("MemPerc"), row.get("AVGCPU"))).containsOnly("0.00%");
        assertThat(List.of(row.get("MemUsage"), row.get("NetIO"), row.get("BlockIO"))).containsOnly("0B / 0B");
        assertThat(row.get("PIDS")).isEqualTo("0");
        assertThat(row.get("UpTime")).isEqualTo("0s");
    }

    @Test
    void jsonFormatsArePodmansTwoSpellings() {
        assertThat(StatsCommands.isJson("json")).isTrue();
        assertThat(StatsCommands.isJson("{{json .}}")).isTrue();
        assertThat(StatsCommands.isJson("{{json .ID}}")).isFalse();
    }
}

package io.peapod.cli;

import io.peapod.cli.flags.FlagException;
import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.ContainerResources;
import io.peapod.engine.ContainerResources.DeviceValue;
import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceFlagsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ContainerResources create(String... args) throws FlagException {
        return ResourceFlags.parseCreate(ResourceFlags.addCreate(new FlagSet()).parse(List.of(args), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static ContainerResources update(String... args) throws FlagException {
        return ResourceFlags.parseUpdate(ResourceFlags.addUpdate(new FlagSet()).parse(List.of(args), true));
    }

    private void fails(String message, String... args) {
        assertThatThrownBy(() -> create(args)).isInstanceOf(EngineException.class).hasMessage(message);
    }

    @Test
    void noFlagsAreNoLimitsWithTheDefaultPidsLimitLeftToTheEngine() throws Exception {
        assertThat(create()).isEqualTo(ContainerResources.NONE);
        assertThat(update()).isEqualTo(ContainerResources.NONE);
    }

    @Test
    void valuesAreParsedAsPodmanParsesThem() throws Exception {
        ContainerResources r = create("--cpus", "1.5", "-c", "512", "--cpuset-cpus", "0-1,3", "--cpuset-mems", "0",
                "-m", "64m", "--memory-reservation", "32m", "--memory-swap", "128m", "--memory-swappiness", "10",
                "--oom-kill-disable", "--oom-score-adj", "-100", "--pids-limit", "-1", "--blkio-weight", "300",
                "--blkio-weight-device", "/dev/vda:200", "--device-read-bps", "/dev/vda:1mb", "--device-write-bps", "/dev/vda:2k",
                "--device-read-iops", "/dev/vda:100", "--device-write-iops", "/dev/vda:7", "--cpu-rt-period", "1000",
                "--cpu-rt-runtime", "100", "--cgroup-parent", "/mine", "--cgroupns", "private", "--cgroups", "no-conmon");
        assertThat(r.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(r.cpuShares()).isEqualTo(512);
        assertThat(r.cpusetCpus()).isEqualTo("0-1,3");
        assertThat(r.cpusetMems()).isEqualTo("0");
        assertThat(r.memory()).isEqualTo(64L << 20);
        assertThat(r.memoryReservation()).isEqualTo(32L << 20);
        assertThat(r.memorySwap()).isEqualTo(128L << 20);
        assertThat(r.memorySwappiness()).isEqualTo(10);
        assertThat(r.oomKillDisable()).isTrue();
        assertThat(r.oomScoreAdj()).isEqualTo(-100);
        assertThat(r.pidsLimit()).isEqualTo(-1L);
        assertThat(r.blkioWeight()).isEqualTo(300);
        assertThat(r.blkioWeightDevice()).containsExactly(new DeviceValue("/dev/vda", 200));
        assertThat(r.readBps()).containsExactly(new DeviceValue("/dev/vda", 1 << 20));
        assertThat(r.writeBps()).containsExactly(new DeviceValue("/dev/vda", 2048));
        assertThat(r.readIops()).containsExactly(new DeviceValue("/dev/vda", 100));
        assertThat(r.writeIops()).containsExactly(new DeviceValue("/dev/vda", 7));
        assertThat(r.cpuRtPeriod()).isEqualTo(1000);
        assertThat(r.cpuRtRuntime()).isEqualTo(100);
        assertThat(r.cgroupParent()).isEqualTo("/mine");
        assertThat(r.cgroupns()).isEqualTo("private");
        assertThat(r.cgroups()).isEqualTo("no-conmon");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aNegativeCpusIsNoLimitAsInPodman() throws Exception {
        assertThat(create("--cpus", "-1").nanoCpus()).isZero();
    }

    @Test
    void badValuesGetPodmansWords() {
        fails("invalid value for memory: invalid size: '1x'", "--memory", "1x");
        fails("invalid value for memory: invalid size: '1x'", "--memory-reservation", "1x");
        fails("invalid value for memory: invalid size: '1x'", "--memory-swap", "1x");
        fails("you should always set a memory limit when using a memoryswap limit, see usage", "--memory-swap", "10m");
        fails("minimum memoryswap limit should be larger than memory limit, see usage", "-m", "10m", "--memory-swap", "5m");
        fails("invalid value: 101, valid memory swappiness range is 0-100", "--memory-swappiness", "101");
        fails("CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)", "--cpu-period", "100");
        fails("CPU cfs quota cannot be less than 1ms (i.e. 1000)", "--cpu-quota", "100");
        fails("--cpu-period and --cpus cannot be set together", "--cpus", "1", "--cpu-period", "1000");
        fails("--cpu-quota and --cpus cannot be set together", "--cpus", "1", "--cpu-quota", "5000");
        fails("invalid value x for cpuset cpus", "--cpuset-cpus", "x");
        fails("invalid value x for cpuset mems", "--cpuset-mems", "x");
        fails("invalid value for blkio-weight: strconv.ParseUint: parsing \"abc\": invalid syntax", "--blkio-weight", "abc");
        fails("bad format: /dev/vda", "--blkio-weight-device", "/dev/vda");
        fails("bad format for device path: vda:200", "--blkio-weight-device", "vda:200");
        fails("invalid weight for device: /dev/vda:5", "--blkio-weight-device", "/dev/vda:5");
        fails("invalid rate for device: /dev/vda:x. The correct format is <device-path>:<number>[<unit>]. Number must be a "
                + "positive integer. Unit is optional and can be kb, mb, or gb", "--device-read-bps", "/dev/vda:x");
        fails("invalid rate for device: /dev/vda:x. The correct format is <device-path>:<number>. Number must be a positive "
                + "integer", "--device-read-iops", "/dev/vda:x");
        fails("bad format for device path: vda:1", "--device-write-bps", "vda:1");
        fails("running container create option: invalid cgroup mode \"bad\": invalid argument", "--cgroups", "bad");
        fails("unrecognized namespace mode bad passed", "--cgroupns", "bad");
        fails("--cgroup-conf must be formatted KEY=VALUE", "--cgroup-conf", "foo");
    }

    @Test
    void flagTypeErrorsArePflags() {
        assertThatThrownBy(() -> create("--cpus", "abc")).isInstanceOf(FlagException.class)
                .hasMessage("invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax");
        assertThatThrownBy(() -> create("--cpu-shares", "-1")).isInstanceOf(FlagException.class)
                .hasMessage("invalid argument \"-1\" for \"-c, --cpu-shares\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax");
        assertThatThrownBy(() -> create("--pids-limit", "abc")).isInstanceOf(FlagException.class)
                .hasMessage("invalid argument \"abc\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax");
    }

    @Test
    void kernelMemoryIsANoopWithPodmansWarning() throws Exception {
        assertThat(create("--kernel-memory", "1x")).isEqualTo(ContainerResources.NONE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .matches("time=\"[0-9-]+T[0-9:]+Z\" level=warning msg=\"The --kernel-memory flag is no longer supported. This flag is a noop.\"\n");
    }

    @Test
    void updateTakesNoCreateOnlyFlags() {
        assertThatThrownBy(() -> update("--pids-limit", "5")).isInstanceOf(FlagException.class)
                .hasMessage("unknown flag: --pids-limit");
    }

    @Test
    void goUintParsing() {
        assertThat(GoNumbers.parseUint("65535", 16)).isEqualTo(65535);
        assertThatThrownBy(() -> GoNumbers.parseUint("65536", 16)).hasMessage("strconv.ParseUint: parsing \"65536\": value out of range");
        assertThatThrownBy(() -> GoNumbers.parseUint("-1", 64)).hasMessage("strconv.ParseUint: parsing \"-1\": invalid syntax");
    }
}

package io.peapod.cli;

import io.peapod.cli.flags.FlagException;
import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import io.peapod.engine.PodSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodFlagsTest {

    private static PodSettings parse(String... args) throws FlagException {
        return PodFlags.parse(PodFlags.add(new FlagSet()).parse(List.of(args), true));
    }

    @Test
    void defaultsAreNoLimitsAndASharedParent() throws Exception {
        assertThat(parse()).isEqualTo(PodSettings.DEFAULT);
    }

    @Test
    void valuesAreParsedAsPodmanParsesThem() throws Exception {
        PodSettings s = parse("--cpus", "1.5", "-c", "512", "--cpuset-cpus", "0-1,3", "-m", "100m", "--memory-swap", "-1",
                "-v", "/srv:/data:ro", "--device", "/dev/fuse", "--security-opt", "no-new-privileges", "--sysctl",
                "kernel.msgmax=4096,net.core.somaxconn=1024", "--shm-size", "1g", "--restart", "on-failure:2",
                "--infra-conmon-pidfile", "/run/x.pid", "--share-parent=false", "--userns", "host");
        assertThat(s.cpus()).isEqualTo(1.5);
        assertThat(s.cpuShares()).isEqualTo(512);
        assertThat(s.cpusetCpus()).isEqualTo("0-1,3");
        assertThat(s.memory()).isEqualTo(100L << 20);
        assertThat(s.memorySwap()).isEqualTo(-1);
        assertThat(s.mounts()).containsExactly(new MountRequest("bind", "/srv", "/data", List.of("ro")));
        assertThat(s.devices()).containsExactly("/dev/fuse");
        assertThat(s.sysctls()).containsExactly(Map.entry("kernel.msgmax", "4096"), Map.entry("net.core.somaxconn", "1024"));
        assertThat(s.shmSize()).isEqualTo(1L << 30);
        assertThat(s.restart().name()).isEqualTo("on-failure");
        assertThat(s.restart().maximumRetryCount()).isEqualTo(2);
        assertThat(s.infraConmonPidFile()).isEqualTo("/run/x.pid");
        assertThat(s.shareParent()).isFalse();
        assertThat(s.limitsResources()).isTrue();
    }

    @Test
    void flagTypeErrorsArePflags() {
        assertThatThrownBy(() -> parse("--cpus", "1,5")).isInstanceOf(FlagException.class)
                .hasMessage("invalid argument \"1,5\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"1,5\": invalid syntax");
        assertThatThrownBy(() -> parse("--cpu-shares", "+3")).isInstanceOf(FlagException.class)
                .hasMessage("invalid argument \"+3\" for \"-c, --cpu-shares\" flag: strconv.ParseUint: parsing \"+3\": invalid syntax");
    }

    @Test
    void deviceSpecifications() {
        assertThat(PodFlags.device("/dev/fuse")).containsExactly("/dev/fuse", "/dev/fuse", "rwm");
        assertThat(PodFlags.device("/dev/fuse:r")).containsExactly("/dev/fuse", "/dev/fuse", "r");
        assertThat(PodFlags.device("/dev/fuse:/dev/f:mw")).containsExactly("/dev/fuse", "/dev/f", "mw");
        assertThatThrownBy(() -> PodFlags.device("/dev/fuse:rr")).hasMessage("invalid device mode: rr");
        assertThatThrownBy(() -> PodFlags.device("/dev/fuse:/d:x")).hasMessage("invalid device mode: x");
        assertThatThrownBy(() -> PodFlags.device("a:b:c:d")).hasMessage("invalid device specification: a:b:c:d");
    }

    @Test
    void securityOptions() {
        for (String ok : List.of("no-new-privileges", "no-new-privileges=false", "seccomp=unconfined", "label=disable",
                "apparmor=unconfined", "mask=/proc/a:/proc/b", "unmask=ALL", "systempaths=unconfined", "proc-opts=x")) {
            PodFlags.securityOpt(ok);
        }
        assertThatThrownBy(() -> PodFlags.securityOpt("bogus")).hasMessage("invalid --security-opt 1: \"bogus\"");
        assertThatThrownBy(() -> PodFlags.securityOpt("bogus=1")).hasMessage("invalid --security-opt 2: \"bogus=1\"");
        assertThatThrownBy(() -> PodFlags.securityOpt("systempaths=x"))
                .hasMessage("invalid systempaths option \"x\", only `unconfined` is supported");
    }

    @Test
    void sysctlsAreNamespacedOnes() {
        assertThat(PodFlags.sysctls(List.of("fs.mqueue.msg_max=20", "kernel.shm_rmid_forced=1")))
                .containsEntry("fs.mqueue.msg_max", "20");
        assertThatThrownBy(() -> PodFlags.sysctls(List.of("vm.swappiness=1"))).isInstanceOf(EngineException.class)
                .hasMessage("sysctl 'vm.swappiness' is not allowed");
        assertThatThrownBy(() -> PodFlags.sysctls(List.of("net.a= 1"))).hasMessage("'net.a= 1' is invalid, extra spaces found");
        assertThatThrownBy(() -> PodFlags.sysctls(List.of("net.a"))).hasMessage("net.a is invalid, sysctl values must be in the form of KEY=VALUE");
    }

    @Test
    void sizesAreBinary() throws Exception {
        assertThat(parse("--shm-size", "64k").shmSize()).isEqualTo(65536);
        assertThatThrownBy(() -> parse("--memory", "12q")).hasMessage("invalid value for memory: invalid size: '12q'");
        assertThatThrownBy(() -> parse("--restart", "bad")).hasMessage("running pod create option: \"bad\" is not a valid restart policy: invalid argument");
        assertThatThrownBy(() -> parse("--cpuset-cpus", "0-")).hasMessage("could not parse list: invalid format: 0-");
    }
}

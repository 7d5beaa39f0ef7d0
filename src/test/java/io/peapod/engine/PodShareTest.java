package io.peapod.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pod create --share}, parsed as podman 4.3.1 does (observed with its binary). */
class PodShareTest {
    @Test
    void listsAreTakenAsGivenWithoutRepeats() {
        assertThat(PodShare.parse("ipc,net,uts")).isEqualTo(new PodShare.Parsed(List.of("ipc", "net", "uts"), false));
        assertThat(PodShare.parse("net")).isEqualTo(new PodShare.Parsed(List.of("net"), false));
        assertThat(PodShare.parse("pid,pid,cgroup").namespaces()).containsExactly("pid", "cgroup");
    }

    @Test
    void aPlusAddsToTheDefault() {
        assertThat(PodShare.parse("+pid").namespaces()).containsExactly("ipc", "net", "uts", "pid");
        assertThat(PodShare.parse("+pid,cgroup").namespaces()).containsExactly("ipc", "net", "uts", "pid", "cgroup");
        assertThat(PodShare.parse("+net").namespaces()).containsExactly("ipc", "net", "uts");
    }

    @Test
    void noneOrEmptyAloneMeansNoInfraContainer() {
        assertThat(PodShare.parse("none")).isEqualTo(new PodShare.Parsed(List.of(), true));
        assertThat(PodShare.parse("")).isEqualTo(new PodShare.Parsed(List.of(), true));
    }

    @Test
    void noneInAListSharesNothingAndStopsTheChecks() {
        assertThat(PodShare.parse("none,ipc")).isEqualTo(new PodShare.Parsed(List.of(), false));
        assertThat(PodShare.parse("ipc,none")).isEqualTo(new PodShare.Parsed(List.of(), false));
        assertThat(PodShare.parse("none,foo")).isEqualTo(new PodShare.Parsed(List.of(), false));
    }

    @Test
    void unknownNamespacesAreRefusedWithPodmansWords() {
        assertThatThrownBy(() -> PodShare.parse("foo")).isInstanceOf(EngineException.class)
                .hasMessage("invalid kernel namespace to share: foo. Options are: cgroup, ipc, net, pid, uts or none");
        // a plus is only understood in front of the whole list
        assertThatThrownBy(() -> PodShare.parse("pid,+ipc"))
                .hasMessage("invalid kernel namespace to share: +ipc. Options are: cgroup, ipc, net, pid, uts or none");
    }

    @Test
    void emptyWordsAreSkipped() {
        assertThat(PodShare.parse("ipc,").namespaces()).containsExactly("ipc");
    }
}

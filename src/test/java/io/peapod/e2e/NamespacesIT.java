package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --ipc}, {@code --pid}, {@code --uts} and {@code --cgroupns container:} on real containers, as a user checks
 * them: the namespaces a process is in, what it sees of the other container (its processes, its /dev/shm, its
 * name), inspect's modes, and that a container others join cannot be removed before them.
 */
class NamespacesIT extends NetworkedStoreTest {
    private String ns(String container, String type) {
        return ok("exec", container, "readlink", "/proc/self/ns/" + type).out().strip();
    }

    private static String hostNs(String type) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
    }

    @Test
    void aContainerJoinsAnothersIpcPidUtsAndCgroupNamespaces() throws Exception {
        String a = ok("run", "-d", "--name", "a", "--hostname", "first", "localhost/busybox", "sleep", "1000").out().strip();
        ok("run", "-d", "--name", "b", "--ipc", "container:a", "--pid", "container:a", "--uts", "container:a",
                "--cgroupns", "container:a", "localhost/busybox", "sleep", "999");
        for (String type : List.of("ipc", "pid", "uts")) {
            assertThat(ns("b", type)).as(type).isEqualTo(ns("a", type)).isNotEqualTo(hostNs(type));
        }
        assertThat(ok("exec", "b", "hostname").out().strip()).isEqualTo("first");
        assertThat(ok("exec", "b", "ps", "-o", "args").out()).as("a's processes").contains("sleep 1000").contains("sleep 999");
        assertThat(ok("exec", "a", "ps", "-o", "args").out()).contains("sleep 999");
        String format = "{{.HostConfig.IpcMode}} {{.HostConfig.PidMode}} {{.HostConfig.UTSMode}} {{.HostConfig.CgroupMode}}";
        String joined = "container:" + a;
        assertThat(ok("inspect", "--format", format, "b").out().strip())
                .isEqualTo(String.join(" ", joined, joined, joined, joined));
        assertThat(ok("inspect", "--format", format, "a").out().strip()).startsWith("shareable private private ");
    }

    @Test
    void hostModesShareTheHostsNamespaces() throws Exception {
        String out = ok("run", "--rm", "--ipc", "host", "--pid", "host", "--uts", "host", "localhost/busybox", "sh", "-c",
                "for n in ipc pid uts; do readlink /proc/self/ns/$n; done; hostname").out();
        assertThat(out.lines().toList()).containsExactly(hostNs("ipc"), hostNs("pid"), hostNs("uts"),
                Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        assertThat(ok("run", "--rm", "--ipc", "none", "localhost/busybox", "sh", "-c",
                "grep ' /dev/shm ' /proc/mounts || echo no-shm").out().strip()).isEqualTo("no-shm");
        Peapod.Result named = run("create", "--uts", "host", "--hostname", "x", "localhost/busybox", "true");
        assertThat(named.code()).isEqualTo(125);
        assertThat(named.err().strip()).isEqualTo(
                "Error: invalid config provided: cannot set hostname when running in the host UTS namespace: invalid configuration");
    }

    @Test
    void aContainerOthersJoinIsRemovedOnlyAfterThem() {
        String a = ok("run", "-d", "--name", "a", "localhost/busybox", "sleep", "1000").out().strip();
        String b = ok("create", "--name", "b", "--ipc", "container:a", "localhost/busybox", "true").out().strip();
        String c = ok("create", "--name", "c", "--network", "container:b", "localhost/busybox", "true").out().strip();
        for (String[] rm : List.of(new String[] {"rm", "a"}, new String[] {"rm", "-f", "a"})) {
            Peapod.Result refused = run(rm);
            assertThat(refused.code()).isEqualTo(125);
            assertThat(refused.err().strip()).isEqualTo("Error: container " + a
                    + " has dependent containers which must be removed before it: " + b + ": container already exists");
        }
        assertThat(ok("inspect", "--format", "{{.State.Status}}", "a").out().strip()).as("not stopped either").isEqualTo("running");
        assertThat(ok("rm", "-f", "-t", "0", "--depend", "a").out().lines().toList()).containsExactly(c, b, a);
        assertThat(ok("ps", "-a", "-q").out()).isBlank();
    }

    @Test
    void badModesGetPodmansWordsAndLeaveNothing() {
        String[][] cases = {
                {"--ipc=bogus", "Error: unrecognized namespace mode bogus passed"},
                {"--pid=none", "Error: unrecognized namespace mode none passed"},
                {"--uts=container:", "Error: invalid config provided: namespace mode container requires a value"},
                {"--ipc=container:nope", "Error: looking up container to share ipc namespace with: no container with name or ID \"nope\" found: no such container"},
                {"--cgroupns=container:nope", "Error: looking up container to share cgroup namespace with: no container with name or ID \"nope\" found: no such container"},
                {"--pid=ns:/nonexistent", "Error: cannot find specified PID namespace path: stat /nonexistent: no such file or directory"},
                {"--uts=ns:", "Error: invalid config provided: namespace mode path requires a value"},
        };
        for (String[] c : cases) {
            Peapod.Result r = run("create", c[0], "localhost/busybox", "true");
            assertThat(r.code()).as(c[0]).isEqualTo(125);
            assertThat(r.err().strip()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(ok("ps", "-a", "-q").out()).as("no container left").isBlank();
    }
}

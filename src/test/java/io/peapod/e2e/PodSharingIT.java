package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a pod's containers share beyond namespaces, and the pod as a unit: its /dev/shm (a tmpfs on the
 * host in the infra container's userdata, as podman makes it), {@code pod logs -f} over all of its
 * containers, and {@code pod clone}.
 */
class PodSharingIT extends NetworkedStoreTest {

    /** The host's mounts below this test's store. */
    private List<String> mountsUnderStore() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(p -> p.startsWith(peapod.root.toString())).toList();
    }

    @Test
    void containersOfAPodSharingIpcShareDevShm() throws Exception {
        ok("pod", "create", "--name", "shm");
        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "shm").out().strip();
        ok("run", "-d", "--pod", "shm", "--name", "writer", "localhost/busybox", "sh", "-c",
                "echo hello > /dev/shm/note && exec sleep 1000");
        Peapod.Result reader = ok("run", "--rm", "--pod", "shm", "localhost/busybox", "sh", "-c",
                "for i in $(seq 50); do [ -f /dev/shm/note ] && break; sleep 0.1; done; cat /dev/shm/note; df -k /dev/shm | tail -1");
        assertThat(reader.out()).startsWith("hello\n");
        assertThat(reader.out().lines().toList().get(1).trim().split("\\s+")[1]).as("podman's 65536000-byte tmpfs").isEqualTo("64000");
        // one tmpfs, on the host, in the infra container's userdata
        assertThat(mountsUnderStore()).filteredOn(p -> p.endsWith("/userdata/shm")).singleElement()
                .satisfies(p -> assertThat(p).contains(infra));

        // the infra container's cleanup unmounts it; pod rm -f leaves nothing mounted
        ok("pod", "stop", "-t", "0", "shm");
        for (int i = 0; i < 100 && mountsUnderStore().stream().anyMatch(p -> p.endsWith("/shm")); i++) {
            Thread.sleep(100);
        }
        assertThat(mountsUnderStore()).noneMatch(p -> p.endsWith("/shm"));
        ok("pod", "start", "shm");
        assertThat(mountsUnderStore()).anyMatch(p -> p.endsWith(infra + "/userdata/shm"));
        ok("pod", "rm", "-f", "-t", "0", "shm");
        assertThat(mountsUnderStore()).isEmpty();
    }

    @Test
    void aPodThatDoesNotShareIpcKeepsEachContainersDevShm() {
        ok("pod", "create", "--name", "apart", "--share", "net");
        ok("run", "-d", "--pod", "apart", "--name", "writer", "localhost/busybox", "sh", "-c",
                "echo hello > /dev/shm/note && exec sleep 1000");
        ok("exec", "writer", "test", "-f", "/dev/shm/note");
        Peapod.Result other = run("run", "--rm", "--pod", "apart", "localhost/busybox", "cat", "/dev/shm/note");
        assertThat(other.code()).isEqualTo(1);
    }

    @Test
    void podLogsFollowsEveryContainerAtOnceUntilThePodStops() throws Exception {
        ok("pod", "create", "--name", "logs");
        String one = ok("run", "-d", "--pod", "logs", "--name", "one", "localhost/busybox", "sh", "-c",
                "sleep 2; for i in 1 2 3; do echo one$i; sleep 0.5; done; exec sleep 1000").out().strip();
        String two = ok("run", "-d", "--pod", "logs", "--name", "two", "localhost/busybox", "sh", "-c",
                "sleep 2; for i in 1 2 3; do echo two$i >&2; sleep 0.5; done; exec sleep 1000").out().strip();
        CompletableFuture<Peapod.Result> follow = CompletableFuture.supplyAsync(() -> run("pod", "logs", "-f", "logs"),
                r -> Thread.ofPlatform().start(r));
        // the lines come after the followers started: only following both shows them all
        Thread.sleep(5000);
        assertThat(follow).as("following while the pod runs").isNotDone();
        ok("pod", "stop", "-t", "0", "logs");
        Peapod.Result r = follow.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                one.substring(0, 12) + " one1", one.substring(0, 12) + " one2", one.substring(0, 12) + " one3");
        assertThat(r.err().lines().toList()).containsExactly(
                two.substring(0, 12) + " two1", two.substring(0, 12) + " two2", two.substring(0, 12) + " two3");
        // the pod stopped: -f prints what there is (--tail, --names) and ends
        Peapod.Result n = ok("pod", "logs", "-f", "--names", "--tail", "1", "logs");
        assertThat(n.out()).isEqualTo("one one3\n");
        assertThat(n.err()).isEqualTo("two two3\n");
    }

    @Test
    void podCloneCopiesThePodAndItsContainers() {
        String original = ok("pod", "create", "--name", "orig", "--label", "a=b", "--hostname", "hh").out().strip();
        String infraName = original.substring(0, 12) + "-infra";
        ok("create", "--pod", "orig", "--name", "app", "-e", "FOO=bar", "localhost/busybox", "sh", "-c", "hostname; echo $FOO");

        String copy = ok("pod", "clone", "--start", "orig").out().strip();
        assertThat(copy).matches("[0-9a-f]{64}").isNotEqualTo(original);
        assertThat(ok("pod", "ps", "--filter", "name=orig-clone", "--format", "{{.Name}} {{.ContainerNames}}").out())
                .isEqualTo("orig-clone " + infraName + "-clone,app-clone\n");
        ok("wait", "app-clone");
        assertThat(ok("logs", "app-clone").out()).isEqualTo("hh\nbar\n");   // the same command, env and pod hostname
        assertThat(ok("inspect", "--format", "{{.Pod}}", "app-clone").out().strip()).isEqualTo(copy);
        assertThat(ok("pod", "inspect", "--format", "{{.Labels}}", "orig-clone").out()).isEqualTo("map[a:b]\n");
        assertThat(ok("ps", "-a", "--filter", "name=^app$", "--format", "{{.Status}}").out()).startsWith("Created");

        // NAME given, labels added, the original destroyed
        String second = ok("pod", "clone", "--destroy", "-l", "x=y", "--hostname", "other", "orig", "second").out().strip();
        assertThat(run("pod", "exists", "orig").code()).isEqualTo(1);
        assertThat(run("container", "exists", "app").code()).isEqualTo(1);
        assertThat(ok("pod", "inspect", "--format", "{{.Id}} {{.Labels}} {{.Hostname}}", "second").out())
                .isEqualTo(second + " map[a:b x:y] other\n");
        ok("pod", "start", "second");
        ok("wait", "app-clone1");
        assertThat(ok("logs", "app-clone1").out()).isEqualTo("other\nbar\n");

        Peapod.Result missing = run("pod", "clone", "nope");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: no pod with name or ID nope found: no such pod\n");
        Peapod.Result taken = run("pod", "clone", "second", "second");
        assertThat(taken.err()).isEqualTo("Error: adding pod to state: name \"second\" is in use: pod already exists\n");
        assertThat(run("pod", "clone", "a", "b", "c").err()).startsWith("Error: accepts between 1 and 2 arg(s), received 3");
    }

    @Test
    void podCloneKeepsOrReplacesThePodWideSettings() throws Exception {
        ok("pod", "create", "--name", "limited", "--memory", "100m", "--shm-size", "32m");
        ok("create", "--pod", "limited", "--name", "app", "localhost/busybox", "sleep", "1000");
        String bigger = ok("pod", "clone", "--memory", "200m", "--start", "limited", "bigger").out().strip();
        String same = ok("pod", "clone", "limited", "same").out().strip();
        Path memory = Path.of("/sys/fs/cgroup/memory/libpod_parent");
        assertThat(Files.readString(memory.resolve(bigger).resolve("memory.limit_in_bytes")).strip()).isEqualTo("209715200");
        assertThat(Files.readString(memory.resolve(same).resolve("memory.limit_in_bytes")).strip()).isEqualTo("104857600");
        // the pod's --shm-size is the size of the /dev/shm its containers share
        assertThat(ok("exec", "app-clone", "df", "-k", "/dev/shm").out().lines().toList().getLast().trim().split("\\s+")[1])
                .isEqualTo("32768");

        Peapod.Result refused = run("pod", "clone", "--memory-swap", "10m", "limited", "refused");
        assertThat(refused.code()).isEqualTo(125);
        assertThat(refused.err()).contains("memory.memsw.limit_in_bytes: invalid argument");
        assertThat(run("pod", "exists", "refused").code()).isEqualTo(1);
        assertThat(ok("ps", "-a", "--format", "{{.Names}}").out().lines()).noneMatch(n -> n.startsWith("app-clone2"));
    }
}

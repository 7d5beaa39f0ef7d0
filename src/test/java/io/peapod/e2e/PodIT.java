package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods: containers sharing an infra container's namespaces (network, IPC, UTS), ports published on the
 * pod, and the pod managed as one unit. The shapes of {@code pod ps} and {@code pod inspect} are podman
 * 4.3.1's, as observed on this machine.
 */
class PodIT extends NetworkedStoreTest {
    /** A web server answering "hi" on port 80 of the pod (busybox httpd). */
    private static final String[] WEB = {"sh", "-c", "echo hi > /tmp/i.html && exec httpd -f -p 80 -h /tmp"};

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void containersOfAPodTalkOverLocalhostAndThePodPublishesPorts() throws Exception {
        int port = LoopbackHttp.freePort();
        String podId = ok("pod", "create", "--name", "web", "-p", "127.0.0.1:" + port + ":80").out().strip();
        assertThat(podId).matches("[0-9a-f]{64}");
        // the pause image was built locally, as podman builds its own
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("localhost/podman-pause:4.3.1-0");
        String infraName = podId.substring(0, 12) + "-infra";
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains(infraName + " Created");

        // run --pod starts the pod's infra container first
        ok(concat(new String[] {"run", "-d", "--pod", "web", "--name", "server", "localhost/busybox"}, WEB));
        Peapod.Result client = ok("run", "--rm", "--pod", podId.substring(0, 12), "localhost/busybox", "sh", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://localhost:80/i.html && break; sleep 0.2; done; hostname");
        assertThat(client.out()).isEqualTo("hi\nweb\n");   // same network; the pod's UTS namespace has the pod's name
        assertThat(LoopbackHttp.get(port)).contains("hi");           // the pod's published port, from the host

        // pod ps: podman's columns, one row with both containers
        List<String> lines = ok("pod", "ps").out().lines().toList();
        assertThat(lines.getFirst()).matches("POD ID +NAME +STATUS +CREATED +INFRA ID +# OF CONTAINERS");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches(podId.substring(0, 12) + " +web +Running +.+ago +[0-9a-f]{12} +2");
        assertThat(ok("pod", "ps", "--ctr-names", "--ctr-status", "--format", "{{.Name}}|{{.ContainerNames}}|{{.ContainerStatuses}}")
                .out()).isEqualTo("web|" + infraName + ",server|running,running\n");
        assertThat(ok("pod", "ps", "--ctr-names").out().lines().findFirst().orElseThrow())
                .matches("POD ID +NAME +STATUS +CREATED +INFRA ID +NAMES");

        // pod inspect: podman 4.3.1's fields, in its order
        String inspect = ok("pod", "inspect", "web").out();
        assertThat(inspect).startsWith("{\n     \"Id\": \"" + podId + "\",\n     \"Name\": \"web\",");
        assertThat(topLevelKeys(inspect)).containsExactly("Id", "Name", "Created", "CreateCommand", "ExitPolicy", "State",
                "Hostname", "CreateCgroup", "CgroupParent", "CgroupPath", "CreateInfra", "InfraContainerID", "InfraConfig",
                "SharedNamespaces", "NumContainers", "Containers");
        assertThat(ok("pod", "inspect", "--format", "{{.State}} {{.NumContainers}} {{.SharedNamespaces}} {{.ExitPolicy}}", "web").out())
                .isEqualTo("Running 2 [ipc net uts] continue\n");
        assertThat(inspect).contains("\"PortBindings\": {\n               \"80/tcp\": [\n                    {\n"
                + "                         \"HostIp\": \"127.0.0.1\",\n                         \"HostPort\": \"" + port + "\"");

        // pod rm -f: no container, no pod, no network namespace left
        String sandbox = ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", infraName).out().strip();
        assertThat(sandbox).startsWith("/run/netns/");
        assertThat(Path.of(sandbox)).exists();
        assertThat(ok("pod", "rm", "-f", "-t", "0", "web").out()).isEqualTo(podId + "\n");
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
        assertThat(ok("pod", "ps", "-q").out()).isEmpty();
        assertThat(Path.of(sandbox)).doesNotExist();
        assertThat(run("pod", "exists", "web").code()).isEqualTo(1);
    }

    @Test
    void podStopStartAndRemovalOfARunningPod() {
        ok("pod", "create", "--name", "sleepy", "--label", "team=a");
        String ctr = ok("run", "-d", "--pod", "sleepy", "--name", "sleeper", "localhost/busybox", "sleep", "1000").out().strip();
        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "sleepy").out().strip();

        Peapod.Result refused = run("pod", "rm", "sleepy");
        assertThat(refused.code()).isEqualTo(125);
        String podId = ok("pod", "inspect", "--format", "{{.Id}}", "sleepy").out().strip();
        assertThat(refused.err()).isEqualTo("Error: 2 errors occurred:\n"
                + "\t* removing container " + ctr + " from pod " + podId + ": cannot remove container " + ctr
                + " as it is running - running or paused containers cannot be removed without force: container state improper\n"
                + "\t* removing container " + infra + " from pod " + podId + ": a container that depends on container " + infra
                + " still exists: dependency exists\n\n");

        assertThat(ok("pod", "stop", "-t", "0", "sleepy").out()).isEqualTo(podId + "\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}} {{.ContainerStatuses}}", "--ctr-status").out())
                .isEqualTo("Exited exited,exited\n");
        ok("pod", "start", "sleepy");
        assertThat(ok("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Running\n");

        // filters and -q
        assertThat(ok("pod", "ps", "--filter", "label=team=a", "--format", "{{.Name}}").out()).isEqualTo("sleepy\n");
        assertThat(ok("pod", "ps", "--filter", "label=team=b", "-q").out()).isEmpty();
        assertThat(ok("pod", "ps", "--filter", "name=^sle", "--filter", "status=running", "-q").out()).isEqualTo(podId + "\n");
        assertThat(ok("pod", "ps", "--filter", "id=" + podId.substring(0, 5), "--no-trunc", "--format", "{{.ID}}").out())
                .isEqualTo(podId + "\n");

        ok("pod", "rm", "-f", "-t", "0", "sleepy");
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void podPauseUnpauseKillAndRestart() {
        String podId = ok("pod", "create", "--name", "unit").out().strip();
        ok("run", "-d", "--pod", "unit", "localhost/busybox", "sleep", "1000");
        assertThat(ok("pod", "pause", "unit").out()).isEqualTo(podId + "\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}} {{.ContainerStatuses}}", "--ctr-status").out())
                .isEqualTo("Paused paused,paused\n");
        assertThat(ok("pod", "unpause", "unit").out()).isEqualTo(podId + "\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Running\n");

        Peapod.Result r = run("pod", "kill", "-s", "FOO", "unit");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid signal: FOO\n");
        assertThat(ok("pod", "kill", "unit").out()).isEqualTo(podId + "\n");
        assertThat(ok("wait", ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "unit").out().strip()).out())
                .isEqualTo("137\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Exited\n");

        assertThat(ok("pod", "restart", "unit").out()).isEqualTo(podId + "\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Running\n");
        assertThat(ok("pod", "stop", "-t", "0", "unit").out()).isEqualTo(podId + "\n");
        // a pod none of whose containers runs is what prune removes
        assertThat(ok("pod", "prune", "-f").out()).isEqualTo(podId + "\n");
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void exitPolicyStopStopsThePodWhenItsLastContainerExits() throws Exception {
        ok("pod", "create", "--name", "once", "--exit-policy", "stop");
        ok("run", "--pod", "once", "localhost/busybox", "true");
        assertThat(ok("pod", "ps", "--format", "{{.Status}} {{.ContainerStatuses}}", "--ctr-status").out())
                .isEqualTo("Exited exited,exited\n");
        // detached: conmon's exit command applies the policy (a pod of its own: restarting "once" would
        // restart its `true` too, whose exit could stop the pod while the next container joins it)
        ok("pod", "create", "--name", "twice", "--exit-policy", "stop");
        ok("run", "-d", "--pod", "twice", "localhost/busybox", "sleep", "1");
        String status = "";
        for (int i = 0; i < 100 && !status.equals("Exited\n"); i++) {
            Thread.sleep(100);
            status = ok("pod", "ps", "--filter", "name=twice", "--format", "{{.Status}}").out();
        }
        assertThat(status).isEqualTo("Exited\n");
        assertThat(ok("pod", "inspect", "--format", "{{.ExitPolicy}}", "twice").out()).isEqualTo("stop\n");

        Peapod.Result r = run("pod", "create", "--exit-policy", "bogus");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: running pod create option: invalid pod exit policy: \"bogus\"\n");
    }

    @Test
    void anInfraContainerKilledFromOutsideShowsInPodPs() throws Exception {
        ok("pod", "create", "--name", "victim");
        ok("run", "-d", "--pod", "victim", "--name", "survivor", "localhost/busybox", "sleep", "1000");
        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "victim").out().strip();
        long pid = Long.parseLong(ok("inspect", "--format", "{{.State.Pid}}", infra).out().strip());
        assertThat(pid).isPositive();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();   // SIGKILL, from outside the engine

        String status = "";
        for (int i = 0; i < 100 && !status.startsWith("Degraded"); i++) {
            Thread.sleep(100);
            status = ok("pod", "ps", "--ctr-status", "--format", "{{.Status}} {{.ContainerStatuses}}").out();
        }
        assertThat(status).isEqualTo("Degraded exited,running\n");
        assertThat(ok("pod", "inspect", "--format", "{{.State}}", "victim").out()).isEqualTo("Degraded\n");
        assertThat(ok("inspect", "--format", "{{.State.ExitCode}}", infra).out()).isEqualTo("137\n");
    }

    @Test
    void podLogsAndTop() {
        ok("pod", "create", "--name", "chatty");
        assertThat(ok("pod", "top", "chatty").out()).isEmpty();   // nothing runs yet: podman prints nothing either
        String a = ok("run", "--pod", "chatty", "--name", "a1", "localhost/busybox", "echo", "one").out();
        assertThat(a).isEqualTo("one\n");
        ok("run", "--pod", "chatty", "--name", "a2", "localhost/busybox", "sh", "-c", "echo two; echo three");
        String id1 = ok("inspect", "--format", "{{.Id}}", "a1").out().substring(0, 12);
        String id2 = ok("inspect", "--format", "{{.Id}}", "a2").out().substring(0, 12);
        assertThat(ok("pod", "logs", "chatty").out()).isEqualTo(id1 + " one\n" + id2 + " two\n" + id2 + " three\n");
        assertThat(ok("pod", "logs", "--names", "chatty").out()).isEqualTo("a1 one\na2 two\na2 three\n");
        assertThat(ok("pod", "logs", "-c", "a2", "chatty").out()).isEqualTo("two\nthree\n");
        Peapod.Result r = run("pod", "logs", "-c", "nope", "chatty");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: container nope is not in pod chatty: no such container\n");

        ok("run", "-d", "--pod", "chatty", "localhost/busybox", "sleep", "1000");
        List<String> top = ok("pod", "top", "chatty", "pid", "args").out().lines().toList();
        assertThat(top).hasSize(3);
        assertThat(top.get(0)).matches("PID +COMMAND");
        assertThat(top.get(1)).matches("1 +/catatonit -P ?");
        assertThat(top.get(2)).matches("1 +sleep 1000 ?");
        r = run("pod", "top", "nope");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: unable to look up requested container: no pod with name or ID nope found: no such pod\n");
    }

    @Test
    void initContainersRunToTheirEndBeforeTheOthersAndOnceOnesOnlyOnce() throws IOException {
        ok("pod", "create", "--name", "boot");
        Peapod.Result r = run("create", "--init-ctr", "bogus", "--pod", "boot", "localhost/busybox", "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: init-ctr value must be 'always' or 'once'\n");
        r = run("create", "--init-ctr", "once", "localhost/busybox", "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: must specify pod value with init-ctr\n");
        assertThat(run("run", "--init-ctr", "once", "--pod", "boot", "localhost/busybox", "true").err())
                .startsWith("Error: unknown flag: --init-ctr\n");

        // a volume shows the order: the once one writes first, the always one appends, the main one reads
        Path shared = Files.createDirectories(peapod.dir.resolve("shared"));
        String vol = shared + ":/shared";
        ok("create", "--init-ctr", "once", "--pod", "boot", "--name", "first", "-v", vol, "localhost/busybox",
                "sh", "-c", "sleep 1; echo once >> /shared/log");
        ok("create", "--init-ctr", "always", "--pod", "boot", "--name", "second", "-v", vol, "localhost/busybox",
                "sh", "-c", "echo always >> /shared/log");
        ok("create", "--pod", "boot", "--name", "main", "-v", vol, "localhost/busybox",
                "sh", "-c", "echo main >> /shared/log; exec sleep 1000");
        ok("pod", "start", "boot");
        assertThat(run("container", "exists", "first").code()).isEqualTo(1);   // once: removed after its run
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.State}}", "--filter", "name=second").out()).isEqualTo("second exited\n");
        ok("pod", "stop", "-t", "0", "boot");
        ok("pod", "start", "boot");
        String log = ok("run", "--rm", "-v", vol, "localhost/busybox", "cat", "/shared/log").out();
        assertThat(log).isEqualTo("once\nalways\nmain\nalways\nmain\n");
    }

    @Test
    void badInputIsRefusedWithPodmansWordsAndNothingHalfCreated() throws Exception {
        ok("pod", "create", "--name", "taken");
        Peapod.Result r = run("pod", "create", "--name", "taken");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: adding pod to state: name \"taken\" is in use: pod already exists\n");

        r = run("create", "--pod", "nope", "localhost/busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: no pod with name or ID nope found: no such pod\n");

        r = run("create", "--pod", "taken", "--network", "host", "localhost/busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid config provided: networks must be defined when the pod is created: "
                + "network cannot be configured when it is shared with a pod\n");

        r = run("run", "--pod", "taken", "-p", "8080:80", "localhost/busybox", "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid config provided: published or exposed ports must be defined when the pod "
                + "is created: network cannot be configured when it is shared with a pod\n");

        r = run("pod", "create", "--share", "ipc,foo");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid kernel namespace to share: foo. Options are: cgroup, ipc, net, pid, uts or none\n");

        r = run("pod", "create", "--name", "bad name");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: running pod create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n");

        r = run("pod", "inspect", "nope");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.out()).isEqualTo("[]\n");
        assertThat(r.err()).isEqualTo("Error: inspecting object: no such pod nope\n");

        r = run("pod", "rm", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: no pod with name or ID nope found: no such pod\n");

        // an infra container that cannot be made: no pod either (one transaction records both)
        String busy = ok("create", "--name", "busy", "localhost/busybox").out().strip();
        r = run("pod", "create", "--name", "half", "--infra-name", "busy");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: creating container storage: the container name \"busy\" is already in use by " + busy);
        assertThat(run("pod", "exists", "half").code()).isEqualTo(1);
        ok("rm", "busy");

        // only the pod that was made, with its infra container
        assertThat(ok("pod", "ps", "--format", "{{.Name}}").out()).isEqualTo("taken\n");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}").out()).endsWith("-infra\n").hasLineCount(1);
    }

    @Test
    void podNewCreatesThePodWithTheContainersPortsAndIdFileAndReplaceWork() throws Exception {
        Path idFile = peapod.dir.resolve("pod.id");
        String first = ok("pod", "create", "--name", "again", "--pod-id-file", idFile.toString()).out().strip();
        assertThat(Files.readString(idFile)).isEqualTo(first);
        String member = ok("create", "--pod-id-file", idFile.toString(), "localhost/busybox").out().strip();
        assertThat(ok("inspect", "--format", "{{.Pod}}", member).out()).isEqualTo(first + "\n");
        String second = ok("pod", "create", "--name", "again", "--replace").out().strip();
        assertThat(second).isNotEqualTo(first);
        assertThat(ok("pod", "ps", "-q").out()).isEqualTo(second + "\n");
        assertThat(run("container", "exists", member).code()).isEqualTo(1);   // --replace removed the old pod's containers

        int port = LoopbackHttp.freePort();
        ok(concat(new String[] {"run", "-d", "--pod", "new:fresh", "-p", "127.0.0.1:" + port + ":80", "localhost/busybox"}, WEB));
        assertThat(LoopbackHttp.get(port)).contains("hi");
        assertThat(ok("pod", "ps", "--filter", "name=fresh", "--format", "{{.Status}} {{.NumberOfContainers}}").out())
                .isEqualTo("Running 2\n");
        assertThat(ok("pod", "inspect", "--format", "{{.InfraConfig.PortBindings}}", "fresh").out())
                .isEqualTo("map[80/tcp:[map[HostIp:127.0.0.1 HostPort:" + port + "]]]\n");
    }

    @Test
    void podWithoutInfraAndShareNone() {
        ok("pod", "create", "--name", "bare", "--share", "none");
        assertThat(ok("pod", "inspect", "--format", "{{.CreateInfra}} {{.NumContainers}}", "bare").out()).isEqualTo("false 0\n");
        Peapod.Result r = run("pod", "create", "--infra=false", "--share", "ipc");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: cannot set share(ipc) namespaces without an infra container\n");
        assertThat(ok("pod", "ps", "--format", "{{.Name}} {{.Status}} [{{.InfraID}}]").out()).isEqualTo("bare Created []\n");
    }

    @Test
    void sharePidShowsEveryProcessOfThePodAndTheInfraStaysWhileOthersNeedIt() {
        ok("pod", "create", "--name", "pids", "--share", "+pid");
        assertThat(ok("pod", "inspect", "--format", "{{.SharedNamespaces}}", "pids").out()).isEqualTo("[ipc net uts pid]\n");
        ok("run", "-d", "--pod", "pids", "--name", "sleeper", "localhost/busybox", "sleep", "1000");
        String ps = ok("run", "--rm", "--pod", "pids", "localhost/busybox", "ps", "-o", "pid,comm").out();
        assertThat(ps).containsPattern("(?m)^ +1 catatonit$").containsPattern("(?m)^ +\\d+ sleep$");

        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "pids").out().strip();
        String podId = ok("pod", "inspect", "--format", "{{.Id}}", "pids").out().strip();
        ok("stop", "-t", "0", infra);
        Peapod.Result r = run("rm", infra);
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: container " + infra + " is the infra container of pod " + podId
                + " and cannot be removed without removing the pod\n");
        assertThat(ok("ps", "-a", "-q", "--no-trunc").out()).contains(infra);

        // ps --pod, ps --filter pod=, inspect's Pod
        List<String> ps2 = ok("ps", "-a", "--pod").out().lines().toList();
        assertThat(ps2.getFirst()).endsWith("NAMES               POD ID        PODNAME");
        assertThat(ps2.subList(1, ps2.size())).hasSize(2).allMatch(l -> l.matches(".* " + podId.substring(0, 12) + " +pids"));
        assertThat(ok("ps", "-a", "--filter", "pod=pids", "--format", "{{.Names}} {{.IsInfra}}").out().lines())
                .containsExactlyInAnyOrder("sleeper false", podId.substring(0, 12) + "-infra true");
        assertThat(ok("inspect", "--format", "{{.Pod}} {{.HostConfig.NetworkMode}}", "sleeper").out())
                .isEqualTo(podId + " container:" + infra + "\n");
    }

    @Test
    void rmAllRemovesAPodsContainersInfraLastAndLeavesThePod() {
        ok("pod", "create", "--name", "kept");
        ok("create", "--pod", "kept", "localhost/busybox", "true");
        ok("create", "--pod", "kept", "localhost/busybox", "true");
        assertThat(ok("rm", "-a").out().lines()).hasSize(3);   // as podman: every container, the infra too
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
        assertThat(ok("pod", "ps", "--format", "{{.Name}} {{.NumberOfContainers}}").out()).isEqualTo("kept 0\n");
    }

    /** The top-level keys of a JSON object printed with podman's five-space indent. */
    private static List<String> topLevelKeys(String json) {
        List<String> keys = new ArrayList<>();
        json.lines().filter(l -> l.matches(" {5}\"[^\"]+\": .*")).forEach(l -> keys.add(l.substring(6, l.indexOf('"', 6))));
        return keys;
    }

}

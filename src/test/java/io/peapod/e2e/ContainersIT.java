package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real containers from a busybox image, through conmon and runc: the first container commands. */
class ContainersIT {
    static Peapod peapod;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        peapod.importBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.close();
        }
    }

    private static Path containerDirs() {
        return peapod.root.resolve("overlay-containers");
    }

    private static List<Path> listContainerDirs() throws Exception {
        if (!Files.isDirectory(containerDirs())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(containerDirs())) {
            return dirs.sorted().toList();
        }
    }

    private static boolean mountedUnder(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(dir.toString()));
    }

    @Test
    void runPrintsTheOutputOnTheRightStreamsAndExitsWithTheContainersCode() {
        Peapod.Result r = peapod.run("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(peapod.ok("run", "--rm", "-e", "GREETING=hi there", "-w", "/tmp", "busybox",
                "sh", "-c", "echo $GREETING; pwd").out()).isEqualTo("hi there\n/tmp\n");
        assertThat(peapod.ok("run", "--rm", "--entrypoint", "echo", "busybox", "from", "entrypoint").out())
                .isEqualTo("from entrypoint\n");
        assertThat(peapod.ok("run", "--rm", "-u", "1234:5678", "busybox", "id").out()).startsWith("uid=1234 gid=5678");
        assertThat(peapod.ok("run", "--rm", "--hostname", "pod1", "busybox", "hostname").out()).isEqualTo("pod1\n");
    }

    @Test
    void theContainersProcessStartsWithNoSignalBlockedOrIgnored() {
        // As under podman: nothing the JVM or glibc's posix_spawn set up may leak through conmon and runc.
        assertThat(peapod.ok("run", "--rm", "busybox", "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status").out())
                .isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
    }

    @Test
    void commandsThatCannotRunExitWith127Or126AndRmStillLeavesNothing() throws Exception {
        List<Path> before = listContainerDirs();
        Peapod.Result missing = peapod.run("run", "--rm", "busybox", "/no/such/program");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.err()).startsWith("Error: ").contains("command that was not found");
        assertThat(missing.err()).startsWith("Error: runc: runc create failed: ");   // podman names the runtime
        Peapod.Result notExecutable = peapod.run("run", "--rm", "busybox", "/etc/passwd");
        assertThat(notExecutable.code()).as(notExecutable.toString()).isEqualTo(126);
        // any other refusal of the runtime's is podman's "OCI runtime error", 126: this kernel has no RT group time
        Peapod.Result refused = peapod.run("run", "--rm", "--cpu-rt-runtime=5000", "busybox", "true");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(126);
        assertThat(refused.err()).startsWith("Error: OCI runtime error: runc: runc create failed: ");
        assertThat(listContainerDirs()).isEqualTo(before);
        assertThat(peapod.ok("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void runWithRmLeavesNothingBehind() throws Exception {
        List<Path> before = listContainerDirs();
        peapod.ok("run", "--rm", "--name", "ephemeral", "busybox", "true");
        assertThat(peapod.ok("ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("ephemeral");
        assertThat(peapod.run("container", "exists", "ephemeral").code()).isEqualTo(1);
        assertThat(listContainerDirs()).as("container directories").isEqualTo(before);
        assertThat(mountedUnder(peapod.root)).as("mounts under the store").isFalse();
        assertThat(peapod.ok("system", "check").code()).isZero();
    }

    @Test
    void detachedContainersAreListedStoppedAndRemoved() throws Exception {
        String id = peapod.ok("run", "-d", "--name", "sleeper", "--stop-timeout", "1", "busybox", "sleep", "100").out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(peapod.ok("ps", "--format", "{{.ID}} {{.Names}} {{.Status}}").out())
                .contains(id.substring(0, 12) + " sleeper Up");
        Peapod.Result rm = peapod.run("rm", "sleeper");
        assertThat(rm.code()).as("podman's exit code for a container in the wrong state").isEqualTo(2);
        assertThat(rm.err()).contains("cannot remove container " + id + " as it is running");
        assertThat(peapod.ok("stop", "sleeper").out()).isEqualTo("sleeper\n");
        assertThat(peapod.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("sleeper Exited (137)");
        assertThat(peapod.ok("ps", "--format", "{{.Names}}").out()).doesNotContain("sleeper");
        assertThat(peapod.ok("rm", "sleeper").out()).isEqualTo("sleeper\n");
        assertThat(mountedUnder(peapod.root)).isFalse();
    }

    @Test
    void aContainerStoppedThenStartedAgainIsStillCleanedUpWhenItExitsOnItsOwn() throws Exception {
        // stop cleans up itself and tells conmon's exit command so; the next start must undo that,
        // or the second run's own exit would leave its rootfs mounted.
        String id = peapod.ok("run", "-d", "--name", "twice", "--network", "none", "busybox", "sh", "-c",
                "test -e /second && exit 3; touch /second; sleep 100").out().strip();
        peapod.ok("stop", "-t", "0", "twice");
        Path rootfs = Path.of(peapod.ok("inspect", "--format", "{{.GraphDriver.Data.MergedDir}}", "twice").out().strip());
        assertThat(mountedUnder(rootfs)).as("mounted after stop").isFalse();
        peapod.ok("start", "twice");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (mountedUnder(rootfs) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(mountedUnder(rootfs)).as("the exit command unmounted the second run's rootfs").isFalse();
        assertThat(peapod.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", id).out())
                .isEqualTo("exited 3\n");
        peapod.ok("rm", "twice");
    }

    @Test
    void createdContainersStartWaitAndKeepTheirLogs() {
        String id = peapod.ok("create", "--name", "later", "busybox", "sh", "-c", "echo logged; exit 4").out().strip();
        assertThat(peapod.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("later Created");
        assertThat(peapod.ok("start", "later").out()).isEqualTo("later\n");
        assertThat(peapod.ok("wait", "later").out()).isEqualTo("4\n");
        assertThat(peapod.ok("logs", "later").out()).isEqualTo("logged\n");
        assertThat(peapod.ok("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Status}}").out())
                .contains(id + " Exited (4)");
        peapod.ok("rm", "later");
    }

    @Test
    void inspectShowsContainersInPodmansShapeAndFallsBackToImages() throws Exception {
        String id = peapod.ok("run", "-d", "--name", "inspected", "-l", "tier=web", "busybox", "sleep", "60").out().strip();
        String state = peapod.ok("inspect", "--format", "{{.State.Status}} {{.State.Running}} {{.Name}} {{.Config.Cmd}} {{.Config.Labels.tier}}",
                "inspected").out();
        assertThat(state).isEqualTo("running true inspected [sleep 60] web\n");
        int pid = Integer.parseInt(peapod.ok("container", "inspect", "--format", "{{.State.Pid}}", id).out().strip());
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').strip()).isEqualTo("sleep 60");
        Peapod.Result json = peapod.ok("container", "inspect", "inspected");
        assertThat(json.out()).startsWith("[\n     {\n          \"Id\": \"" + id + "\"");
        assertThat(peapod.ok("inspect", "--format", "{{.Id}}", "busybox").out().strip()).matches("[0-9a-f]{64}");
        Peapod.Result missing = peapod.run("inspect", "nothere");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: inspecting object: no such object: \"nothere\"\n");
        peapod.ok("rm", "-f", "-t", "0", "inspected");
    }

    @Test
    void logsFollowTailTimestampsAndTimeFilters() {
        peapod.ok("run", "-d", "--name", "talker", "busybox", "sh", "-c",
                "for i in 1 2 3 4; do echo line $i; sleep 0.3; done; echo bye >&2");
        Peapod.Result follow = peapod.ok("logs", "-f", "talker");
        assertThat(follow.out()).isEqualTo("line 1\nline 2\nline 3\nline 4\n");
        assertThat(follow.err()).isEqualTo("bye\n");
        assertThat(peapod.ok("logs", "--tail", "2", "talker").out()).isEqualTo("line 4\n");
        assertThat(peapod.ok("logs", "-t", "--tail", "1", "talker").err())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z bye\n");
        assertThat(peapod.ok("logs", "--since", "10m", "talker").out()).contains("line 1");
        assertThat(peapod.ok("logs", "--until", "2000-01-01", "talker").out()).isEmpty();
        Peapod.Result bad = peapod.run("logs", "--since", "yesterday-ish", "talker");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).startsWith("Error: parsing --since \"yesterday-ish\"");
        peapod.ok("rm", "talker");
    }

    @Test
    void renameRestartAndPrune() {
        String id = peapod.ok("create", "--name", "before", "busybox", "sh", "-c", "echo ran").out().strip();
        peapod.ok("rename", "before", "after");
        assertThat(peapod.ok("container", "inspect", "--format", "{{.Name}}", id).out()).isEqualTo("after\n");
        assertThat(peapod.run("container", "exists", "before").code()).isEqualTo(1);
        peapod.ok("start", "after");
        peapod.ok("wait", "after");
        peapod.ok("restart", "after");
        peapod.ok("wait", "after");
        assertThat(peapod.ok("logs", "after").out()).isEqualTo("ran\nran\n");
        assertThat(peapod.ok("ps", "-n", "1", "--format", "{{.Names}}").out()).isEqualTo("after\n");
        assertThat(peapod.ok("container", "prune", "-f").out()).contains(id);
        assertThat(peapod.run("container", "exists", "after").code()).isEqualTo(1);
    }

    @Test
    void psFiltersAndStopOrKillAll() {
        peapod.ok("run", "-d", "--name", "f-web", "-l", "role=web", "--stop-timeout", "1", "busybox", "sleep", "60");
        peapod.ok("run", "-d", "--name", "f-db", "-l", "role=db", "--stop-timeout", "1", "busybox", "sleep", "60");
        assertThat(peapod.run("run", "--name", "f-done", "busybox", "sh", "-c", "exit 5").code()).isEqualTo(5);
        assertThat(peapod.ok("ps", "--filter", "label=role=web", "--format", "{{.Names}}").out()).isEqualTo("f-web\n");
        assertThat(peapod.ok("ps", "--filter", "name=f-d", "--format", "{{.Names}}").out()).isEqualTo("f-db\n");
        assertThat(peapod.ok("ps", "--filter", "status=exited", "--filter", "exited=5", "--format", "{{.Names}}").out())
                .isEqualTo("f-done\n");
        assertThat(peapod.ok("ps", "-a", "--filter", "ancestor=busybox", "--format", "{{.Names}}").out())
                .contains("f-web", "f-db", "f-done");
        Peapod.Result bad = peapod.run("ps", "--filter", "status=sleeping");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).startsWith("Error: invalid status filter \"sleeping\"");
        peapod.ok("kill", "-a", "-s", "TERM");
        assertThat(peapod.ok("stop", "-a").code()).isZero();
        assertThat(peapod.ok("ps", "-q").out()).isEmpty();
        assertThat(peapod.ok("ps", "-a", "--filter", "name=f-", "--format", "{{.Names}} {{.State}}").out())
                .contains("f-web exited", "f-db exited", "f-done exited");
        peapod.ok("rm", "f-web", "f-db", "f-done");
    }

    @Test
    void namesAreGeneratedUniqueAndConflictsNameTheHolder() {
        String id = peapod.ok("create", "--name", "taken", "busybox", "true").out().strip();
        Peapod.Result dup = peapod.run("create", "--name", "taken", "busybox", "true");
        assertThat(dup.code()).isEqualTo(125);
        assertThat(dup.err()).contains("the container name \"taken\" is already in use by " + id);
        String generated = peapod.ok("create", "busybox", "true").out().strip();
        assertThat(peapod.ok("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}").out())
                .containsPattern(generated + " [a-z]+_[a-z]+\\d*");
        peapod.ok("rm", "taken", generated);
    }

    @Test
    void unknownContainersAndImagesInUseGetPodmansErrors() {
        Peapod.Result missing = peapod.run("rm", "nosuch");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
        String id = peapod.ok("create", "--name", "holder", "busybox", "true").out().strip();
        Peapod.Result rmi = peapod.run("rmi", "busybox");
        assertThat(rmi.code()).isEqualTo(2);
        assertThat(rmi.err()).containsPattern("image used by [0-9a-f]{64}: image is in use by a container");
        assertThat(id).matches("[0-9a-f]{64}");
        peapod.ok("rm", "holder");
    }

    @Test
    void parallelRunsAllSucceedAndLeaveTheStoreConsistent() {
        List<CompletableFuture<Peapod.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String n = String.valueOf(i);
            runs.add(CompletableFuture.supplyAsync(() -> peapod.run("run", "--rm", "busybox", "echo", n)));
            runs.add(CompletableFuture.supplyAsync(() -> peapod.run("ps", "-a")));
        }
        for (CompletableFuture<Peapod.Result> f : runs) {
            Peapod.Result r = f.join();
            assertThat(r.code()).as(r.toString()).isZero();
        }
        assertThat(peapod.ok("ps", "-a", "-q").out()).isEmpty();
        assertThat(peapod.ok("system", "check").code()).isZero();
    }
}

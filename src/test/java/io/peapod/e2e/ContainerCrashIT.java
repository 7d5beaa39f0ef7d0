package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 from outside: of a container's process (conmon reports it) and of its conmon (nothing
 * reports it; the next command must notice, kill the orphan and record the exit).
 */
class ContainerCrashIT {
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

    private static int pid(String container, String field) {
        return Integer.parseInt(peapod.ok("inspect", "--format", "{{.State." + field + "}}", container).out().strip());
    }

    private static void kill9(int pid) {
        assertThat(Peapod.exec(List.of("kill", "-9", String.valueOf(pid)), null, 10).code()).isZero();
    }

    /** Gone, or a zombie waiting for pid 1 to reap it: either way it no longer runs. */
    private static boolean runs(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private static String state(String container) {
        return peapod.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container).out().strip();
    }

    private static void assertNothingLeftOf(String id) throws Exception {
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(id);
        assertThat(Files.exists(peapod.runroot.resolve("exits").resolve(id))).isFalse();
        try (var dirs = Files.list(peapod.root)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith("-containers")).toList()) {
                assertThat(Files.exists(d.resolve(id))).as(d.resolve(id).toString()).isFalse();
            }
        }
        assertThat(peapod.run("system", "check").code()).isZero();
    }

    private static long diedEvents(String name) {
        return peapod.ok("events", "--stream=false", "--filter", "container=" + name, "--filter", "event=died").out()
                .lines().count();
    }

    @Test
    void aKilledContainerProcessIsSeenExitedWith137AndCanBeRemoved() throws Exception {
        String id = peapod.ok("run", "-d", "--name", "crash-proc", "busybox", "sleep", "1000").out().strip();
        kill9(pid("crash-proc", "Pid"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!state("crash-proc").equals("exited 137") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(state("crash-proc")).isEqualTo("exited 137");
        assertThat(peapod.ok("ps", "-a", "--filter", "name=crash-proc", "--format", "{{.Status}}").out())
                .startsWith("Exited (137)");
        // conmon's exit command records the exit: wait for it, then check it did so once.
        while (diedEvents("crash-proc") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(diedEvents("crash-proc")).isEqualTo(1);
        peapod.ok("rm", "crash-proc");
        assertNothingLeftOf(id);
    }

    @Test
    void aKilledConmonIsNoticedByPsWhichKillsTheOrphanAndRecordsTheExit() throws Exception {
        String id = peapod.ok("run", "-d", "--name", "crash-conmon", "busybox", "sleep", "1000").out().strip();
        int conmon = pid("crash-conmon", "ConmonPid");
        int process = pid("crash-conmon", "Pid");
        kill9(conmon);
        Thread.sleep(300);
        assertThat(runs(process)).as("without conmon the container process lives on").isTrue();

        assertThat(peapod.ok("ps", "-a", "--filter", "name=crash-conmon", "--format", "{{.Status}}").out())
                .startsWith("Exited (137)");
        assertThat(runs(process)).as("the orphan was killed").isFalse();
        assertThat(state("crash-conmon")).isEqualTo("exited 137");
        assertThat(diedEvents("crash-conmon")).isEqualTo(1);
        assertThat(peapod.ok("ps", "--format", "{{.Names}}").out()).doesNotContain("crash-conmon");

        assertThat(peapod.ok("start", "crash-conmon").code()).as("it can run again").isZero();
        assertThat(state("crash-conmon")).startsWith("running");
        peapod.ok("rm", "-f", "crash-conmon");
        assertNothingLeftOf(id);
    }

    @Test
    void rmForceAndWaitRecoverAContainerWhoseConmonWasKilled() throws Exception {
        String id = peapod.ok("run", "-d", "--name", "crash-rm", "busybox", "sleep", "1000").out().strip();
        int process = pid("crash-rm", "Pid");
        kill9(pid("crash-rm", "ConmonPid"));
        long start = System.nanoTime();
        assertThat(peapod.ok("rm", "-f", "crash-rm").out()).isEqualTo("crash-rm\n");
        assertThat(System.nanoTime() - start).as("no wait for an exit file that never comes")
                .isLessThan(TimeUnit.SECONDS.toNanos(15));
        assertThat(runs(process)).isFalse();
        assertNothingLeftOf(id);

        peapod.ok("run", "-d", "--name", "crash-wait", "busybox", "sleep", "1000");
        kill9(pid("crash-wait", "ConmonPid"));
        Peapod.Result waited = peapod.runWithInput(null, 30, "wait", "crash-wait");
        assertThat(waited.code()).as(waited.toString()).isZero();
        assertThat(waited.out()).isEqualTo("137\n");
        peapod.ok("rm", "crash-wait");

        // The container already gone too when conmon is killed: its code is lost, as podman reports it (-1).
        String both = peapod.ok("run", "-d", "--name", "crash-both", "busybox", "sleep", "1000").out().strip();
        int conmon = pid("crash-both", "ConmonPid");
        int victim = pid("crash-both", "Pid");
        kill9(conmon);
        Thread.sleep(200);
        kill9(victim);
        Thread.sleep(300);
        assertThat(state("crash-both")).isEqualTo("exited -1");
        peapod.ok("rm", "crash-both");
        assertNothingLeftOf(both);
    }
}

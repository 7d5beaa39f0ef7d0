package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart policies enforced by conmon's exit command ({@code peapod container cleanup}), with podman 4.3.1's rules
 * as observed side by side: on-failure[:N], always, unless-stopped; stop and kill are a user's and prevent a restart,
 * a kill from outside does not; a pod's --restart is its containers' default; and pod clone -v.
 */
class RestartPolicyIT extends NetworkedStoreTest {

    private String inspect(String container, String format) {
        return ok("inspect", "--format", format, container).out().strip();
    }

    /** "status exitcode restartcount" */
    private String state(String container) {
        return inspect(container, "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Whether some process is still running {@code container cleanup ID} (conmon's exit command). */
    private static boolean cleanupRunning(String id) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).anyMatch(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    return cmd.contains("cleanup\0" + id);
                } catch (IOException e) {
                    return false;   // gone meanwhile
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until no cleanup of the container runs: whatever its policy was going to do, it has done. */
    private void settled(String container) throws InterruptedException {
        String id = inspect(container, "{{.Id}}");
        await("the cleanups of " + container + " to end", () -> !cleanupRunning(id));
    }

    private int restartEvents(String container) {
        return (int) ok("events", "--since", "5m", "--until", "0s", "--filter", "container=" + container,
                "--filter", "event=restart").out().lines().count();
    }

    private static void killFromOutside(int pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void onFailureRestartsExactlyItsRetriesThenStaysExited() throws Exception {
        ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "localhost/busybox", "sh", "-c", "echo ran; exit 3");
        await("flaky's last exit", () -> state("flaky").equals("exited 3 2"));
        settled("flaky");
        assertThat(state("flaky")).isEqualTo("exited 3 2");
        assertThat(ok("logs", "flaky").out()).isEqualTo("ran\nran\nran\n");   // the same container, three runs
        assertThat(restartEvents("flaky")).isEqualTo(2);
        assertThat(inspect("flaky", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                .isEqualTo("on-failure 2");

        // a user's start counts afresh (podman's init resets RestartCount)
        ok("start", "flaky");
        await("flaky's second series", () -> ok("logs", "flaky").out().equals("ran\n".repeat(6))
                && state("flaky").equals("exited 3 2"));
        settled("flaky");
        assertThat(state("flaky")).isEqualTo("exited 3 2");

        // success ends on-failure at once
        ok("run", "-d", "--name", "fine", "--restart", "on-failure", "localhost/busybox", "true");
        await("fine's exit", () -> state("fine").startsWith("exited"));
        settled("fine");
        assertThat(state("fine")).isEqualTo("exited 0 0");
    }

    @Test
    void alwaysRestartsAfterASuccessAndAfterAKillFromOutsideButNotAfterStop() throws Exception {
        ok("run", "-d", "--name", "loop", "--restart", "always", "localhost/busybox", "sh", "-c", "echo up; sleep 1");
        await("two restarts of loop", () -> Integer.parseInt(inspect("loop", "{{.RestartCount}}")) >= 2);
        ok("stop", "-t", "0", "loop");
        settled("loop");
        String stopped = state("loop");
        assertThat(stopped).startsWith("exited");
        settled("loop");
        assertThat(state("loop")).isEqualTo(stopped);   // a user's stop is final

        ok("run", "-d", "--name", "server", "--restart", "always", "localhost/busybox", "sleep", "1000");
        int pid = Integer.parseInt(inspect("server", "{{.State.Pid}}"));
        killFromOutside(pid);
        await("server's restart", () -> state("server").equals("running 0 1"));
        assertThat(Integer.parseInt(inspect("server", "{{.State.Pid}}"))).isNotEqualTo(pid);

        // podman 4.3.1's kill marks the container stopped by the user: no restart
        ok("kill", "server");
        await("server's exit", () -> state("server").startsWith("exited"));
        settled("server");
        assertThat(state("server")).isEqualTo("exited 137 1");
    }

    @Test
    void unlessStoppedRestartsAfterACrashButNotAfterStop() throws Exception {
        ok("run", "-d", "--name", "svc", "--restart", "unless-stopped", "localhost/busybox", "sleep", "1000");
        killFromOutside(Integer.parseInt(inspect("svc", "{{.State.Pid}}")));
        await("svc's restart", () -> state("svc").equals("running 0 1"));
        ok("stop", "-t", "0", "svc");
        settled("svc");
        assertThat(state("svc")).isEqualTo("exited 137 1");
    }

    @Test
    void rmGoesWithNoPolicyButNoAndPlainOnFailure() {
        Peapod.Result always = run("run", "--rm", "--restart", "always", "localhost/busybox", "true");
        assertThat(always.code()).isEqualTo(125);
        assertThat(always.err()).isEqualTo("Error: the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"\n");
        for (String policy : new String[] {"on-failure:1", "bogus"}) {   // the text is checked before it is parsed
            Peapod.Result refused = run("create", "--rm", "--restart", policy, "localhost/busybox", "true");
            assertThat(refused.code()).isEqualTo(125);
            assertThat(refused.err()).isEqualTo(always.err());
        }
        // podman compares the text: plain on-failure passes, and a success removes the container
        assertThat(ok("run", "--rm", "--name", "once", "--restart", "on-failure", "localhost/busybox", "true").out()).isEmpty();
        assertThat(run("container", "exists", "once").code()).isEqualTo(1);
    }

    @Test
    void aPodsPolicyIsItsContainersDefaultAndNeverTheInfras() throws Exception {
        ok("pod", "create", "--name", "pr", "--restart", "always");
        ok("run", "-d", "--pod", "pr", "--name", "member", "localhost/busybox", "sh", "-c", "sleep 1");
        ok("run", "-d", "--pod", "pr", "--name", "ownpolicy", "--restart", "no", "localhost/busybox", "sh", "-c", "sleep 1");
        assertThat(inspect("member", "{{.HostConfig.RestartPolicy.Name}}")).isEqualTo("always");
        await("member's restart", () -> Integer.parseInt(inspect("member", "{{.RestartCount}}")) >= 1);
        await("ownpolicy's exit", () -> state("ownpolicy").startsWith("exited"));
        settled("ownpolicy");
        assertThat(state("ownpolicy")).isEqualTo("exited 0 0");   // its own --restart wins

        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "pr").out().strip();
        assertThat(inspect(infra, "{{.HostConfig.RestartPolicy.Name}}")).isEmpty();
        ok("stop", "-t", "0", "member");
        killFromOutside(Integer.parseInt(inspect(infra, "{{.State.Pid}}")));
        await("the infra's exit", () -> state(infra).startsWith("exited"));
        settled(infra);
        assertThat(state(infra)).endsWith(" 0");   // never restarted
    }

    @Test
    void podCloneVolumeReachesTheInfraTheCopiesAndLaterContainers() throws Exception {
        Path a = Files.createDirectories(store.peapod.dir.resolve("va"));
        Path b = Files.createDirectories(store.peapod.dir.resolve("vb"));
        Files.writeString(a.resolve("f"), "own\n");
        Files.writeString(b.resolve("f"), "clone's\n");
        ok("pod", "create", "--name", "orig");
        ok("create", "--pod", "orig", "--name", "worker", "-v", a + ":/a", "localhost/busybox", "cat", "/a/f", "/b/f");
        ok("pod", "clone", "-v", b + ":/b", "orig");

        String infraCopy = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "orig-clone").out().strip();
        assertThat(inspect(infraCopy, "{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}").strip()).isEqualTo(b + ":/b");
        assertThat(ok("start", "-a", "worker-clone").out()).isEqualTo("own\nclone's\n");
        assertThat(ok("run", "--rm", "--pod", "orig-clone", "localhost/busybox", "cat", "/b/f").out()).isEqualTo("clone's\n");
        // the original pod is untouched
        assertThat(run("run", "--rm", "--pod", "orig", "localhost/busybox", "ls", "/b").code()).isNotZero();
    }
}

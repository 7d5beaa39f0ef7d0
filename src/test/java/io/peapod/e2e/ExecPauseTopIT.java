package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** exec, pause/unpause and top against real running containers (conmon + runc), checked as a user would. */
class ExecPauseTopIT {
    static Peapod peapod;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        peapod.importBusybox();
        peapod.ok("run", "-d", "--name", "box", "-e", "FROM_RUN=yes", "-w", "/tmp", "busybox", "sleep", "600");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.close();
        }
    }

    // ---- exec ----------------------------------------------------------------------------------

    @Test
    void execExitsWithTheProcessCodeAndKeepsItsStreamsApart() {
        assertThat(peapod.run("exec", "box", "true").code()).isZero();
        assertThat(peapod.run("exec", "box", "sh", "-c", "exit 3").code()).isEqualTo(3);
        Peapod.Result streams = peapod.run("exec", "box", "sh", "-c", "echo out; echo err >&2; exit 1");
        assertThat(streams.code()).isEqualTo(1);
        assertThat(streams.out()).isEqualTo("out\n");
        assertThat(streams.err()).isEqualTo("err\n");
        assertThat(peapod.ok("container", "exec", "box", "echo", "via", "container").out()).isEqualTo("via container\n");
    }

    @Test
    void anExecdProcessStartsWithNoSignalBlockedOrIgnored() {
        // As under podman: nothing the JVM or glibc's posix_spawn set up (it ignores 32 and 33) may leak through runc.
        assertThat(peapod.ok("exec", "box", "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status").out())
                .isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
    }

    @Test
    void execFailuresUsePodmansWordsAndExitCodes() {
        Peapod.Result notExecutable = peapod.run("exec", "box", "/etc/passwd");
        assertThat(notExecutable.code()).isEqualTo(126);
        assertThat(notExecutable.err()).isEqualTo("Error: runc: exec failed: unable to start container process: exec: "
                + "\"/etc/passwd\": permission denied: OCI permission denied\n");
        Peapod.Result notFound = peapod.run("exec", "box", "nosuch");
        assertThat(notFound.code()).isEqualTo(127);
        assertThat(notFound.err()).isEqualTo("Error: runc: exec failed: unable to start container process: exec: "
                + "\"nosuch\": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found\n");
        Peapod.Result noCommand = peapod.run("exec", "box");
        assertThat(noCommand.code()).isEqualTo(255);
        assertThat(noCommand.err()).isEqualTo("Error: must provide a non-empty command to start an exec session: invalid argument\n");
        Peapod.Result noContainer = peapod.run("exec", "nosuch", "true");
        assertThat(noContainer.code()).isEqualTo(125);
        assertThat(noContainer.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
        Peapod.Result noArgs = peapod.run("exec");
        assertThat(noArgs.code()).isEqualTo(125);
        assertThat(noArgs.err()).isEqualTo("Error: exec requires the name or ID of a container or the --latest flag\n");
        Peapod.Result noUser = peapod.run("exec", "-u", "nobody", "box", "id");
        assertThat(noUser.code()).isEqualTo(255);
        assertThat(noUser.err()).isEqualTo("Error: unable to find user nobody: no matching entries in passwd file\n");

        peapod.ok("create", "--name", "never-started", "busybox", "sleep", "1");
        Peapod.Result notRunning = peapod.run("exec", "never-started", "true");
        assertThat(notRunning.code()).isEqualTo(255);
        assertThat(notRunning.err()).isEqualTo("Error: can only create exec sessions on running containers: container state improper\n");
        assertThat(peapod.run("exec", "-d", "never-started", "true").code()).as("detached: 125").isEqualTo(125);
        peapod.ok("rm", "never-started");
    }

    @Test
    void execInheritsTheContainersEnvironmentAndWorkdirAndTakesItsOwn() throws Exception {
        assertThat(peapod.ok("exec", "box", "sh", "-c", "echo $FROM_RUN $HOME; pwd; id -u").out())
                .isEqualTo("yes /root\n/tmp\n0\n");
        assertThat(peapod.ok("exec", "box", "env").out()).doesNotContain("HOSTNAME=");
        Path envFile = peapod.dir.resolve("exec.env");
        Files.writeString(envFile, "# a comment\n\n  FROM_FILE=file\nOVERRIDDEN=file\n");
        assertThat(peapod.ok("exec", "-e", "A=1", "-e", "PEAPOD_SURELY_UNSET", "--env-file", envFile.toString(),
                "-e", "OVERRIDDEN=flag", "box", "sh", "-c",
                "echo $A ${PEAPOD_SURELY_UNSET-unset} $FROM_FILE $OVERRIDDEN").out()).isEqualTo("1 unset file flag\n");
        assertThat(peapod.ok("exec", "-u", "1000:1000", "-w", "/", "box", "sh", "-c", "id; pwd; echo $HOME").out())
                .isEqualTo("uid=1000 gid=1000\n/\n/\n");
        Peapod.Result badFile = peapod.run("exec", "--env-file", "/nonexistent.env", "box", "true");
        assertThat(badFile.code()).isEqualTo(125);
        assertThat(badFile.err()).isEqualTo("Error: parsing env file \"/nonexistent.env\": open /nonexistent.env: no such file or directory\n");
        Peapod.Result badDir = peapod.run("exec", "-w", "/nonexistent", "box", "pwd");
        assertThat(badDir.code()).isEqualTo(127);
        assertThat(badDir.err()).contains("chdir to cwd (\"/nonexistent\") set in config.json failed: no such file or directory");
    }

    @Test
    void privilegedExecGetsMoreCapabilitiesThanTheContainer() {
        String normal = peapod.ok("exec", "box", "grep", "CapEff", "/proc/self/status").out();
        String privileged = peapod.ok("exec", "--privileged", "box", "grep", "CapEff", "/proc/self/status").out();
        // podman's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT
        assertThat(normal).isEqualTo("CapEff:\t00000000800405fb\n");
        assertThat(Long.parseUnsignedLong(privileged.substring("CapEff:".length()).strip(), 16))
                .as(privileged).isGreaterThan(0x800405fbL);
    }

    @Test
    void interactiveExecReadsStdinAndOtherwiseGetsNone() throws Exception {
        Path input = peapod.dir.resolve("stdin.txt");
        Files.writeString(input, "piped line\n");
        assertThat(peapod.runWithInput(input, 60, "exec", "-i", "box", "cat").out()).isEqualTo("piped line\n");
        assertThat(peapod.runWithInput(input, 60, "exec", "box", "cat").out()).as("without -i stdin is empty").isEmpty();
    }

    @Test
    void ttyExecRunsOnATerminal() {
        String cmd = Peapod.LAUNCHER + " --root " + peapod.root + " --runroot " + peapod.runroot
                + " exec -t box sh -c 'tty; exit 4'";
        Peapod.Result r = Peapod.exec(List.of("script", "-qec", cmd, "/dev/null"), null, 60);
        assertThat(r.out()).contains("/dev/pts/");
        assertThat(r.code()).as("script -e passes the exit code on").isEqualTo(4);
        assertThat(peapod.run("exec", "box", "tty").out()).isEqualTo("not a tty\n");
    }

    @Test
    void detachedExecPrintsItsSessionAndKeepsRunning() throws Exception {
        String session = peapod.ok("exec", "-d", "box", "sh", "-c", "sleep 0.2; echo done > /tmp/marker; sleep 30").out().strip();
        assertThat(session).matches("[0-9a-f]{64}");
        assertThat(peapod.ok("inspect", "--format", "{{.ExecIDs}}", "box").out()).contains(session);
        String marker = "";
        for (int i = 0; i < 100 && !marker.equals("done\n"); i++) {
            Thread.sleep(50);
            marker = peapod.run("exec", "box", "cat", "/tmp/marker").out();
        }
        assertThat(marker).isEqualTo("done\n");
        assertThat(peapod.ok("top", "box", "args").out()).contains("sleep 30");
        Peapod.Result failed = peapod.run("exec", "-d", "box", "nosuch");
        assertThat(failed.code()).isEqualTo(125);
        assertThat(failed.err()).contains("executable file not found in $PATH");
    }

    @Test
    void latestActsOnTheLastCreatedContainer() {
        peapod.ok("run", "-d", "--name", "newest", "busybox", "sleep", "60");
        assertThat(peapod.ok("exec", "-l", "cat", "/etc/hostname").out().strip())
                .isEqualTo(peapod.ok("inspect", "--format", "{{.Config.Hostname}}", "newest").out().strip());
        peapod.ok("rm", "-f", "-t", "0", "newest");
    }

    // ---- pause / unpause -----------------------------------------------------------------------

    @Test
    void pausedContainersAreFrozenUntilUnpaused() throws Exception {
        peapod.ok("run", "-d", "--name", "counter", "busybox", "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done");
        Thread.sleep(300);
        assertThat(peapod.ok("pause", "counter").out()).isEqualTo("counter\n");
        assertThat(peapod.ok("ps", "-a", "--filter", "name=counter", "--format", "{{.Status}}").out()).isEqualTo("Paused\n");
        assertThat(peapod.ok("ps", "--format", "{{.Names}}").out()).as("plain ps lists running ones only").doesNotContain("counter");
        assertThat(peapod.ok("inspect", "--format", "{{.State.Status}} {{.State.Running}} {{.State.Paused}}", "counter").out())
                .isEqualTo("paused false true\n");
        int frozenAt = logLines("counter");
        Thread.sleep(600);
        assertThat(logLines("counter")).as("no output while frozen").isEqualTo(frozenAt);

        Peapod.Result again = peapod.run("pause", "counter");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).matches("Error: \"[0-9a-f]{64}\" is already paused: container state improper\n");
        Peapod.Result exec = peapod.run("exec", "counter", "true");
        assertThat(exec.code()).isEqualTo(255);
        assertThat(exec.err()).contains("can only create exec sessions on running containers");
        Peapod.Result top = peapod.run("top", "counter");
        assertThat(top.code()).isEqualTo(125);
        assertThat(top.err()).isEqualTo("Error: top can only be used on running containers\n");

        assertThat(peapod.ok("unpause", "counter").out()).isEqualTo("counter\n");
        Thread.sleep(400);
        assertThat(logLines("counter")).as("counting again").isGreaterThan(frozenAt);
        assertThat(peapod.ok("ps", "--filter", "name=counter", "--format", "{{.Status}}").out()).startsWith("Up ");
        Peapod.Result notPaused = peapod.run("unpause", "counter");
        assertThat(notPaused.code()).isEqualTo(125);
        assertThat(notPaused.err()).matches("Error: \"[0-9a-f]{64}\" is not paused, can't unpause: container state improper\n");
        peapod.ok("rm", "-f", "-t", "0", "counter");
    }

    private static int logLines(String name) {
        return peapod.ok("logs", name).out().split("\n").length;
    }

    @Test
    void pausedContainersCanBeKilledAndForceRemovedButNotStopped() {
        String id = peapod.ok("run", "-d", "--name", "frozen", "busybox", "sleep", "60").out().strip();
        peapod.ok("container", "pause", "frozen");
        Peapod.Result stop = peapod.run("stop", "frozen");
        assertThat(stop.code()).isEqualTo(125);
        assertThat(stop.err()).isEqualTo("Error: container " + id + " is running or paused, refusing to clean up: container state improper\n");
        Peapod.Result rm = peapod.run("rm", "frozen");
        assertThat(rm.code()).isEqualTo(2);
        assertThat(rm.err()).contains("as it is paused - running or paused containers cannot be removed without force");
        assertThat(peapod.ok("kill", "frozen").out()).isEqualTo("frozen\n");
        assertThat(peapod.ok("wait", "frozen").out()).isEqualTo("137\n");

        peapod.ok("run", "-d", "--name", "frozen2", "busybox", "sleep", "60");
        peapod.ok("pause", "frozen2");
        assertThat(peapod.ok("rm", "-f", "-t", "0", "frozen2").out()).isEqualTo("frozen2\n");
        assertThat(peapod.run("container", "exists", "frozen2").code()).isEqualTo(1);
        peapod.ok("rm", "frozen");
    }

    @Test
    void pauseAllAndErrorsForContainersThatAreNotRunning() {
        peapod.ok("run", "-d", "--name", "all-a", "busybox", "sleep", "60");
        peapod.ok("create", "--name", "all-created", "busybox", "true");
        String paused = peapod.ok("pause", "-a").out();
        assertThat(paused).contains(peapod.ok("inspect", "--format", "{{.Id}}", "all-a").out());
        assertThat(peapod.ok("ps", "-a", "--filter", "status=paused", "--format", "{{.Names}}").out()).contains("all-a", "box");
        assertThat(peapod.ok("unpause", "--all").out()).isEqualTo(paused);
        Peapod.Result created = peapod.run("pause", "all-created");
        assertThat(created.code()).isEqualTo(125);
        assertThat(created.err()).isEqualTo("Error: \"created\" is not running, can't pause: container state improper\n");
        Peapod.Result both = peapod.run("pause", "-a", "all-a");
        assertThat(both.err()).isEqualTo("Error: no arguments are needed with --all\n");
        Peapod.Result none = peapod.run("unpause");
        assertThat(none.err()).isEqualTo("Error: you must provide at least one name or id\n");
        peapod.ok("rm", "-f", "-t", "0", "all-a", "all-created");
    }

    // ---- top -----------------------------------------------------------------------------------

    @Test
    void topShowsPodmansDefaultColumns() {
        String[] lines = peapod.ok("top", "box").out().split("\n");
        assertThat(words(lines[0])).containsExactly("USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND");
        List<String> first = words(lines[1]);
        assertThat(first.subList(0, 4)).containsExactly("root", "1", "0", "0.000");
        assertThat(first.get(4)).matches("(\\d+m)?\\d+(\\.\\d+)?s");
        assertThat(first.subList(5, first.size())).containsExactly("?", "0s", "sleep", "600");
        // tab-aligned as podman's tabwriter does it: columns at least 12 wide, 2 spaces apart
        assertThat(lines[0]).startsWith("USER        PID         PPID        %CPU        ELAPSED");
    }

    @Test
    void topTakesDescriptorsInEitherFormAndCommaSeparated() {
        String hostPid = peapod.ok("inspect", "--format", "{{.State.Pid}}", "box").out().strip();
        String[] lines = peapod.ok("top", "box", "pid,comm", "%U", "hpid", "seccomp", "capeff", "state").out().split("\n");
        assertThat(words(lines[0])).containsExactly("PID", "COMMAND", "USER", "HPID", "SECCOMP", "EFFECTIVE", "CAPS", "STATE");
        assertThat(words(lines[1])).containsExactly("1", "sleep", "root", hostPid, "filter",
                "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT", "S");
        String groups = peapod.ok("top", "box", "user", "group", "huser", "nice", "vsz", "rss", "label", "tty").out();
        assertThat(words(groups.split("\n")[1]).subList(0, 4)).containsExactly("root", "root", "root", "0");
    }

    @Test
    void topRunsPsInTheContainerForPsOptionsAndRefusesStoppedContainers() {
        String out = peapod.ok("top", "box", "-o", "pid,comm").out();
        assertThat(out).startsWith("PID   COMMAND\n").contains("    1 sleep\n");
        peapod.ok("create", "--name", "top-created", "busybox", "true");
        Peapod.Result stopped = peapod.run("top", "top-created");
        assertThat(stopped.code()).isEqualTo(125);
        assertThat(stopped.err()).isEqualTo("Error: top can only be used on running containers\n");
        Peapod.Result missing = peapod.run("top", "nosuch");
        assertThat(missing.err()).isEqualTo("Error: unable to look up requested container: no container with name or ID \"nosuch\" found: no such container\n");
        assertThat(peapod.run("top").err()).isEqualTo("Error: you must provide the name or id of a running container\n");
        peapod.ok("rm", "top-created");
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.strip().split("\\s+")).collect(Collectors.toList());
    }
}

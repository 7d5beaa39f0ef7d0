package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create/run flags beyond the first set, wait --condition, ps --size/--sort and the target flags of
 * rm/stop/kill/start, with real containers; bad input gets podman's words, exit 125 and leaves nothing.
 */
class CreateFlagsIT {
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

    private static List<String> allContainers() {
        String out = peapod.ok("ps", "-a", "-q", "--no-trunc").out();
        return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
    }

    /** Runs a create that must fail with podman's message and exit 125, creating nothing. */
    private static void refused(String expectedError, String... args) {
        List<String> before = allContainers();
        Peapod.Result r = peapod.run(args);
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).as(r.toString()).isEqualTo("Error: " + expectedError + "\n");
        assertThat(allContainers()).isEqualTo(before);
    }

    private static String inspect(String container, String format) {
        return peapod.ok("inspect", "--format", format, container).out().strip();
    }

    @Test
    void ulimitIsWhatTheContainerSeesAndBadValuesAreRefused() {
        assertThat(peapod.ok("run", "--rm", "--ulimit", "nofile=1024:2048", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn")
                .out()).isEqualTo("1024\n2048\n");
        peapod.ok("create", "--name", "limited", "--ulimit", "nofile=512", "busybox", "true");
        assertThat(inspect("limited", "{{range .HostConfig.Ulimits}}{{.Name}}={{.Soft}}:{{.Hard}} {{end}}"))
                .startsWith("RLIMIT_NOFILE=512:512 RLIMIT_NPROC=");
        refused("ulimit option \"nofile=abc\" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing \"abc\": invalid syntax",
                "create", "--ulimit", "nofile=abc", "busybox", "true");
        refused("ulimit option \"bogus=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: bogus",
                "run", "--rm", "--ulimit", "bogus=1", "busybox", "true");
        refused("ulimit option \"nofile\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit argument: nofile",
                "create", "--ulimit", "nofile", "busybox", "true");
        refused("ulimit option \"nofile=2048:1024\" requires name=SOFT:HARD, failed to be parsed: ulimit soft limit must be less than or equal to hard limit: 2048 > 1024",
                "create", "--ulimit", "nofile=2048:1024", "busybox", "true");
        // Above the engine's own hard limit runc cannot set it: a clear error before anything is created.
        List<String> before = allContainers();
        Peapod.Result tooHigh = peapod.run("create", "--ulimit", "nofile=100000000:100000000", "busybox", "true");
        assertThat(tooHigh.code()).isEqualTo(125);
        assertThat(tooHigh.err()).startsWith("Error: ulimit RLIMIT_NOFILE hard limit 100000000 exceeds the host's hard limit");
        assertThat(allContainers()).isEqualTo(before);
        peapod.ok("rm", "limited");
    }

    @Test
    void annotationsLabelFilesAndEnvFiles() throws Exception {
        Path envFile = peapod.dir.resolve("app.env");
        Files.writeString(envFile, "# settings\nGREETING=hello world\n  SPACED=kept as is  \nHOME\nOVERRIDDEN=from file\n");
        Path labelFile = peapod.dir.resolve("labels");
        Files.writeString(labelFile, "team=blue\n# no\nbare\n");
        String out = peapod.ok("run", "--rm", "--env-file", envFile.toString(), "-e", "OVERRIDDEN=from flag",
                "busybox", "sh", "-c", "echo \"$GREETING|$SPACED|$HOME|$OVERRIDDEN\"").out();
        assertThat(out).isEqualTo("hello world|kept as is  |" + System.getenv("HOME") + "|from flag\n");

        peapod.ok("create", "--name", "annotated", "--annotation", "org.example/owner=ops", "--label-file",
                labelFile.toString(), "-l", "team=red", "busybox", "true");
        assertThat(inspect("annotated", "{{index .Config.Annotations \"org.example/owner\"}}")).isEqualTo("ops");
        assertThat(inspect("annotated", "{{index .Config.Annotations \"io.podman.annotations.autoremove\"}}")).isEqualTo("FALSE");
        assertThat(inspect("annotated", "{{.Config.Labels}}")).isEqualTo("map[bare: team:red]");
        peapod.ok("rm", "annotated");

        refused("parsing env file \"/no/such.env\": open /no/such.env: no such file or directory",
                "create", "--env-file", "/no/such.env", "busybox", "true");
        Path bad = peapod.dir.resolve("bad.env");
        Files.writeString(bad, "=value\n");
        refused("parsing env file \"" + bad + "\": invalid environment variable: \"=value\"",
                "run", "--rm", "--env-file", bad.toString(), "busybox", "true");
        refused("annotations must be formatted KEY=VALUE", "create", "--annotation", "novalue", "busybox", "true");
        refused("unable to process labels: open /no/labels: no such file or directory",
                "create", "--label-file", "/no/labels", "busybox", "true");
    }

    @Test
    void cidfileHoldsTheIdAndAnExistingOneIsRefused() throws Exception {
        Path cid = peapod.dir.resolve("ctr.cid");
        String id = peapod.ok("create", "--cidfile", cid.toString(), "busybox", "true").out().strip();
        assertThat(Files.readString(cid)).isEqualTo(id);
        assertThat(inspect(id, "{{.HostConfig.ContainerIDFile}}")).isEqualTo(cid.toString());
        refused("container id file exists. Ensure another container is not using it or delete " + cid,
                "run", "--rm", "--cidfile", cid.toString(), "busybox", "true");
        // A failed create leaves no cidfile behind.
        Path other = peapod.dir.resolve("other.cid");
        refused("nosuchimage: image not known", "create", "--pull=never", "--cidfile", other.toString(), "nosuchimage", "true");
        assertThat(other).doesNotExist();
        // The id file drives rm; a second rm finds nothing (podman's exit 1), -i ignores that.
        assertThat(peapod.ok("rm", "--cidfile", cid.toString()).out()).isEqualTo(id + "\n");
        Peapod.Result again = peapod.run("rm", "--cidfile", cid.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("Error: no container with name or ID \"" + id + "\" found: no such container\n");
        assertThat(peapod.ok("rm", "-i", "--cidfile", cid.toString(), "--cidfile", "/no/such/cidfile").out()).isEmpty();
        Peapod.Result missing = peapod.run("stop", "--cidfile", "/no/such/cidfile");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: reading CIDFile: open /no/such/cidfile: no such file or directory\n");
        assertThat(peapod.ok("stop", "-i", "nosuch").out()).isEmpty();
    }

    @Test
    void replaceRemovesTheContainerHoldingTheName() {
        String old = peapod.ok("run", "-d", "--init", "--name", "svc", "busybox", "sleep", "60").out().strip();
        String replaced = peapod.ok("create", "--replace", "--name", "svc", "busybox", "echo", "new").out().strip();
        assertThat(replaced).isNotEqualTo(old);
        assertThat(allContainers()).contains(replaced).doesNotContain(old);
        assertThat(inspect("svc", "{{.Id}}")).isEqualTo(replaced);
        refused("cannot replace container without --name being set", "create", "--replace", "busybox", "true");
        peapod.ok("rm", "svc");
    }

    @Test
    void restartPolicyIsRecordedAndBadOnesAreRefused() {
        peapod.ok("create", "--name", "restarting", "--restart", "on-failure:3", "busybox", "true");
        assertThat(inspect("restarting", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                .isEqualTo("on-failure 3");
        peapod.ok("create", "--name", "plain", "busybox", "true");
        assertThat(inspect("plain", "[{{.HostConfig.RestartPolicy.Name}}]")).isEqualTo("[]");
        peapod.ok("rm", "restarting", "plain");
        refused("running container create option: \"bogus\" is not a valid restart policy: invalid argument",
                "create", "--restart=bogus", "busybox", "true");
        refused("restart policy retries can only be specified with on-failure restart policy",
                "create", "--restart", "always:3", "busybox", "true");
        refused("parsing restart policy retry count: strconv.Atoi: parsing \"x\": invalid syntax",
                "create", "--restart", "on-failure:x", "busybox", "true");
        refused("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"",
                "run", "--rm", "--restart", "always", "busybox", "true");
    }

    @Test
    void logDriverNoneAndLogPath() throws Exception {
        peapod.ok("run", "--name", "silent", "--log-driver", "none", "busybox", "echo", "hi");
        Peapod.Result logs = peapod.run("logs", "silent");
        assertThat(logs.code()).isEqualTo(125);
        assertThat(logs.err()).isEqualTo("Error: this container is using the 'none' log driver, cannot read logs: this container is not logging output\n");
        assertThat(inspect("silent", "{{.HostConfig.LogConfig.Type}} [{{.HostConfig.LogConfig.Path}}]")).isEqualTo("none []");
        Path log = peapod.dir.resolve("custom.log");
        peapod.ok("run", "--name", "elsewhere", "--log-opt", "path=" + log, "--log-opt", "max-size=1m", "--log-opt",
                "tag=web", "busybox", "echo", "to the side");
        assertThat(Files.readString(log)).contains("stdout F to the side");
        assertThat(peapod.ok("logs", "elsewhere").out()).isEqualTo("to the side\n");
        assertThat(inspect("elsewhere", "{{.HostConfig.LogConfig.Path}} {{.HostConfig.LogConfig.Size}} {{.HostConfig.LogConfig.Tag}}"))
                .isEqualTo(log + " 1MB web");
        peapod.ok("rm", "silent", "elsewhere");
        refused("running container create option: invalid log driver: invalid argument",
                "create", "--log-driver", "bogus", "busybox", "true");
        refused("invalid log option \"bogus\"", "create", "--log-opt", "bogus", "busybox", "true");
        refused("invalid size: 'huge'", "create", "--log-opt", "max-size=huge", "busybox", "true");
    }

    @Test
    void pullPolicies() {
        assertThat(peapod.ok("run", "--rm", "--pull=never", "busybox", "echo", "local").out()).isEqualTo("local\n");
        refused("nosuchimage: image not known", "run", "--rm", "--pull=never", "nosuchimage", "true");
        refused("unsupported pull policy \"sometimes\"", "create", "--pull", "sometimes", "busybox", "true");
        Peapod.Result always = peapod.run("create", "--pull=always", "busybox", "true");
        assertThat(always.code()).isEqualTo(125);
        // always pulls, under the stored image's name: here from a registry that does not exist
        assertThat(always.err()).startsWith("Trying to pull localhost/busybox:latest...\n")
                .contains("Error: initializing source docker://localhost/busybox:latest: pinging container registry localhost:");
    }

    @Test
    void waitForConditions() throws Exception {
        peapod.ok("create", "--name", "waited", "busybox", "sleep", "2");
        CompletableFuture<Peapod.Result> running = CompletableFuture.supplyAsync(
                () -> peapod.run("wait", "--condition", "running", "--interval", "50ms", "waited"));
        Thread.sleep(1500);
        assertThat(running).as("wait --condition running returned before the container started").isNotDone();
        peapod.ok("start", "waited");
        Peapod.Result r = running.get(60, TimeUnit.SECONDS);
        assertThat(r.out()).as(r.toString()).isEqualTo("-1\n");
        assertThat(peapod.ok("wait", "--condition", "stopped", "--condition", "exited", "waited").out()).isEqualTo("0\n");
        assertThat(peapod.ok("wait", "-l").out()).isEqualTo("0\n");
        Peapod.Result bogus = peapod.run("wait", "--condition", "bogus", "waited");
        assertThat(bogus.code()).isEqualTo(125);
        assertThat(bogus.err()).isEqualTo("Error: unknown container state: bogus: invalid argument\n");
        Peapod.Result missing = peapod.run("wait", "waited", "nosuch");
        assertThat(missing.out()).as("nothing is waited for when one container is missing").isEmpty();
        assertThat(missing.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
        peapod.ok("rm", "waited");
    }

    @Test
    void psSizeAndSort() {
        peapod.ok("run", "--name", "ps-b", "busybox", "sh", "-c", "dd if=/dev/zero of=/blob bs=1000 count=300 2>/dev/null");
        peapod.ok("create", "--name", "ps-a", "busybox", "true");
        peapod.ok("create", "--name", "ps-c", "busybox", "echo", "c");
        String sized = peapod.ok("ps", "-a", "--size", "--filter", "name=ps-", "--format", "{{.Names}} {{.Size}}").out();
        assertThat(sized).matches("(?s)ps-b 30\\d\\.?\\d*kB \\(virtual [0-9.]+MB\\)\nps-a 0B \\(virtual [0-9.]+MB\\)\nps-c 0B .*");
        String table = peapod.ok("ps", "-a", "-s", "--filter", "name=ps-").out();
        assertThat(table.lines().findFirst().orElseThrow()).endsWith("NAMES       SIZE");
        assertThat(peapod.ok("ps", "-a", "--sort", "names", "--filter", "name=ps-", "--format", "{{.Names}}").out())
                .isEqualTo("ps-a\nps-b\nps-c\n");
        assertThat(peapod.ok("ps", "-a", "--sort", "command", "--filter", "name=ps-", "--format", "{{.Names}}").out())
                .isEqualTo("ps-c\nps-b\nps-a\n");
        assertThat(peapod.ok("ps", "-a", "--sort", "status", "--filter", "name=ps-", "--format", "{{.Names}}").out())
                .isEqualTo("ps-a\nps-c\nps-b\n");
        Peapod.Result bad = peapod.run("ps", "--sort", "bogus");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).startsWith("Error: invalid argument \"bogus\" for \"--sort\" flag: \"bogus\" is not a valid value.  Choose from: \"command, created, id, image, names, runningfor, size, status\"");
        assertThat(peapod.ok("ps", "-a", "--filter", "name=ps-a", "--format", "{{.Mounts}}|{{.Networks}}|{{.Pod}}|{{.IsInfra}}").out())
                .isEqualTo("[]|podman||false\n");
        peapod.ok("rm", "ps-a", "ps-b", "ps-c");
    }

    @Test
    void pruneFiltersRenameAndStartAll() {
        peapod.ok("create", "--name", "keep-me", "-l", "keep=yes", "busybox", "true");
        String dropped = peapod.ok("create", "--name", "drop-me", "-l", "keep=no", "busybox", "true").out().strip();
        assertThat(peapod.ok("container", "prune", "-f", "--filter", "label=keep=no").out()).isEqualTo(dropped + "\n");
        assertThat(peapod.ok("container", "prune", "-f", "--filter", "until=1h").out()).isEmpty();
        Peapod.Result badFilter = peapod.run("container", "prune", "-f", "--filter", "name=x");
        assertThat(badFilter.err()).isEqualTo("Error: name is an invalid filter\n");
        String other = peapod.ok("create", "--name", "other", "busybox", "true").out().strip();
        String keep = inspect("keep-me", "{{.Id}}");
        Peapod.Result taken = peapod.run("rename", "other", "keep-me");
        assertThat(taken.code()).isEqualTo(125);
        assertThat(taken.err()).isEqualTo("Error: renaming container " + other + ": name keep-me already in use, cannot rename container "
                + other + ": container already exists\n");
        peapod.ok("rename", "other", "other");
        assertThat(peapod.ok("start", "--all").out().lines().toList()).containsExactlyElementsOf(
                java.util.stream.Stream.of(keep, other).sorted().toList());
        assertThat(peapod.ok("wait", "keep-me", "other").out()).isEqualTo("0\n0\n");
        peapod.ok("rm", "keep-me", "other");
    }
}

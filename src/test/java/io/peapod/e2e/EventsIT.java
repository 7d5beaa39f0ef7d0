package io.peapod.e2e;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code events}: what container and image commands log, and how podman prints and filters it. */
class EventsIT {
    static Peapod peapod;
    static String imageId;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        imageId = peapod.importBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.close();
        }
    }

    private static List<String> statuses(String... filters) {
        List<String> args = new ArrayList<>(List.of("events", "--stream=false", "--format", "{{.Status}}"));
        for (String f : filters) {
            args.add("--filter");
            args.add(f);
        }
        String out = peapod.ok(args.toArray(String[]::new)).out();
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    /** Polls until the container's "died" shows (a detached container's comes from conmon's exit command). */
    private static List<String> awaitDied(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> got;
        do {
            got = statuses("container=" + name);
            if (got.contains("died")) {
                return got;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no died event for " + name + ": " + got);
    }

    @Test
    void aForegroundRunLogsPodmansSequenceInTheRunRoot() throws Exception {
        peapod.ok("run", "--rm", "--name", "ev-fg", "--label", "team=blue", "busybox", "true");
        assertThat(statuses("container=ev-fg")).containsExactly("create", "init", "start", "attach", "died", "remove");
        assertThat(Peapod.exec(List.of("sh", "-c", "grep -c '\"Name\":\"ev-fg\"' " + peapod.runroot.resolve("events/events.log")),
                null, 10).out().strip()).as("one JSON object per line in <runroot>/events/events.log").isEqualTo("6");

        String text = peapod.ok("events", "--stream=false", "--filter", "container=ev-fg", "--filter", "event=create").out();
        assertThat(text).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC container create [0-9a-f]{64} "
                + "\\(image=localhost/busybox:latest, name=ev-fg, team=blue\\)\n");
        String truncated = peapod.ok("events", "--stream=false", "--no-trunc=false", "--filter", "container=ev-fg",
                "--filter", "event=create").out();
        assertThat(truncated).contains(" container create " + text.split(" ")[6].substring(0, 12) + " (image=");

        Map<String, Object> json = JSON.std.mapFrom(peapod.ok("events", "--stream=false", "--format", "json",
                "--filter", "container=ev-fg", "--filter", "event=start").out());
        assertThat(json.keySet()).containsExactly("ID", "Image", "Name", "Status", "Time", "Type", "Attributes");
        assertThat(json).containsEntry("Status", "start").containsEntry("Type", "container")
                .containsEntry("Name", "ev-fg").containsEntry("Attributes", Map.of("team", "blue"));
        assertThat((String) json.get("Time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(peapod.ok("events", "--stream=false", "--format", "{{json .}}", "--filter", "container=ev-fg",
                "--filter", "event=start").out()).isEqualTo(JSON.std.asString(json) + "\n");

        assertThat(statuses("label=team=blue", "event=died")).containsExactly("died");
    }

    @Test
    void aDetachedContainerDiesOnceWithItsExitCode() throws Exception {
        peapod.ok("run", "-d", "--name", "ev-bg", "busybox", "sh", "-c", "exit 4");
        assertThat(peapod.ok("wait", "ev-bg").out().strip()).isEqualTo("4");
        List<String> got = awaitDied("ev-bg");
        peapod.ok("ps", "-a");
        peapod.ok("inspect", "ev-bg");
        Thread.sleep(500);   // time for a second cleanup to write a second "died", were there one
        got = statuses("container=ev-bg");
        assertThat(got.stream().filter("died"::equals).count()).as(got.toString()).isEqualTo(1);
        assertThat(got).containsSubsequence("create", "init", "start", "died", "cleanup");
        assertThat(peapod.ok("events", "--stream=false", "--filter", "container=ev-bg", "--filter", "event=died",
                "--format", "{{.ContainerExitCode}}").out()).isEqualTo("4\n");

        peapod.ok("run", "-d", "--name", "ev-stop", "busybox", "sleep", "1000");
        Peapod.Result stop = peapod.ok("stop", "-t", "0", "ev-stop");
        assertThat(stop.err()).as("as podman: -t 0 kills at once, without the stop-signal warning").isEmpty();
        Thread.sleep(500);
        List<String> stopped = statuses("container=ev-stop");
        assertThat(stopped.stream().filter("died"::equals).count()).as(stopped.toString()).isEqualTo(1);
        assertThat(peapod.ok("events", "--stream=false", "--filter", "container=ev-stop", "--filter", "event=died",
                "--format", "json").out()).contains("\"ContainerExitCode\":137,");
        peapod.ok("run", "-d", "--name", "ev-force", "busybox", "sleep", "1000");
        peapod.ok("rm", "-f", "ev-force");
        assertThat(statuses("container=ev-force")).containsExactly("create", "init", "start", "died", "cleanup", "remove");
        peapod.ok("run", "-d", "--rm", "--name", "ev-autorm", "busybox", "true");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!statuses("container=ev-autorm").contains("remove") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(statuses("container=ev-autorm")).as("--rm: from died straight to remove, as podman")
                .containsExactly("create", "init", "start", "died", "remove");
        peapod.ok("rename", "ev-stop", "ev-renamed");
        peapod.ok("rm", "ev-renamed", "ev-bg");
        assertThat(statuses("container=ev-renamed")).containsExactly("rename", "remove");
    }

    @Test
    void imageCommandsLogTagUntagRemoveSaveAndLoad() throws Exception {
        peapod.ok("tag", "busybox", "ev-image:1");
        peapod.ok("untag", "busybox", "ev-image:1");
        Path archive = peapod.dir.resolve("ev.tar");
        peapod.ok("save", "-o", archive.toString(), "busybox");
        peapod.ok("load", "-i", archive.toString());
        peapod.ok("tag", "busybox", "ev-gone:1");
        peapod.ok("rmi", "ev-gone:1");
        String out = peapod.ok("events", "--stream=false", "--filter", "type=image",
                "--format", "{{.Status}} {{.ID}} {{.Name}}").out();
        assertThat(out).contains("tag " + imageId + " ev-image:1\n")
                .contains("untag " + imageId + " localhost/ev-image:1\n")
                .contains("save " + imageId + " " + archive + "\n")
                .contains("loadfromarchive  " + archive + "\n")
                .contains("untag " + imageId + " localhost/ev-gone:1\n");
        assertThat(statuses("image=" + imageId.substring(0, 12), "event=tag")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void sinceUntilAndBadFiltersFollowPodman() throws Exception {
        peapod.ok("create", "--name", "ev-old", "busybox", "true");
        Thread.sleep(1100);
        String between = String.valueOf(System.currentTimeMillis() / 1000.0);
        Thread.sleep(100);
        peapod.ok("create", "--name", "ev-new", "busybox", "true");
        assertThat(statuses("event=create", "container=ev-old", "container=ev-new")).hasSize(2);
        assertThat(peapod.ok("events", "--stream=false", "--since", between, "--filter", "event=create",
                "--format", "{{.Name}}").out()).isEqualTo("ev-new\n");
        assertThat(peapod.ok("events", "--stream=false", "--until", between, "--filter", "event=create",
                "--filter", "container=ev-old", "--filter", "container=ev-new", "--format", "{{.Name}}").out())
                .isEqualTo("ev-old\n");
        peapod.ok("rm", "ev-old", "ev-new");

        Peapod.Result bad = peapod.run("events", "--stream=false", "--filter", "colour=red");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).isEqualTo("Error: failed to parse event filters: colour is an invalid filter\n");
        Peapod.Result noValue = peapod.run("events", "--stream=false", "--filter", "event");
        assertThat(noValue.code()).isEqualTo(125);
        assertThat(noValue.err()).isEqualTo("Error: failed to parse event filters: event is an invalid filter\n");
        Peapod.Result badTime = peapod.run("events", "--stream=false", "--since", "yesterday");
        assertThat(badTime.code()).isEqualTo(125);
        assertThat(badTime.err()).isEqualTo("Error: failed to parse event filters: unable to interpret time value\n");
        Peapod.Result args = peapod.run("events", "extra");
        assertThat(args.code()).isEqualTo(125);
        assertThat(args.err()).isEqualTo("Error: `peapod events` takes no arguments\n");
    }

    @Test
    void streamingPrintsNewEventsAsTheyHappenAndStopsAtUntil() throws Exception {
        List<String> cmd = List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(), "--runroot",
                peapod.runroot.toString(), "events", "--filter", "container=ev-live", "--format", "{{.Status}} {{.Name}}");
        Process follower = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
            Thread.sleep(1500);   // let the follower start before the event it must see
            peapod.ok("create", "--name", "ev-live", "busybox", "true");
            assertThat(lines.readLine()).isEqualTo("create ev-live");
            peapod.ok("rm", "ev-live");
            assertThat(lines.readLine()).isEqualTo("remove ev-live");
            assertThat(follower.isAlive()).as("streaming goes on until interrupted").isTrue();
        } finally {
            follower.destroyForcibly();
            follower.waitFor(10, TimeUnit.SECONDS);
        }

        long start = System.nanoTime();
        Peapod.Result bounded = peapod.run("events", "--until", "3s", "--filter", "container=ev-live", "--format", "{{.Status}}");
        assertThat(bounded.code()).isZero();
        assertThat(bounded.out()).as("--until shows the past too").isEqualTo("create\nremove\n");
        assertThat(System.nanoTime() - start).as("and stops when --until passes").isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(Files.exists(peapod.runroot.resolve("events/events.log"))).isTrue();
    }
}

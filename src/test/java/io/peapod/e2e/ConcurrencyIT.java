package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several peapod processes working on one store at once. */
class ConcurrencyIT {

    @Test
    void parallelLoadTagRmiImages() throws Exception {
        try (Peapod peapod = new Peapod()) {
            String id = peapod.importBusybox();
            Path tar = peapod.dir.resolve("x.tar");
            peapod.ok("save", "-o", tar.toString(), "busybox");

            List<String[]> commands = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                commands.add(switch (i % 4) {
                    case 0 -> new String[] {"load", "-i", tar.toString()};
                    case 1 -> new String[] {"tag", "busybox", "localhost/par:" + i};
                    case 2 -> new String[] {"rmi", "localhost/par:" + (i - 1)};
                    default -> new String[] {"images"};
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(commands.size());
            List<Future<Peapod.Result>> futures = new ArrayList<>();
            for (String[] c : commands) futures.add(pool.submit(() -> peapod.run(c)));
            pool.shutdown();
            assertThat(pool.awaitTermination(150, TimeUnit.SECONDS)).as("all processes finish").isTrue();

            for (int i = 0; i < commands.size(); i++) {
                Peapod.Result r = futures.get(i).get(); // run() itself fails after 120 s
                String cmd = String.join(" ", commands.get(i));
                if (cmd.startsWith("rmi")) {
                    // may race with the tag it removes: success or "image not known"
                    assertThat(r.code()).as(cmd + ": " + r).isIn(0, 1);
                } else {
                    assertThat(r.code()).as(cmd + ": " + r).isZero();
                }
                assertThat(r.err()).as(cmd + ": " + r).doesNotContain("Exception");
            }

            Peapod.Result check = peapod.run("system", "check");
            assertThat(check.code()).as(check.toString()).isZero();
            List<Object> images = JSON.std.listFrom(peapod.ok("images", "--format", "json").out());
            assertThat(images).hasSize(1);
            assertThat(peapod.ok("images", "-q", "--no-trunc").out().strip()).isEqualTo("sha256:" + id);
            assertThat(peapod.run("image", "exists", "localhost/busybox:latest").code()).isZero();
        }
    }

    @Test
    void parallelLoadsIntoEmptyStore() throws Exception {
        try (Peapod peapod = new Peapod()) {
            String id = peapod.importBusybox();
            Path tar = peapod.dir.resolve("x.tar");
            peapod.ok("save", "-o", tar.toString(), "busybox");
            peapod.ok("rmi", "-a");

            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Peapod.Result>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(pool.submit(i % 2 == 0
                        ? () -> peapod.run("load", "-i", tar.toString())
                        : () -> peapod.run("images", "--format", "json")));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(150, TimeUnit.SECONDS)).isTrue();
            for (Future<Peapod.Result> f : futures) {
                Peapod.Result r = f.get();
                assertThat(r.code()).as(r.toString()).isZero();
            }
            Peapod.Result check = peapod.run("system", "check");
            assertThat(check.code()).as(check.toString()).isZero();
            assertThat(JSON.std.listFrom(peapod.ok("images", "--format", "json").out())).hasSize(1);
            assertThat(peapod.ok("images", "-q", "--no-trunc").out().strip()).isEqualTo("sha256:" + id);
        }
    }

    @Test
    void twentyParallelRunsWithPsAllSucceedAndLeaveNothingBehind() throws Exception {
        try (Peapod peapod = new Peapod()) {
            peapod.importBusybox();
            ExecutorService pool = Executors.newFixedThreadPool(40);
            List<Future<Peapod.Result>> runs = new ArrayList<>();
            List<Future<Peapod.Result>> listings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(pool.submit(() -> peapod.runWithInput(null, 280, "run", "--rm", "busybox", "true")));
                listings.add(pool.submit(() -> peapod.runWithInput(null, 280, "ps", "-a")));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(300, TimeUnit.SECONDS)).as("all processes finish").isTrue();
            for (Future<Peapod.Result> f : runs) {
                Peapod.Result r = f.get();
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out() + r.err()).as(r.toString()).isEmpty();
            }
            for (Future<Peapod.Result> f : listings) {
                Peapod.Result r = f.get();
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.err()).as(r.toString()).isEmpty();
            }

            assertThat(peapod.ok("ps", "-a", "-q").out()).isEmpty();
            Peapod.Result check = peapod.run("system", "check");
            assertThat(check.code()).as(check.toString()).isZero();
            assertThat(check.out()).isEmpty();
            assertThat(java.nio.file.Files.readString(Path.of("/proc/mounts"))).doesNotContain(peapod.dir.toString());
            try (var dirs = java.nio.file.Files.list(peapod.root)) {
                for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith("-containers")).toList()) {
                    try (var left = java.nio.file.Files.list(d)) {
                        assertThat(left.toList()).as("container directories left in " + d).isEmpty();
                    }
                }
            }
            Path exits = peapod.runroot.resolve("exits");
            if (java.nio.file.Files.isDirectory(exits)) {
                try (var left = java.nio.file.Files.list(exits)) {
                    assertThat(left.toList()).as("exit files left").isEmpty();
                }
            }
            // Every container was created, died and was removed once: 20 of each in the events log.
            String statuses = peapod.ok("events", "--stream=false", "--filter", "type=container", "--format", "{{.Status}}").out();
            for (String status : List.of("create", "init", "start", "attach", "died", "remove")) {
                assertThat(statuses.lines().filter(status::equals).count()).as(status + " events").isEqualTo(20);
            }
        }
    }
}

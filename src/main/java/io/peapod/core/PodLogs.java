package io.peapod.core;

import io.peapod.core.names.Durations;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.EngineException;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.PodRow;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pod logs -f}: the logs of several containers of a pod followed at once, each line with its
 * container's prefix, as podman does. Every log is read first on this thread (its lines so far, and the
 * offset to follow from, from one read), then each running container is followed on a thread of its own,
 * which touches no database; whole lines are written under one lock so they never mix. Like podman, it
 * goes on until the pod's infra container has exited too (podman follows it along with the others).
 */
final class PodLogs {
    private PodLogs() {}

    private record Follow(Path log, long offset, Path exitFile, LogFollower.Printer printer) {}

    static void follow(ContainerService containers, PodRow pod, Map<String, String> prefixes, ContainerEngine.LogOptions o,
                       PrintStream out, PrintStream err) throws InterruptedException {
        long now = System.currentTimeMillis() * 1_000_000L;
        long since = parseTime("--since", o.since(), now, true);
        long until = parseTime("--until", o.until(), now, false);
        Object lock = new Object();
        Path exits = containers.store().options().runRoot().resolve("exits");
        List<Follow> follows = new ArrayList<>();
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            ContainerRow row = containers.find(e.getKey());
            String prefix = e.getValue();
            LogFollower.Printer printer = line -> {
                String text = prefix + (o.timestamps() ? new io.peapod.engine.Timestamp(line.timeNanos()).rfc3339Nano() + " " : "")
                        + line.text();
                synchronized (lock) {
                    PrintStream target = line.stream().equals("stderr") ? err : out;
                    target.print(text);
                    target.flush();
                }
            };
            Path log = readableLog(containers, row);
            LogFollower.Snapshot snapshot = LogFollower.snapshot(log);
            List<ContainerEngine.LogLine> lines = ContainerService.selected(snapshot, since, until, o.tail());
            lines.forEach(printer::print);
            if (running(containers, row)) {
                follows.add(new Follow(log, snapshot.offset(), exits.resolve(row.id()), printer));
            }
        }
        ContainerRow infra = pod.infraId().isEmpty() ? null : containers.findOrNull(pod.infraId());
        boolean waitForInfra = infra != null && !prefixes.containsKey(infra.id()) && running(containers, infra);
        Path infraExit = waitForInfra ? exits.resolve(infra.id()) : null;
        Path infraProc = waitForInfra ? Path.of("/proc/" + containers.current(infra).pid()) : null;
        List<Thread> threads = new ArrayList<>();
        for (Follow f : follows) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    LogFollower.followFrom(f.log(), f.offset(), f.exitFile(), f.printer());
                } catch (IOException | InterruptedException ignored) {
                    // the container's log went away with it: nothing more to print
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        while (infraExit != null && !Files.exists(infraExit) && Files.exists(infraProc)) {
            Thread.sleep(50);
        }
    }

    private static boolean running(ContainerService containers, ContainerRow row) {
        ContainerRow now = containers.current(row);
        return now != null && now.state().equals(ContainerService.RUNNING);
    }

    /** The log file, or podman's refusal for a container created with --log-driver none. */
    private static Path readableLog(ContainerService containers, ContainerRow row) {
        Map<String, Object> config = Json.object(row.config(), "container config");
        if (!CreateSettings.logs(config)) {
            throw new EngineException("this container is using the '" + CreateSettings.logDriver(config)
                    + "' log driver, cannot read logs: this container is not logging output");
        }
        return CreateSettings.logPath(config, containers.userdata(row.id()));
    }

    private static long parseTime(String flag, String value, long now, boolean since) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Durations.parseTimestamp(value, now, since);
        } catch (IllegalArgumentException e) {
            throw new EngineException("parsing " + flag + " \"" + value + "\": " + e.getMessage());
        }
    }
}

package io.peapod.core.conmon;

import io.peapod.image.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Removes what runc keeps for a container whose process has exited: its cgroup directories and its
 * state directory, which is all {@code runc delete} does for such a container. Doing it here saves
 * starting runc at the end of every {@code run --rm} and {@code rm}. Anything unexpected (another
 * runtime's layout, a live init process, a cgroup that still has members or children) answers false,
 * and the caller asks runc after all.
 */
final class ExitedRuncState {
    private ExitedRuncState() {}

    /** Whether the state of container {@code id} under {@code runtimeRoot} was runc's and is now gone. */
    static boolean remove(Path runtimePath, Path runtimeRoot, String id) {
        if (!runtimePath.getFileName().toString().equals("runc")) {
            return false;
        }
        Path dir = runtimeRoot.resolve(id);
        Map<String, Object> state;
        try {
            state = Json.object(Files.readAllBytes(dir.resolve("state.json")), "runc state");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (initAlive(state) || !(state.get("cgroup_paths") instanceof Map<?, ?> cgroups)) {
            return false;
        }
        try {
            for (Object path : cgroups.values()) {
                if (path instanceof String p && p.startsWith("/sys/fs/cgroup/")) {
                    Files.deleteIfExists(Path.of(p));   // rmdir: fails while the cgroup has members or children
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the container's init process still runs: its pid with the start time runc recorded. */
    private static boolean initAlive(Map<String, Object> state) {
        if (!(state.get("init_process_pid") instanceof Number pid) || !(state.get("init_process_start") instanceof Number start)) {
            return true;   // not the layout we know: let runc decide
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid.longValue()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return fields[19].equals(Long.toString(start.longValue())) && fields[0].charAt(0) != 'Z';
        } catch (IOException e) {
            return false;   // no such process
        }
    }
}

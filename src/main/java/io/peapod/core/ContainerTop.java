package io.peapod.core;

import io.peapod.core.conmon.RuncExec;
import io.peapod.core.top.Top;
import io.peapod.engine.EngineException;
import io.peapod.state.ContainerRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code top} as libpod's Container.Top does it: psgo's descriptors computed from /proc, and for
 * words psgo does not know (ps(1) options such as {@code -eo pid,comm}) ps itself run in the container.
 */
final class ContainerTop {
    private ContainerTop() {}

    static List<String> top(ContainerService containers, String nameOrId, List<String> descriptors) throws IOException {
        ContainerRow row;
        try {
            row = containers.synced(containers.find(nameOrId));
        } catch (EngineException e) {
            throw new EngineException("unable to look up requested container: " + e.getMessage(), e.exitCode());
        }
        if (!row.state().equals(ContainerService.RUNNING)) {
            throw new EngineException("top can only be used on running containers");
        }
        List<String> split = new ArrayList<>();
        for (String d : descriptors) {
            for (String s : d.split(",")) {
                if (!s.isEmpty()) {
                    split.add(s);
                }
            }
        }
        List<String> lines = Top.describe(row.pid(), split);
        return lines != null ? lines : ps(containers, row, descriptors);
    }

    /** ps(1) in the container, its own line filtered out by its arguments as podman does. */
    private static List<String> ps(ContainerService containers, ContainerRow row, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ps"));
        command.addAll(args);
        RuncExec.Captured r;
        try {
            r = new ExecService(containers).capture(row.id(), command);
        } catch (EngineException e) {
            throw new EngineException("executing ps(1) in the container: " + e.getMessage());
        }
        if (r.runtimeError().isPresent()) {
            throw new EngineException("executing ps(1) in the container: " + ContainerService.startFailure(
                    "runc: " + r.runtimeError().get()).getMessage());
        }
        if (r.exitCode() != 0) {
            throw new EngineException("executing ps(1) in the container: runtime failed with exit status: "
                    + r.exitCode() + " and output: " + String.join(" ", r.stderr().lines().toList()));
        }
        String own = String.join(" ", args);
        return r.stdout().lines().filter(l -> !l.contains(own)).toList();
    }
}

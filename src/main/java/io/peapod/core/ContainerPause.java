package io.peapod.core;

import io.peapod.core.conmon.Conmon;
import io.peapod.engine.EngineException;
import io.peapod.state.ContainerRow;
import io.peapod.state.Metadata;

/**
 * {@code pause} and {@code unpause}: {@code runc pause}/{@code resume} freeze and thaw the container's
 * cgroup (the v1 freezer on hybrid hosts such as this one), and the row's state says "paused" meanwhile.
 * Both run under the store lock so that a cleanup cannot record an exit in between.
 */
final class ContainerPause {
    private ContainerPause() {}

    static String pause(ContainerService containers, String nameOrId) {
        return containers.store().write(() -> {
            ContainerRow row = containers.synced(containers.find(nameOrId));
            if (row.state().equals(ContainerService.PAUSED)) {
                throw new EngineException("\"" + row.id() + "\" is already paused: container state improper");
            }
            if (!row.state().equals(ContainerService.RUNNING)) {
                throw new EngineException("\"" + row.state() + "\" is not running, can't pause: container state improper");
            }
            Conmon.pause(containers.runtime(), containers.runcRoot(), row.id());
            record(containers, row, ContainerService.PAUSED);
            return row.id();
        });
    }

    static String unpause(ContainerService containers, String nameOrId) {
        return containers.store().write(() -> {
            ContainerRow row = containers.synced(containers.find(nameOrId));
            if (!row.state().equals(ContainerService.PAUSED)) {
                throw new EngineException("\"" + row.id() + "\" is not paused, can't unpause: container state improper");
            }
            Conmon.resume(containers.runtime(), containers.runcRoot(), row.id());
            record(containers, row, ContainerService.RUNNING);
            return row.id();
        });
    }

    /** Thaws a container that is being killed; it may already be gone, which is what we wanted. */
    static void resumeQuietly(ContainerService containers, String id) {
        try {
            Conmon.resume(containers.runtime(), containers.runcRoot(), id);
        } catch (RuntimeException e) {
            // not paused any more, or no longer known to the runtime
        }
    }

    private static void record(ContainerService containers, ContainerRow row, String state) {
        ContainerRow changed = row.withState(state, row.pid(), row.conmonPid(), row.exitCode(), row.started(), row.finished());
        containers.store().db().transaction(c -> {
            Metadata.updateContainerState(c, changed);
            return null;
        });
    }
}

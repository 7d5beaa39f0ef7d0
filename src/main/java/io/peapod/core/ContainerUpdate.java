package io.peapod.core;

import io.peapod.core.conmon.Conmon;
import io.peapod.engine.ContainerResources;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.Metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code update}: new limits for a container. A running (or paused) one gets them through {@code runc update},
 * which writes its cgroup; then the stored config keeps them, so that inspect shows them and the next start
 * applies them (podman 4.3.1 changes the cgroup only, and its inspect goes on showing the old values). Runs under
 * the store lock; when runc refuses, nothing is stored.
 */
final class ContainerUpdate {
    private ContainerUpdate() {}

    static String update(ContainerService containers, String nameOrId, ContainerResources changes) {
        return containers.store().write(() -> {
            ContainerRow row = containers.synced(containers.find(nameOrId));
            Map<String, Object> config = Json.object(row.config(), "container config");
            ContainerResources merged = ContainerLimitChecks.resolve(ContainerLimits.merge(ContainerLimits.of(config), changes), null);
            if (row.state().equals(ContainerService.RUNNING) || row.state().equals(ContainerService.PAUSED)) {
                Path file = containers.userdata(row.id()).resolve("resources-update.json");
                try {
                    Files.write(file, Json.bytes(ContainerLimitsSpec.linuxResources(merged)));
                    Conmon.update(containers.runtime(), containers.runcRoot(), row.id(), file);
                } catch (IOException e) {
                    throw new io.peapod.engine.EngineException("updating container " + row.id() + ": " + e.getMessage());
                } finally {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a leftover file is harmless; the next update overwrites it
                    }
                }
            }
            config.put(ContainerLimits.KEY, ContainerLimits.toJson(merged));
            byte[] bytes = Json.bytes(config);
            containers.store().db().transaction(c -> {
                Metadata.updateContainerConfig(c, row.id(), bytes);
                return null;
            });
            return row.id();
        });
    }
}

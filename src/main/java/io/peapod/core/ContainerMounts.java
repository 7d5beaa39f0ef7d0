package io.peapod.core;

import io.peapod.engine.FilesEngine;
import io.peapod.state.ContainerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mount}/{@code unmount}: containers/storage's mount counter. Each mount counts one more user
 * of the container's root filesystem; it is unmounted when the last one lets go, and never while the
 * container runs (its own use is not counted: a running container is simply in use).
 */
final class ContainerMounts {
    private final ContainerService containers;
    private final Store store;
    private final ContainerLayers layers;

    ContainerMounts(ContainerService containers) {
        this.containers = containers;
        this.store = containers.store();
        this.layers = new ContainerLayers(store);
    }

    String mount(String nameOrId) throws IOException {
        ContainerRow row = containers.find(nameOrId);
        String path = store.write(() -> layers.mountCounted(row.id())).toString();
        new Events(store.options().runRoot()).container(Events.MOUNT, row);
        return path;
    }

    /** Containers whose root is mounted: counted mounts and running containers, oldest first. */
    List<FilesEngine.MountedContainer> mounted() throws IOException {
        List<FilesEngine.MountedContainer> out = new ArrayList<>();
        for (ContainerRow row : containers.rows()) {
            if (isMounted(row)) {
                out.add(new FilesEngine.MountedContainer(row.id(), List.of(row.name()), layers.mountPoint(row.id()).toString()));
            }
        }
        return out;
    }

    private boolean isMounted(ContainerRow row) throws IOException {
        if (layers.mountCount(row.id()) > 0 || ContainerFiles.running(row)) {
            return layers.isMounted(row.id()) || !store.driver().name().equals("overlay");
        }
        return false;
    }

    String unmount(String nameOrId, boolean force) throws IOException {
        ContainerRow row = containers.find(nameOrId);
        store.write(() -> {
            ContainerRow now = containers.find(row.id());
            layers.unmountCounted(row.id(), force, ContainerFiles.running(now));
            return null;
        });
        return row.id();
    }

    List<String> unmountAll(boolean force) throws IOException {
        List<String> out = new ArrayList<>();
        for (ContainerRow row : containers.rows()) {
            if (layers.mountCount(row.id()) > 0) {
                unmount(row.id(), force);
                out.add(row.id());
            }
        }
        return out;
    }
}

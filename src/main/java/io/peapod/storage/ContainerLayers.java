package io.peapod.storage;

import io.peapod.state.ContainerLayerRow;
import io.peapod.state.ImageRow;
import io.peapod.state.Metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers' read-write layers: {@code <graphroot>/<driver>-containers/<id>/} holds {@code diff}
 * (overlay: the upper directory; vfs: a full copy of the image), {@code work} and the {@code merged}
 * mount point. A layer keeps its image and the image's layers from being removed.
 *
 * <p>Same crash rules as image layers: built under {@code .tmp-*}, renamed into place, then recorded;
 * removed from the database first, then from disk. {@link Store#write} cleans what a crash left.
 */
public final class ContainerLayers {
    private final Store store;

    public ContainerLayers(Store store) {
        this.store = store;
    }

    public Path root() {
        return store.graphRoot().resolve(store.driver().name() + "-containers");
    }

    public Path dir(String containerId) {
        return root().resolve(containerId);
    }

    public List<ContainerLayerRow> all() {
        return store.db().read(Metadata::containerLayers);
    }

    /** The containers whose layers sit on {@code imageId}. */
    public List<String> usersOf(String imageId) {
        List<String> out = new ArrayList<>();
        for (ContainerLayerRow row : all()) {
            if (row.imageId().equals(imageId)) {
                out.add(row.containerId());
            }
        }
        return out;
    }

    /** Makes the read-write layer of a new container on top of {@code image}. Must run inside {@link Store#write}. */
    public ContainerLayerRow create(String containerId, ImageRow image) throws IOException {
        return create(containerId, image, null);
    }

    /**
     * Makes the read-write layer of a new container on top of {@code image}, its files to appear shifted by
     * {@code mapping} (null: unshifted; see {@link ShiftedLayers}). Must run inside {@link Store#write}.
     */
    public ContainerLayerRow create(String containerId, ImageRow image, IdMapping mapping) throws IOException {
        Path staging = root().resolve(Store.stagingName());
        try {
            Files.createDirectories(staging.resolve("diff"));
            Files.createDirectories(staging.resolve("work"));
            Files.createDirectories(staging.resolve("merged"));
            if (image.topLayer() != null) {
                store.driver().prepare(staging.resolve("diff"), store.layers().diffDir(image.topLayer()));
            }
            if (mapping != null) {
                ShiftedLayers.prepare(store.driver(), staging, mapping);
            }
            ContainerLayerRow row = new ContainerLayerRow(containerId, image.id(), image.topLayer(),
                    System.currentTimeMillis() * 1_000_000L);
            Files.move(staging, dir(containerId), StandardCopyOption.ATOMIC_MOVE);
            store.db().transaction(c -> {
                Metadata.insertContainerLayer(c, row);
                return null;
            });
            return row;
        } catch (IOException | RuntimeException e) {
            LayerApplier.deleteTree(staging);
            throw e;
        }
    }

    /**
     * The container's root filesystem, mounted if the driver needs a mount: overlay stacks the image's
     * layers under the container's upper directory at {@code merged}; vfs uses the copy as it is.
     */
    public Path mount(String containerId) throws IOException {
        ContainerLayerRow row = find(containerId);
        Path dir = dir(containerId);
        if (!(store.driver() instanceof Overlay)) {
            return dir.resolve("diff");
        }
        Path merged = dir.resolve("merged");
        if (!Mounts.under(merged).isEmpty()) {
            return merged;
        }
        IdMapping mapping = ShiftedLayers.mapping(dir);
        List<Path> lowers = new ArrayList<>();
        for (String id = row.topLayer(); id != null; id = store.layers().find(id).parent()) {
            lowers.add(store.layers().diffDir(id));
        }
        if (lowers.isEmpty()) {
            // overlayfs needs a lower directory even for an image without layers.
            Path empty = Files.createDirectories(dir.resolve("empty"));
            lowers.add(empty);
        }
        if (mapping != null) {
            ShiftedLayers.mountOverlay(dir, mapping, lowers, merged);
            return merged;
        }
        Overlay.mount(lowers, dir.resolve("diff"), dir.resolve("work"), merged);
        return merged;
    }

    /**
     * Unmounts the container's root filesystem if it is mounted and nobody has it mounted through
     * {@link #mountCounted} ({@code peapod mount}, a copy in progress): their count keeps it.
     */
    public void unmount(String containerId) throws IOException {
        if (mountCount(containerId) > 0) {
            return;
        }
        Path merged = dir(containerId).resolve("merged");
        if (!Mounts.under(merged).isEmpty()) {
            Mounts.unmountAllUnder(merged);
        }
    }

    /**
     * Mounts the root filesystem and counts one more user of it, as containers/storage's mount counter
     * does for {@code podman mount}: it stays mounted, whatever the container does, until every user
     * has let it go ({@link #unmountCounted}). Must run inside {@link Store#write}.
     */
    public Path mountCounted(String containerId) throws IOException {
        int users = mountCount(containerId);   // before mounting: a stale count is one without its mount
        Path root = mount(containerId);
        writeCount(containerId, users + 1);
        return root;
    }

    /**
     * Lets one user of the mount go ({@code force}: all of them) and unmounts once none is left, unless
     * {@code inUse} (a running container keeps its root). Returns the users left. Must run inside
     * {@link Store#write}.
     */
    public int unmountCounted(String containerId, boolean force, boolean inUse) throws IOException {
        int left = force ? 0 : Math.max(0, mountCount(containerId) - 1);
        writeCount(containerId, left);
        if (left == 0 && !inUse) {
            unmount(containerId);
        }
        return left;
    }

    /**
     * How many users hold the root filesystem mounted through {@link #mountCounted}. A count left by users
     * whose overlay mount is gone (a reboot, or someone ran umount(8)) is stale and counts as none.
     */
    public int mountCount(String containerId) {
        int count;
        try {
            count = Integer.parseInt(Files.readString(dir(containerId).resolve(MOUNT_COUNT)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;   // no file: nobody
        }
        try {
            if (count > 0 && store.driver() instanceof Overlay && !isMounted(containerId)) {
                return 0;
            }
        } catch (IOException e) {
            return count;
        }
        return count;
    }

    private static final String MOUNT_COUNT = "mountcount";

    private void writeCount(String containerId, int count) throws IOException {
        Path file = dir(containerId).resolve(MOUNT_COUNT);
        if (count == 0) {
            Files.deleteIfExists(file);
            return;
        }
        Path tmp = dir(containerId).resolve(MOUNT_COUNT + ".tmp");
        Files.writeString(tmp, Integer.toString(count));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The mount point of the container's root filesystem (mounted or not). */
    public Path mountPoint(String containerId) {
        return store.driver() instanceof Overlay ? dir(containerId).resolve("merged") : dir(containerId).resolve("diff");
    }

    public boolean isMounted(String containerId) throws IOException {
        return !Mounts.under(dir(containerId).resolve("merged")).isEmpty();
    }

    /** Forgets the layer, then unmounts and deletes it. Must run inside {@link Store#write}. */
    public void remove(String containerId) throws IOException {
        store.db().transaction(c -> {
            Metadata.deleteContainerLayer(c, containerId);
            return null;
        });
        Path dir = dir(containerId);
        Mounts.unmountAllUnder(dir);
        // conmon may still be writing its last files (the persist-dir exit file, its logs) when the
        // container's exit is noticed: a directory refilled under us is deleted again.
        for (int attempt = 1; ; attempt++) {
            try {
                LayerApplier.deleteTree(dir);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private ContainerLayerRow find(String containerId) {
        for (ContainerLayerRow row : all()) {
            if (row.containerId().equals(containerId)) {
                return row;
            }
        }
        throw new StorageException("container layer " + containerId + " not known");
    }

    /** Temp and orphaned container directories: what a killed writer left. Called under the store lock. */
    void removeLeftovers() throws IOException {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<String> known = all().stream().map(ContainerLayerRow::containerId).toList();
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                if (!known.contains(d.getFileName().toString())) {
                    Mounts.unmountAllUnder(d);
                    LayerApplier.deleteTree(d);
                }
            }
        }
    }
}

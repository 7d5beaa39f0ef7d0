package io.peapod.storage;

import io.peapod.state.ImageRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Containers' read-write layers on both drivers: made, mounted, written to, and removed without trace. */
class ContainerLayersTest {
    private Path dir;
    private Store store;

    @AfterEach
    void tearDown() throws IOException {
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            Mounts.unmountAllUnder(dir);
            LayerApplier.deleteTree(dir);
        }
    }

    private ImageRow storeImage() throws Exception {
        byte[] tar = TarFixtures.tarOf(dir.resolve("src"), "etc/os-release", "peapod-test\n");
        var layer = store.write(() -> store.layers().put(new ByteArrayInputStream(tar), null, null, null, -1));
        byte[] config = "{}".getBytes();
        ImageRow image = new ImageRow(Digests.hex(Digests.of(config)), layer.id(), "sha256:" + "1".repeat(64),
                new byte[] {1}, "t", config, 1, 1, List.of("localhost/t:1"));
        store.write(() -> {
            new ImageStore(store).add(image);
            return null;
        });
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void aContainerSeesItsImageAndItsWritesStayInItsOwnLayer(String driver) throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-ctr");
        store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), driver));
        ImageRow image = storeImage();
        ContainerLayers containers = new ContainerLayers(store);
        String id = "c".repeat(64);
        store.write(() -> containers.create(id, image));

        Path rootfs = containers.mount(id);
        assertThat(rootfs.resolve("etc/os-release")).hasContent("peapod-test");
        Files.writeString(rootfs.resolve("etc/os-release"), "changed\n");
        Files.writeString(rootfs.resolve("new-file"), "mine\n");
        assertThat(containers.dir(id).resolve("diff/new-file")).hasContent("mine");
        // The image itself is untouched.
        assertThat(store.layers().diffDir(image.topLayer()).resolve("etc/os-release")).hasContent("peapod-test");
        assertThat(containers.usersOf(image.id())).containsExactly(id);
        assertThat(store.check()).isEmpty();

        containers.unmount(id);
        assertThat(containers.isMounted(id)).isFalse();
        store.write(() -> {
            containers.remove(id);
            return null;
        });
        assertThat(containers.dir(id)).doesNotExist();
        assertThat(containers.all()).isEmpty();
        assertThat(store.check()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void aContainerLayerKeepsItsImageLayersUntilItGoes(String driver) throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-ctr");
        store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), driver));
        ImageRow image = storeImage();
        ContainerLayers containers = new ContainerLayers(store);
        String id = "d".repeat(64);
        store.write(() -> containers.create(id, image));
        containers.mount(id);
        // Untag the image: its layer must survive while the container uses it.
        store.write(() -> {
            new ImageStore(store).removeUnusedLayers();
            return null;
        });
        assertThat(store.layers().find(image.topLayer())).isNotNull();
        store.write(() -> {
            containers.remove(id);
            return null;
        });
        assertThat(Mounts.under(dir)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void whatACrashedCreateLeftIsRemovedByTheNextWriter(String driver) throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-ctr");
        store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), driver));
        ImageRow image = storeImage();
        ContainerLayers containers = new ContainerLayers(store);
        Files.createDirectories(containers.root().resolve(".tmp-crashed/diff"));
        Files.createDirectories(containers.root().resolve("e".repeat(64) + "/diff"));
        assertThat(store.check()).anyMatch(p -> p.contains("belongs to no container"));
        store.close();
        // What a writer killed under the lock leaves in the lock file: its own line (pid, start time).
        Files.writeString(dir.resolve("run/storage.lock"), "2147483647 1\n");
        store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), driver));
        store.write(() -> null);
        try (var left = Files.list(new ContainerLayers(store).root())) {
            assertThat(left).isEmpty();
        }
        assertThat(store.check()).isEmpty();
        assertThat(image.id()).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void countedMountsOutliveTheContainersOwnUnmountAndAStaleCountIsForgotten() throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-ctr");
        store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), "overlay"));
        ImageRow image = storeImage();
        ContainerLayers containers = new ContainerLayers(store);
        String id = "d".repeat(64);
        store.write(() -> containers.create(id, image));

        store.write(() -> containers.mountCounted(id));
        store.write(() -> containers.mountCounted(id));
        assertThat(containers.mountCount(id)).isEqualTo(2);
        containers.unmount(id);   // what a container's cleanup does
        assertThat(containers.isMounted(id)).as("a counted mount stays").isTrue();
        assertThat(store.write(() -> containers.unmountCounted(id, false, false))).isEqualTo(1);
        assertThat(containers.isMounted(id)).isTrue();
        assertThat(store.write(() -> containers.unmountCounted(id, false, true))).isZero();
        assertThat(containers.isMounted(id)).as("still in use by its running container").isTrue();
        containers.unmount(id);
        assertThat(containers.isMounted(id)).isFalse();

        store.write(() -> containers.mountCounted(id));
        Mounts.unmountAllUnder(containers.dir(id));   // gone behind our back (a reboot, umount(8))
        assertThat(containers.mountCount(id)).as("stale").isZero();
        store.write(() -> containers.mountCounted(id));
        assertThat(containers.mountCount(id)).isEqualTo(1);
        assertThat(store.write(() -> containers.unmountCounted(id, true, false))).isZero();
        assertThat(containers.isMounted(id)).isFalse();
    }
}

package io.peapod.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.state.Metadata;
import io.peapod.sys.LibC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTest {
    private Path work;
    private int trees;

    @BeforeEach
    void setUp() throws Exception {
        work = TarFixtures.tempDir("peapod-store-");
    }

    @AfterEach
    void tearDown() throws Exception {
        TarFixtures.deleteTree(work);
    }

    private Store open(String driver) {
        return Store.open(new StoreOptions(work.resolve("graph"), work.resolve("run"), driver));
    }

    /** A posix tar of files name=content ("name" ending in / is a directory, content null = empty file). */
    private byte[] layer(String... nameContent) throws Exception {
        Path src = Files.createDirectory(work.resolve("src" + trees++));
        for (int i = 0; i < nameContent.length; i += 2) {
            Path p = src.resolve(nameContent[i]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, nameContent[i + 1]);
            LibC.lutimes(p, 1_600_000_000L + i, 7, 1_600_000_000L + i, 7);
        }
        return Files.readAllBytes(TarFixtures.tar(src, work.resolve("layer" + trees + ".tar"), "posix"));
    }

    private static LayerRow put(Store store, byte[] tar, String parent, String expectedDiffId) {
        return store.write(() -> store.layers().put(new ByteArrayInputStream(tar), parent, expectedDiffId,
                "sha256:" + "c".repeat(64), 99));
    }

    private static byte[] writeTar(Store store, String id) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.layers().writeTar(id, out);
        return out.toByteArray();
    }

    private static List<String> dirs(Path p) throws Exception {
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (var s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void putThenWriteTarGivesBackTheSameBytes(String driver) throws Exception {
        byte[] tar = layer("etc/hostname", "peapod\n", "bin/sh", "#!/fake");
        String diffId = TarFixtures.sha256(tar);
        try (Store store = open(driver)) {
            LayerRow row = put(store, tar, null, diffId);
            assertThat(store.driver().name()).isEqualTo(driver);
            assertThat(row.id()).isEqualTo(Digests.hex(diffId));
            assertThat(row.diffId()).isEqualTo(diffId);
            assertThat(row.parent()).isNull();
            assertThat(row.size()).isEqualTo(tar.length);
            assertThat(store.layers().find(row.id())).isEqualTo(row);
            assertThat(store.layers().diffDir(row.id()).resolve("etc/hostname")).hasContent("peapod\n");
            byte[] back = writeTar(store, row.id());
            assertThat(TarFixtures.sha256(back)).isEqualTo(diffId);
            assertThat(back).isEqualTo(tar);
            assertThat(store.check()).isEmpty();
            assertThat(dirs(store.driverRoot())).containsExactly(row.id());
        }
        // persisted: a reopened store (no driver requested) finds the driver and the layer
        try (Store store = open("")) {
            assertThat(store.driver().name()).isEqualTo(driver);
            assertThat(writeTar(store, Digests.hex(diffId))).isEqualTo(tar);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void wrongDiffIdIsRefusedAndLeavesNothingBehind(String driver) throws Exception {
        byte[] tar = layer("a", "a");
        try (Store store = open(driver)) {
            assertThatThrownBy(() -> put(store, tar, null, "sha256:" + "0".repeat(64)))
                    .isInstanceOf(LayerException.class)
                    .hasMessageContaining("digest mismatch");
            assertThat(dirs(store.driverRoot())).isEmpty();
            assertThat(store.db().read(Metadata::layers)).isEmpty();
            assertThat(store.check()).isEmpty();
            // and the right digest still goes in afterwards
            assertThat(put(store, tar, null, TarFixtures.sha256(tar)).id()).isEqualTo(Digests.hex(TarFixtures.sha256(tar)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void layersSharingABaseShareItsRow(String driver) throws Exception {
        byte[] base = layer("lib/libc.so", "libc", "gone", "soon");
        byte[] top1 = layer("app1", "one", ".wh.gone", "");
        byte[] top2 = layer("app2", "two");
        String baseDiff = TarFixtures.sha256(base);
        try (Store store = open(driver)) {
            LayerRow b1 = put(store, base, null, baseDiff);
            LayerRow b2 = put(store, base, null, baseDiff);       // known chain: short cut
            LayerRow b3 = put(store, base, null, null);           // unverified: unpacked, then found
            assertThat(b2).isEqualTo(b1);
            assertThat(b3).isEqualTo(b1);
            LayerRow t1 = put(store, top1, b1.id(), TarFixtures.sha256(top1));
            LayerRow t2 = put(store, top2, b1.id(), null);
            assertThat(t1.parent()).isEqualTo(b1.id());
            assertThat(t2.parent()).isEqualTo(b1.id());
            assertThat(t1.id()).isEqualTo(Digests.hex(Digests.chainId(baseDiff, TarFixtures.sha256(top1))));
            assertThat(t2.id()).isEqualTo(Digests.hex(Digests.chainId(baseDiff, TarFixtures.sha256(top2))));
            assertThat(store.db().read(Metadata::layers)).extracting(LayerRow::id)
                    .containsExactlyInAnyOrder(b1.id(), t1.id(), t2.id());
            assertThat(dirs(store.driverRoot())).containsExactlyInAnyOrder(b1.id(), t1.id(), t2.id());
            assertThat(store.check()).isEmpty();

            Path d1 = store.layers().diffDir(t1.id());
            if (driver.equals("vfs")) {
                // full snapshot: base files copied in, whiteout carried out
                assertThat(d1.resolve("lib/libc.so")).hasContent("libc");
                assertThat(d1.resolve("gone")).doesNotExist();
                assertThat(store.layers().diffDir(t2.id()).resolve("gone")).hasContent("soon");
            } else {
                assertThat(d1.resolve("lib")).doesNotExist();
                assertThat((Integer) Files.getAttribute(d1.resolve("gone"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                        .isEqualTo(LibC.S_IFCHR);
            }
            // whatever the driver did on disk, the layer tars come back exactly
            assertThat(writeTar(store, t1.id())).isEqualTo(top1);
            assertThat(writeTar(store, t2.id())).isEqualTo(top2);
            assertThat(writeTar(store, b1.id())).isEqualTo(base);

            // images: layers base first; removing one image keeps the shared base for the other
            ImageStore images = new ImageStore(store);
            ImageRow i1 = image(t1.id(), "one");
            ImageRow i2 = image(t2.id(), "two");
            store.write(() -> {
                images.add(i1);
                images.add(i2);
                return null;
            });
            assertThat(images.layers(i1)).extracting(LayerRow::id).containsExactly(b1.id(), t1.id());
            store.write(() -> {
                images.remove(i1.id());
                return null;
            });
            assertThat(dirs(store.driverRoot())).containsExactlyInAnyOrder(b1.id(), t2.id());
            assertThat(store.check()).isEmpty();
            store.write(() -> {
                images.remove(i2.id());
                return null;
            });
            assertThat(dirs(store.driverRoot())).isEmpty();
            assertThat(store.db().read(Metadata::layers)).isEmpty();
        }
    }

    private static ImageRow image(String top, String tag) {
        byte[] config = ("{\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        return new ImageRow(Digests.hex(Digests.of(config)), top, Digests.of(("m" + tag).getBytes()),
                ("m" + tag).getBytes(), "application/vnd.oci.image.manifest.v1+json", config, 1, 2,
                List.of("localhost/" + tag + ":latest"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void nextWriteRemovesWhatACrashedWriterLeft(String driver) throws Exception {
        byte[] tar = layer("f", "f");
        String id;
        Path driverRoot;
        try (Store store = open(driver)) {
            id = put(store, tar, null, TarFixtures.sha256(tar)).id();
            driverRoot = store.driverRoot();
        }
        Files.createDirectories(driverRoot.resolve(".tmp-xyz/diff/usr"));
        Files.writeString(driverRoot.resolve(".tmp-xyz/diff/usr/partial"), "half");
        Files.createDirectories(driverRoot.resolve("f".repeat(64) + "/diff"));
        // What a writer killed under the lock leaves in the lock file: its own line (pid, start time).
        Files.writeString(work.resolve("run/storage.lock"), "2147483647 1\n");
        try (Store store = open(driver)) {
            assertThat(store.check()).anyMatch(p -> p.contains("belongs to no layer"));
            store.write(() -> null);
            assertThat(dirs(driverRoot)).containsExactly(id);
            assertThat(store.check()).isEmpty();
            assertThat(writeTar(store, id)).isEqualTo(tar);
        }
    }

    @Test
    void overlayMountStacksLayersAndHonoursWhiteouts() throws Exception {
        byte[] base = layer("keep", "base keep", "gone", "base gone", "shadowed", "base");
        byte[] top = layer("added", "top added", "shadowed", "top", ".wh.gone", "");
        try (Store store = open("overlay")) {
            LayerRow b = put(store, base, null, null);
            LayerRow t = put(store, top, b.id(), null);
            Path upper = Files.createDirectories(work.resolve("ctr/upper"));
            Path wd = Files.createDirectories(work.resolve("ctr/work"));
            Path target = Files.createDirectories(work.resolve("ctr/merged"));
            Overlay.mount(List.of(store.layers().diffDir(t.id()), store.layers().diffDir(b.id())), upper, wd, target);
            try {
                assertThat(target.resolve("added")).hasContent("top added");
                assertThat(target.resolve("keep")).hasContent("base keep");
                assertThat(target.resolve("shadowed")).hasContent("top");
                assertThat(target.resolve("gone")).doesNotExist();
                Files.writeString(target.resolve("written"), "by container");
                assertThat(upper.resolve("written")).hasContent("by container");
            } finally {
                LibC.umount2(target, 0);
            }
            assertThat(dirs(target)).isEmpty();
            // the lower layers were not modified by the container's write
            assertThat(store.layers().diffDir(t.id()).resolve("written")).doesNotExist();
            assertThat(writeTar(store, t.id())).isEqualTo(top);
        }
    }
}

package io.peapod.core;

import io.peapod.engine.EngineOptions;
import io.peapod.engine.ImportOptions;
import io.peapod.engine.RemoveReport;
import io.peapod.state.ImageRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;
import io.peapod.storage.StoreOptions;
import io.peapod.storage.TarFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** podman's rmi rules, including the refusal for images that containers use. */
class ImageRemovalTest {
    private Path dir;
    private LocalEngine engine;
    private String imageId;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-rmi");
        engine = new LocalEngine(new EngineOptions(dir.resolve("root").toString(), dir.resolve("run").toString(),
                "", List.of(), "warn", "", "", ""));
        byte[] tar = TarFixtures.tarOf(dir, "etc/hostname", "x\n");
        imageId = engine.importImage(new ImportOptions(null, "localhost/app:1", List.of(), "", "", ""),
                new ByteArrayInputStream(tar)).substring("sha256:".length());
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        TarFixtures.deleteTree(dir);
    }

    private String createContainerLayer() {
        try (Store store = Store.open(new StoreOptions(dir.resolve("root"), dir.resolve("run"), ""))) {
            ImageRow image = new ImageStore(store).all().getFirst();
            String containerId = "f".repeat(64);
            store.write(() -> new ContainerLayers(store).create(containerId, image));
            return containerId;
        }
    }

    @Test
    void anImageAContainerUsesIsRefusedWithExitTwo() {
        String containerId = createContainerLayer();
        RemoveReport report = engine.remove(List.of("localhost/app:1"), false, false);
        assertThat(report.deleted()).isEmpty();
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.errors()).containsExactly("image used by " + containerId
                + ": image is in use by a container: consider listing external containers and force-removing image");
        assertThat(engine.exists("localhost/app:1")).isTrue();
    }

    @Test
    void forceRemovesTheContainersLayersWithTheImage() {
        createContainerLayer();
        RemoveReport report = engine.remove(List.of("localhost/app:1"), true, false);
        assertThat(report.untagged()).containsExactly("localhost/app:1");
        assertThat(report.deleted()).containsExactly(imageId);
        assertThat(engine.list(true)).isEmpty();
        assertThat(engine.check()).isEmpty();
    }

    @Test
    void anotherNameOnlyUntagsEvenWhileAContainerUsesTheImage() {
        createContainerLayer();
        engine.tag("localhost/app:1", List.of("localhost/app:2"));
        RemoveReport report = engine.remove(List.of("localhost/app:2"), false, false);
        assertThat(report.untagged()).containsExactly("localhost/app:2");
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void forceIgnoresMissingImagesAndPlainRemovalReportsEachOne() {
        assertThat(engine.remove(List.of("nothere"), true, false).errors()).isEmpty();
        RemoveReport report = engine.remove(List.of("nothere", "other"), false, false);
        assertThat(report.errors()).containsExactly("nothere: image not known", "other: image not known");
        assertThat(report.exitCode()).isEqualTo(1);
    }
}

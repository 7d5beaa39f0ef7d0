package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.state.ImageRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLookupTest {
    private static ImageRow image(String id, String... names) {
        return new ImageRow(id, null, "sha256:" + "d".repeat(64), new byte[0], "", new byte[0], 0, 0, List.of(names));
    }

    private final ImageRow busybox = image("a1" + "0".repeat(62), "docker.io/library/busybox:latest");
    private final ImageRow local = image("a2" + "0".repeat(62), "localhost/busybox:latest", "localhost/app:1");
    private final ImageRow quay = image("b3" + "0".repeat(62), "quay.io/x/tool:2");
    private final List<ImageRow> all = List.of(busybox, local, quay);

    @Test
    void shortNamesPreferLocalhostThenDockerHub() {
        assertThat(ImageLookup.find("busybox", all)).isSameAs(local);
        assertThat(ImageLookup.find("busybox", List.of(busybox, quay))).isSameAs(busybox);
        assertThat(ImageLookup.find("docker.io/busybox", all)).isSameAs(busybox);
    }

    @Test
    void shortNamesMatchAnyRegistryByLastComponentsAndTag() {
        assertThat(ImageLookup.find("tool:2", all)).isSameAs(quay);
        assertThat(ImageLookup.find("x/tool:2", all)).isSameAs(quay);
        assertThat(ImageLookup.findOrNull("tool", all)).isNull();
        assertThat(ImageLookup.findOrNull("ool:2", all)).isNull();
    }

    @Test
    void idsAndUniquePrefixesFindImages() {
        assertThat(ImageLookup.find("b3", all)).isSameAs(quay);
        assertThat(ImageLookup.find("sha256:" + quay.id(), all)).isSameAs(quay);
        assertThatThrownBy(() -> ImageLookup.find("a", all)).isInstanceOf(EngineException.class)
                .hasMessageContaining("ambiguous");
    }

    @Test
    void missingImagesReportPodmansMessage() {
        assertThatThrownBy(() -> ImageLookup.find("nothere", all)).isInstanceOf(EngineException.class)
                .hasMessage("nothere: image not known");
    }

    @Test
    void digestReferencesMatchTheManifestDigest() {
        assertThat(ImageLookup.find("quay.io/x/tool@sha256:" + "d".repeat(64), all)).isSameAs(quay);
        assertThat(ImageLookup.findOrNull("quay.io/x/tool@sha256:" + "e".repeat(64), all)).isNull();
    }
}

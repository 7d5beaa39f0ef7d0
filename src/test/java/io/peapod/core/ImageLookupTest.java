package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.state.ImageRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLookupTest {
    private static ImageRow image(String id, String... names) {
        return new ImageRow(id, null, "sha256:" + "d".repeat(64), new byte[0], "", new byte[0], 0, 0, List.of(names));
    }

    /** registries.conf for the look-ups: none by default, so the machine's files play no part. */
    private ImageLookup.ShortNames conf = shortNames(Map.of());

    private static ImageLookup.ShortNames shortNames(Map<String, String> aliases, String... search) {
        return new ImageLookup.ShortNames() {
            @Override
            public String aliasOf(String shortName) {
                return aliases.get(shortName);
            }

            @Override
            public List<String> searchRegistries() {
                return List.of(search);
            }
        };
    }

    private ImageRow find(String input, List<ImageRow> images) {
        return ImageLookup.find(input, images, () -> conf);
    }

    private ImageRow findOrNull(String input, List<ImageRow> images) {
        return ImageLookup.findOrNull(input, images, () -> conf);
    }

    private final ImageRow busybox = image("a1" + "0".repeat(62), "docker.io/library/busybox:latest");
    private final ImageRow local = image("a2" + "0".repeat(62), "localhost/busybox:latest", "localhost/app:1");
    private final ImageRow quay = image("b3" + "0".repeat(62), "quay.io/x/tool:2");
    private final List<ImageRow> all = List.of(busybox, local, quay);

    @Test
    void shortNamesPreferLocalhostThenDockerHub() {
        assertThat(find("busybox", all)).isSameAs(local);
        assertThat(find("busybox", List.of(busybox, quay))).isSameAs(busybox);
        assertThat(find("docker.io/busybox", all)).isSameAs(busybox);
    }

    @Test
    void shortNamesMatchAnyRegistryByLastComponentsAndTag() {
        assertThat(find("tool:2", all)).isSameAs(quay);
        assertThat(find("x/tool:2", all)).isSameAs(quay);
        assertThat(findOrNull("tool", all)).isNull();
        assertThat(findOrNull("ool:2", all)).isNull();
    }

    @Test
    void idsAndUniquePrefixesFindImages() {
        assertThat(find("b3", all)).isSameAs(quay);
        assertThat(find("sha256:" + quay.id(), all)).isSameAs(quay);
        assertThatThrownBy(() -> find("a", all)).isInstanceOf(EngineException.class)
                .hasMessageContaining("ambiguous");
    }

    @Test
    void missingImagesReportPodmansMessage() {
        assertThatThrownBy(() -> find("nothere", all)).isInstanceOf(EngineException.class)
                .hasMessage("nothere: image not known");
    }

    @Test
    void digestReferencesMatchTheManifestDigest() {
        assertThat(find("quay.io/x/tool@sha256:" + "d".repeat(64), all)).isSameAs(quay);
        assertThat(findOrNull("quay.io/x/tool@sha256:" + "e".repeat(64), all)).isNull();
    }

    @Test
    void searchRegistriesComeAfterLocalhostAndBeforeDockerHub() {
        ImageRow mine = image("c4" + "0".repeat(62), "127.0.0.1:5000/busybox:latest");
        ImageRow other = image("c5" + "0".repeat(62), "quay.io/busybox:latest");
        conf = shortNames(Map.of(), "127.0.0.1:5000");
        assertThat(find("busybox", List.of(other, busybox, mine))).isSameAs(mine);
        assertThat(find("busybox", List.of(other, busybox, mine, local))).isSameAs(local);
        conf = shortNames(Map.of(), "quay.io", "127.0.0.1:5000");
        assertThat(find("busybox", List.of(mine, other))).isSameAs(other);
        // without the registry in the list, the scan of all names takes the first in store order
        conf = shortNames(Map.of());
        assertThat(find("busybox", List.of(other, mine))).isSameAs(other);
    }

    @Test
    void anAliasComesFirstAndKeepsTheTypedTag() {
        ImageRow mine = image("c4" + "0".repeat(62), "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:1.36");
        conf = shortNames(Map.of("mybox", "127.0.0.1:5000/busybox", "busybox", "127.0.0.1:5000/busybox"));
        assertThat(find("mybox", List.of(mine, busybox))).isSameAs(mine);
        assertThat(find("mybox:1.36", List.of(busybox, mine))).isSameAs(mine);
        assertThat(findOrNull("mybox:2", List.of(busybox, mine))).isNull();
        // the alias wins over localhost/ (podman's ResolveLocally puts it first)
        assertThat(find("busybox", List.of(local, busybox, mine))).isSameAs(mine);
        assertThat(ImageLookup.nameMatching("mybox:1.36", mine, () -> conf)).isEqualTo("127.0.0.1:5000/busybox:1.36");
    }

    @Test
    void registriesConfIsReadOnlyForShortNames() {
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Supplier<ImageLookup.ShortNames> counting = () -> {
            reads.incrementAndGet();
            return conf;
        };
        ImageLookup.findOrNull(quay.id(), all, counting);
        ImageLookup.findOrNull("sha256:" + quay.id(), all, counting);
        ImageLookup.findOrNull("quay.io/x/tool:2", all, counting);
        ImageLookup.findOrNull("localhost/app:1", all, counting);
        ImageLookup.findOrNull("Not A Name", all, counting);
        assertThat(reads).hasValue(0);
        ImageLookup.findOrNull("tool:2", all, counting);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anUnreadableRegistriesConfMakesShortNamesUnknown() {
        java.util.function.Supplier<ImageLookup.ShortNames> broken = () -> {
            throw new io.peapod.config.RegistriesConfException("loading registries configuration \"x\": bad");
        };
        assertThat(ImageLookup.findOrNull("busybox", all, broken)).isNull();
        assertThat(ImageLookup.findOrNull("docker.io/library/busybox", all, broken)).isSameAs(busybox);
    }
}

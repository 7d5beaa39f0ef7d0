package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTest {
    private static Descriptor instance(String digestChar, Platform p) {
        return new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + digestChar.repeat(64), 100, p, Map.of());
    }

    private final Descriptor amd64 = instance("a", new Platform("linux", "amd64", ""));
    private final Descriptor arm64 = instance("b", new Platform("linux", "arm64", "v8"));
    private final Descriptor armv7 = instance("c", new Platform("linux", "arm", "v7"));
    private final List<Descriptor> index = List.of(amd64, arm64, armv7);

    @Test
    void defaultIsTheHost() {
        assertThat(Platform.wanted("", "", "", "")).isEqualTo(new Platform("linux", "amd64", ""));
        assertThat(Platform.wanted("", "", "", "").choose(index, true)).isSameAs(amd64);
    }

    @Test
    void platformFlagAndSeparateFlags() {
        assertThat(Platform.wanted("linux/arm64", "", "", "").choose(index, true)).isSameAs(arm64);
        assertThat(Platform.wanted("linux/arm/v7", "", "", "").choose(index, true)).isSameAs(armv7);
        assertThat(Platform.wanted("", "", "arm64", "").choose(index, true)).isSameAs(arm64);
        assertThat(Platform.wanted("", "linux", "arm", "v7").choose(index, true)).isSameAs(armv7);
        // podman takes "linux" alone and keeps the host's architecture
        assertThat(Platform.wanted("linux", "", "", "")).isEqualTo(new Platform("linux", "amd64", ""));
    }

    @Test
    void noMatchUsesContainersImageWording() {
        assertThatThrownBy(() -> Platform.wanted("", "", "s390x", "").choose(index, true))
                .hasMessage("no image found in image index for architecture s390x, variant \"\", OS linux");
        assertThatThrownBy(() -> Platform.wanted("linux/arm64/v7", "", "", "").choose(index, false))
                .hasMessage("no image found in manifest list for architecture arm64, variant \"v7\", OS linux");
    }

    @Test
    void anInstanceWithoutPlatformIsTheFallback() {
        Descriptor any = instance("d", null);
        assertThat(Platform.wanted("", "", "s390x", "").choose(List.of(amd64, any), true)).isSameAs(any);
    }
}

package io.peapod.core;

import io.peapod.image.ImageReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrySourcesTest {
    private static String describe(String name) {
        return RegistrySources.describe(ImageReference.normalizeDockerHub(name));
    }

    @Test
    void referencesAreNamedAsContainersImagePrintsThem() {
        // Docker Hub in its familiar form, :latest added, as transports.ImageName shows docker:// references
        assertThat(describe("alpine")).isEqualTo("docker://alpine:latest");
        assertThat(describe("docker.io/library/alpine:3")).isEqualTo("docker://alpine:3");
        assertThat(describe("index.docker.io/user/tool")).isEqualTo("docker://user/tool:latest");
        assertThat(describe("docker.io/library/a/b")).isEqualTo("docker://library/a/b:latest");
        assertThat(describe("127.0.0.1:5000/bb")).isEqualTo("docker://127.0.0.1:5000/bb:latest");
        String digest = "sha256:" + "a".repeat(64);
        assertThat(describe("quay.io/x/y@" + digest)).isEqualTo("docker://quay.io/x/y@" + digest);
    }

    @Test
    void theTagOrDigestAskedFor() {
        assertThat(RegistrySources.reference(ImageReference.parse("h:1/x"))).isEqualTo("latest");
        assertThat(RegistrySources.reference(ImageReference.parse("h:1/x:v2"))).isEqualTo("v2");
        String digest = "sha256:" + "b".repeat(64);
        assertThat(RegistrySources.reference(ImageReference.parse("h:1/x@" + digest))).isEqualTo(digest);
    }
}

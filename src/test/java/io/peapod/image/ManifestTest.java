package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    static final String CONFIG = "sha256:6b8d6b77fdfddcbd78bd2df560b27ed2cff9f379a7b748cf16ecfa08307a5509";
    static final String LAYER = "sha256:734e80579ca9121b089bbe86c67c2edca1d1d39f20a05da81c24eaddfa5b40cc";

    @Test
    void dockerSchema2IsWrittenAsContainersImageWritesIt() {
        // Bytes podman 4.3.1 stored for an image pulled from a docker-archive: digest sha256:384a0e20...
        Manifest m = Manifest.build(MediaTypes.DOCKER_MANIFEST, new Descriptor(MediaTypes.DOCKER_CONFIG, CONFIG, 409),
                List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, LAYER, 2129920)));
        assertThat(m.toString()).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":409,\"digest\":\"" + CONFIG + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2129920,\"digest\":\"" + LAYER + "\"}]}");
        assertThat(m.digest()).isEqualTo("sha256:384a0e20bbd03a4b2df2571b6df4666600e17afd1cb8fc56aeae85f10847f902");
    }

    @Test
    void ociHasNoTopLevelMediaTypeAndDigestBeforeSize() {
        // As podman 4.3.1 writes an OCI manifest (dir: push of the same image: sha256:ea4eb30f...).
        Manifest m = Manifest.build(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, CONFIG, 409),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, LAYER, 2129920)));
        assertThat(m.digest()).isEqualTo("sha256:ea4eb30fd184c667215448b5cad8d9ad95b92097000e5d659c7dfcc637065288");
        Manifest parsed = Manifest.parse(m.raw(), null);
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parsed.config().digest()).isEqualTo(CONFIG);
        assertThat(parsed.layers()).extracting(Descriptor::size).containsExactly(2129920L);
    }

    @Test
    void annotationsFollowTheLayersSortedAndOnlyInOci() {
        Manifest oci = Manifest.build(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, CONFIG, 409),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, LAYER, 2129920)), java.util.Map.of("z", "1", "a", "b c"));
        assertThat(oci.toString()).endsWith("\"size\":2129920}],\"annotations\":{\"a\":\"b c\",\"z\":\"1\"}}");
        assertThat(Manifest.annotationsOf(oci.raw())).containsExactly(java.util.Map.entry("a", "b c"), java.util.Map.entry("z", "1"));
        Manifest docker = Manifest.build(MediaTypes.DOCKER_MANIFEST, new Descriptor(MediaTypes.DOCKER_CONFIG, CONFIG, 409),
                List.of(), java.util.Map.of("a", "b"));
        assertThat(docker.toString()).doesNotContain("annotations");
        assertThat(Manifest.annotationsOf(docker.raw())).isEmpty();
        assertThat(Manifest.annotationsOf(null)).isEmpty();
    }

    @Test
    void indexesAndSchema1() {
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + CONFIG + "\",\"size\":10,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}";
        Manifest m = Manifest.parse(index.getBytes(StandardCharsets.UTF_8), null);
        assertThat(m.isIndex()).isTrue();
        assertThat(m.instances().getFirst().platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":1,\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("schema 1 manifests are not supported");
        assertThatThrownBy(() -> Manifest.parse(("{\"schemaVersion\":2,\"config\":{\"digest\":\"md5:x\",\"size\":1},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8), null)).hasMessageContaining("invalid digest");
    }
}

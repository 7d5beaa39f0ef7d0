package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.storage.Digests;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lists serialised byte for byte as podman 4.3.1 (buildah's manifests.List) stores and pushes them. */
class ManifestListTest {
    static final String A = "sha256:a8e36f53e82e4aed716d213b00b73aaa08c1bf0704d81eb671748d6d3af4a787";
    static final String B = "sha256:203da9a14b50f773281ae70476ba9caedcd597abbd25a6e9cea1fee61edc8bbd";
    static final String OCI = "application/vnd.oci.image.manifest.v1+json";

    /** What podman stored after create, two adds (one --arch arm64 --variant v8) and an annotate. */
    static final String PODMAN_STORED = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + "{\"mediaType\":\"" + OCI + "\",\"digest\":\"" + A + "\",\"size\":343,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
            + "{\"mediaType\":\"" + OCI + "\",\"digest\":\"" + B + "\",\"size\":343,\"annotations\":{\"k\":\"v\",\"k2\":\"v2\"},"
            + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"freebsd\",\"os.version\":\"10.1\",\"variant\":\"v8\"}}]}";

    static ManifestList twoInstances() {
        return ManifestList.empty()
                .with(new ManifestList.Instance(OCI, A, 343, "linux", "amd64", "", "", List.of(), List.of(), Map.of()))
                .with(new ManifestList.Instance(OCI, B, 343, "freebsd", "arm64", "v8", "10.1", List.of(), List.of(),
                        new java.util.LinkedHashMap<>(Map.of("k", "v")) {{ put("k2", "v2"); }}));
    }

    @Test
    void emptyListIsDockersWithNullManifestsAndPodmansDigest() {
        ManifestList empty = ManifestList.empty();
        assertThat(empty.preferredType()).isEqualTo(MediaTypes.DOCKER_LIST);
        byte[] raw = empty.serialize(empty.preferredType());
        assertThat(new String(raw, StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":null}");
        // the Digest podman gives every new list
        assertThat(Digests.of(raw)).isEqualTo("sha256:20b959ad5960230b65a77b746bdbf5d991ade4d7a129c2554e167acdcc990531");
    }

    @Test
    void storedIndexMatchesPodmansBytes() {
        ManifestList list = twoInstances();
        assertThat(list.preferredType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(new String(list.serialize(MediaTypes.OCI_INDEX), StandardCharsets.UTF_8)).isEqualTo(PODMAN_STORED);
    }

    @Test
    void parseThenSerializeKeepsTheBytes() {
        ManifestList parsed = ManifestList.parse(PODMAN_STORED.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(parsed.serialize(parsed.preferredType()), StandardCharsets.UTF_8)).isEqualTo(PODMAN_STORED);
    }

    @Test
    void dockerFormDropsAnnotationsAndOrdersSizeBeforeDigest() {
        String docker = new String(twoInstances().serialize(MediaTypes.DOCKER_LIST), StandardCharsets.UTF_8);
        assertThat(docker).startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"" + OCI + "\",\"size\":343,\"digest\":\"" + A + "\",\"platform\":");
        assertThat(docker).doesNotContain("annotations");
    }

    @Test
    void featuresOnlyInDockerAndTheyMakeItPreferred() {
        ManifestList list = ManifestList.empty()
                .with(new ManifestList.Instance(OCI, A, 343, "linux", "amd64", "", "", List.of(), List.of("sse4"), Map.of()));
        assertThat(list.preferredType()).isEqualTo(MediaTypes.DOCKER_LIST);
        assertThat(new String(list.serialize(MediaTypes.DOCKER_LIST), StandardCharsets.UTF_8)).contains("\"features\":[\"sse4\"]");
        assertThat(new String(list.serialize(MediaTypes.OCI_INDEX), StandardCharsets.UTF_8)).doesNotContain("features");
    }

    @Test
    void inspectViewPutsAnnotationsAfterPlatformAndEmptyAsNull() {
        Map<String, Object> view = twoInstances().inspectView();
        assertThat(view.get("mediaType")).isEqualTo(MediaTypes.DOCKER_LIST);
        Map<String, Object> second = Json.map(Json.list(view.get("manifests")).get(1));
        assertThat(List.copyOf(second.keySet())).containsExactly("mediaType", "size", "digest", "platform", "annotations");
        ManifestList emptied = twoInstances().without(A).without(B);
        assertThat(emptied.inspectView().get("manifests")).isNull();
        // once it had instances, the stored form says [] as buildah's does
        assertThat(new String(emptied.serialize(MediaTypes.DOCKER_LIST), StandardCharsets.UTF_8)).endsWith("\"manifests\":[]}");
    }

    @Test
    void addingTheSameDigestReplacesIt() {
        ManifestList list = twoInstances().with(new ManifestList.Instance(OCI, A, 343, "linux", "s390x", "", "", List.of(), List.of(), Map.of()));
        assertThat(list.instances()).hasSize(2);
        assertThat(list.instances().getFirst().architecture()).isEqualTo("s390x");
    }
}

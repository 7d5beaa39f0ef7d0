package io.peapod.core;

import io.peapod.state.ImageRow;

import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest annotations of the images a build commits, as buildah (podman 4.3.1) writes them: an OCI
 * image gets {@code org.opencontainers.image.base.digest} (the manifest digest of the image the step started
 * from, "" from scratch) and {@code org.opencontainers.image.base.name} (the stage's FROM image, "" for
 * scratch), then the {@code --annotation}s, on every step's image; a docker-format image has none (its
 * manifest cannot hold them, and podman drops them without a word).
 */
final class BuildAnnotations {
    static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
    static final String BASE_NAME = "org.opencontainers.image.base.name";

    private BuildAnnotations() {}

    static Map<String, String> of(Map<String, String> user, ImageRow parent, String baseName, boolean docker) {
        if (docker) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        out.put(BASE_DIGEST, parent == null || parent.digest() == null ? "" : parent.digest());
        out.put(BASE_NAME, baseName == null ? "" : baseName);
        out.putAll(user);
        return out;
    }

    /**
     * What the layer cache's key adds for them: a step's image carries the annotations, so a build asking
     * for others makes its own (podman 4.3.1 reuses an image with the other build's annotations).
     */
    static String cacheKey(Map<String, String> user, boolean docker) {
        return docker || user.isEmpty() ? "" : " annotations " + new TreeMap<>(user);
    }
}

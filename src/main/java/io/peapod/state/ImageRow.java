package io.peapod.state;

import java.util.List;

/**
 * An image as the database records it. A manifest list ({@code podman manifest create}) is an image
 * too, as in containers/storage: a random id, no layers, the list (OCI index or docker list) as its
 * manifest and, in place of a config, the JSON object of where each instance came from
 * (digest to transport reference, podman's instances.json), which {@code manifest push --all} copies from.
 *
 * @param id           sha256 hex of the config blob
 * @param topLayer     chain id of the image's top layer, or null for an image without layers
 * @param digest       {@code sha256:...} of the manifest
 * @param manifest     the manifest bytes
 * @param manifestType the manifest's media type
 * @param config       the config blob bytes
 * @param created      unix nanos, from the config's {@code created}
 * @param added        unix nanos when the image entered this store
 * @param names        fully qualified names (tags) pointing at the image, oldest first
 */
public record ImageRow(String id, String topLayer, String digest, byte[] manifest, String manifestType,
                       byte[] config, long created, long added, List<String> names) {}

package io.peapod.state;

import java.util.List;

/**
 * An image as the database records it.
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

package io.peapod.state;

/**
 * A layer as the database records it.
 *
 * @param id               chain id (hex) naming this layer together with every layer below it
 * @param parent           the chain id of the layer below, or null for a base layer
 * @param diffId           {@code sha256:...} of the uncompressed layer tar
 * @param compressedDigest digest of the blob the layer was read from, or null
 * @param compressedSize   size of that blob, or -1
 * @param size             bytes of the uncompressed tar
 * @param created          unix nanos when the layer was stored
 */
public record LayerRow(String id, String parent, String diffId, String compressedDigest,
                       long compressedSize, long size, long created) {}

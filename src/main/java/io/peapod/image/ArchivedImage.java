package io.peapod.image;

import java.util.List;

/**
 * An image found in an archive or directory, before it is stored.
 *
 * @param config       the config blob
 * @param manifest     the manifest as the source had it, or null when the format has none (docker-archive)
 * @param manifestType the manifest's media type, or null
 * @param layers       the layer blobs, base first
 * @param names        the names the source gives the image (may be empty)
 */
public record ArchivedImage(byte[] config, byte[] manifest, String manifestType,
                            List<ArchivedLayer> layers, List<String> names) {

    /**
     * One layer blob in the source.
     *
     * @param path   where the blob is inside the archive
     * @param digest the blob's digest when the source states it, else null
     */
    public record ArchivedLayer(String path, String digest) {}
}

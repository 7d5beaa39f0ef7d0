package io.peapod.image;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where an image is written to (containers/image's ImageDestination, reduced): blobs with known digests,
 * then the manifest, then {@link #commit}. Nothing is visible at the destination before the commit
 * (archives are written beside the target and renamed; layouts get their index last); closing without
 * a commit discards what was written for this image (blobs already put in a layout directory stay, as
 * they are content-addressed and harmless).
 */
public interface ImageDestination extends Closeable {
    /** How the destination wants its layers. */
    enum LayerCompression {
        /** compress uncompressed layers (gzip unless another format is asked for) */
        COMPRESS,
        /** store them uncompressed (docker-archive) */
        DECOMPRESS,
        /** keep what the source has (dir:); a --compression-format still applies */
        PRESERVE
    }

    String describe();

    LayerCompression layerCompression();

    /** Whether manifests of this media type can be stored (an OCI layout stores only OCI ones). */
    boolean supportsManifestType(String mediaType);

    /** Whether the destination already holds the blob, so it need not be sent. */
    boolean hasBlob(Descriptor d) throws IOException;

    /** Stores blob {@code d}; {@code content} writes exactly {@code d.size()} bytes whose digest is {@code d.digest()}. */
    void putBlob(Descriptor d, SavedImage.Content content) throws IOException;

    /**
     * Stores blob {@code d} from {@code file} (exactly its bytes). Destinations that may need to send
     * a blob more than once (a registry retrying an upload) read the file again instead of spooling.
     */
    default void putBlob(Descriptor d, java.nio.file.Path file) throws IOException {
        putBlob(d, out -> java.nio.file.Files.copy(file, out));
    }

    /** Stores the image's manifest; after all its blobs. */
    void putManifest(Manifest manifest) throws IOException;

    /**
     * Stores the manifest of one image of a list being written (after that image's blobs, before the
     * list itself goes in with {@link #putManifest}). Destinations that cannot hold lists refuse.
     */
    default void putInstanceManifest(Manifest manifest) throws IOException {
        throw new ImageException(describe() + ": this destination does not support manifest lists");
    }

    /** Makes the image visible at the destination. */
    void commit() throws IOException;

    @Override
    default void close() throws IOException {}
}

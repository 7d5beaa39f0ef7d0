package io.peapod.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where an image is read from (containers/image's ImageSource, reduced to what Peapod uses): its
 * manifest (or an index to choose an instance from), and blobs as streams. A source does not verify:
 * the copy pipeline checks every blob's digest and size as it reads it.
 */
public interface ImageSource extends Closeable {
    /** The reference as the user wrote it, for messages. */
    String describe();

    /** The top-level manifest: an image manifest, or an index. */
    Manifest manifest() throws IOException;

    /** The manifest of one instance of the index returned by {@link #manifest()}. */
    Manifest instance(Descriptor instance) throws IOException;

    /** Opens blob {@code d} (a config or a layer) as stored, compressed or not. */
    InputStream blob(Descriptor d) throws IOException;

    /** Whether several blobs can be read at the same time (files can; a single stream cannot). */
    default boolean concurrentBlobs() {
        return true;
    }

    /**
     * Whether the manifest's layer digests are the layers' diff ids rather than the blobs' digests
     * (docker-archive): then a blob is checked through its diff id, and the stored manifest gets the
     * digests actually read.
     */
    default boolean layerDigestsAreDiffIds() {
        return false;
    }

    /** The names the source itself gives the image (ref.name annotation, RepoTags); may be empty. */
    default List<String> names() {
        return List.of();
    }

    @Override
    default void close() throws IOException {}
}

package io.peapod.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * An image from the store on its way out to an archive or directory.
 *
 * @param id     the image id (sha256 hex of {@code config})
 * @param config the config blob
 * @param names  names to record in the archive (RepoTags, ref.name)
 * @param layers the layers, base first, each an uncompressed tar
 * @param annotations the OCI manifest's annotations (a build's {@code --annotation}s); empty for none
 */
public record SavedImage(String id, byte[] config, List<String> names, List<Layer> layers,
                         java.util.Map<String, String> annotations) {

    public SavedImage {
        annotations = annotations == null ? java.util.Map.of() : java.util.Map.copyOf(annotations);
    }

    /** Without manifest annotations. */
    public SavedImage(String id, byte[] config, List<String> names, List<Layer> layers) {
        this(id, config, names, layers, java.util.Map.of());
    }

    /** Writes a layer's uncompressed tar, exactly {@code size} bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public record Layer(String diffId, long size, Content content) {}
}

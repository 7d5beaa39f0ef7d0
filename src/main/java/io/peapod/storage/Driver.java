package io.peapod.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How layers sit on disk. {@link Overlay} keeps each layer's own changes and stacks them with
 * kernel overlayfs; {@link Vfs} keeps a full copy of the filesystem at every layer, which works on
 * any filesystem at the cost of space.
 */
public sealed interface Driver permits Overlay, Vfs {
    String name();

    /** How whiteouts in a layer tar are written into this driver's layer directories. */
    LayerApplier.Whiteouts whiteouts();

    /** Fills a new, empty layer directory with what the layer starts from before its tar is applied. */
    void prepare(Path newLayerDir, Path parentLayerDir) throws IOException;

    /** Whether a layer's directory holds only its own changes, so layers can be unpacked in any order. */
    default boolean independentLayers() {
        return whiteouts() == LayerApplier.Whiteouts.OVERLAY;
    }

    /** The driver for {@code name}: "overlay" or "vfs". */
    static Driver named(String name) {
        return switch (name) {
            case "overlay", "overlay2" -> new Overlay();
            case "vfs" -> new Vfs();
            default -> throw new StorageException("unknown storage driver \"" + name + "\"");
        };
    }
}

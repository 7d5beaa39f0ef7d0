package io.peapod.storage;

import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.state.Metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Images and their names in the store, on top of the layers they use. */
public final class ImageStore {
    private final Store store;

    public ImageStore(Store store) {
        this.store = store;
    }

    public List<ImageRow> all() {
        return store.db().read(Metadata::images);
    }

    /** The image's layers, base first. */
    public List<LayerRow> layers(ImageRow image) {
        return store.db().read(c -> {
            List<LayerRow> chain = new ArrayList<>();
            String id = image.topLayer();
            while (id != null) {
                LayerRow l = Metadata.layer(c, id);
                if (l == null) {
                    throw new StorageException("image " + image.id() + " refers to missing layer " + id);
                }
                chain.add(l);
                id = l.parent();
            }
            Collections.reverse(chain);
            return chain;
        });
    }

    /**
     * Records an image whose layers are stored, or, if it is already there, gives it the new names.
     * Names move from any image that had them. Must run inside {@link Store#write}.
     */
    public void add(ImageRow image) {
        store.imagesChanging();
        store.db().transaction(c -> {
            if (Metadata.image(c, image.id()) == null) {
                Metadata.insertImage(c, image);
            } else {
                for (String name : image.names()) {
                    Metadata.setName(c, name, image.id(), image.added());
                }
            }
            return null;
        });
    }

    /**
     * Stores a pulled image in one step: the staged layers are renamed into place, then their rows and
     * the image's go in with a single transaction, so a crash leaves either the whole image or only
     * directories without rows (which the next writer removes). Staged layers whose chain is already
     * stored are dropped. {@code compressed} gives each staged layer's blob digest and size as pulled.
     * Must run inside {@link Store#write}.
     */
    public void addPulled(List<LayerStore.Staged> staged, List<LayerRow> compressed, ImageRow image) throws IOException {
        LayerStore layers = store.layers();
        List<LayerRow> rows = new ArrayList<>();
        try {
            for (int i = 0; i < staged.size(); i++) {
                LayerStore.Staged s = staged.get(i);
                if (layers.find(s.id()) != null) {
                    layers.discard(s);
                    continue;
                }
                LayerRow c = compressed.get(i);
                java.nio.file.Files.move(s.dir(), store.driverRoot().resolve(s.id()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                rows.add(new LayerRow(s.id(), s.parentId(), s.diffId(), c == null ? null : c.compressedDigest(),
                        c == null ? -1 : c.compressedSize(), s.size(), System.currentTimeMillis() * 1_000_000L));
            }
        } catch (IOException | RuntimeException e) {
            for (LayerStore.Staged s : staged) {
                layers.discard(s);
            }
            for (LayerRow r : rows) {
                LayerApplier.deleteTree(store.driverRoot().resolve(r.id()));
            }
            throw e;
        }
        store.imagesChanging();
        store.db().transaction(c -> {
            for (LayerRow r : rows) {
                Metadata.insertLayer(c, r);
            }
            if (Metadata.image(c, image.id()) == null) {
                Metadata.insertImage(c, image);
            } else {
                for (String name : image.names()) {
                    Metadata.setName(c, name, image.id(), image.added());
                }
            }
            return null;
        });
    }

    /**
     * Rewrites a stored manifest list: its document and the JSON of where its instances come from
     * (kept in the config column, which a list has no other use for). Must run inside {@link Store#write}.
     */
    public void updateList(String imageId, byte[] manifest, String manifestType, byte[] sources) {
        store.imagesChanging();
        store.db().transaction(c -> {
            Metadata.updateImageManifest(c, imageId, manifest, manifestType, sources);
            return null;
        });
    }

    public void tag(String imageId, String name) {
        store.imagesChanging();
        store.db().transaction(c -> {
            Metadata.setName(c, name, imageId, System.currentTimeMillis() * 1_000_000L);
            return null;
        });
    }

    public boolean untag(String imageId, String name) {
        store.imagesChanging();
        return store.db().transaction(c -> Metadata.removeName(c, name, imageId));
    }

    /** Deletes the image, then every layer no other image needs. Must run inside {@link Store#write}. */
    public void remove(String imageId) throws IOException {
        store.imagesChanging();
        store.db().transaction(c -> {
            Metadata.deleteImage(c, imageId);
            return null;
        });
        removeUnusedLayers();
    }

    /** Deletes layers that no image reaches, repeating up each chain. */
    public void removeUnusedLayers() throws IOException {
        LayerStore layers = store.layers();
        while (true) {
            List<String> unused = store.db().read(Metadata::unreferencedLayers);
            if (unused.isEmpty()) {
                return;
            }
            for (String id : unused) {
                layers.remove(id);
            }
        }
    }
}

package io.peapod.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What can be done with images (Podman's ImageEngine). Every method fails with {@link EngineException}. */
public interface ImageEngine {
    /** All images, or only those with names unless {@code all}, oldest first. */
    List<ImageSummary> list(boolean all);

    /** Podman's {@code image inspect} document for one image, as an ordered map. */
    Map<String, Object> inspect(String nameOrId);

    boolean exists(String nameOrId);

    /** The image's layers, base first, with the images each one is the top layer of. */
    List<LayerSummary> layers(String nameOrId);

    /** The history entries, newest first, as {@code podman history} shows them. */
    List<HistoryEntry> history(String nameOrId);

    /** Loads every image in the archive or directory at {@code input} (null: read {@code stdin}); returns the names (or ids) loaded. */
    List<String> load(Path input, InputStream stdin);

    void save(SaveOptions options, OutputStream stdout);

    /** Makes an image from a rootfs tarball; returns its id. */
    String importImage(ImportOptions options, InputStream stdin);

    /**
     * Copies an image into the store from a transport ({@code oci:}, {@code oci-archive:},
     * {@code docker-archive:}, {@code dir:}, {@code containers-storage:}); progress lines go to
     * {@code progress}. Returns the ids of the images pulled.
     */
    List<String> pull(PullOptions options, java.io.PrintStream progress);

    /** Copies a stored image to a transport; returns the digest of the manifest written. */
    String push(PushOptions options, java.io.PrintStream progress);

    void tag(String nameOrId, List<String> names);

    void untag(String nameOrId, List<String> names);

    /** Removes images; returns one report line per untagged name and deleted id, as podman prints them. */
    RemoveReport remove(List<String> namesOrIds, boolean force, boolean all);

    /** Removes dangling images (all unused ones with {@code all}); returns the removed ids. */
    List<String> prune(boolean all);
}

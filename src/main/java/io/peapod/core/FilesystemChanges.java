package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.LayerView;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code diff}: what a container's read-write layer, or an image's top layer, changed against the layers
 * below it, as containers/storage's "naive" diff reports it (the one podman uses on this kernel): the two
 * filesystems compared entry by entry, a file changed when its mode, owner, size or mtime differ, a
 * directory when its mode or owner do or when anything below it changed. With overlay only what the top
 * layer holds can differ, so the walk skips every subtree the top layer does not touch.
 */
final class FilesystemChanges {
    /** What podman leaves out of a container's diff: the files and mount points it makes itself. */
    static final Set<String> INIT_PATHS = Set.of("/dev", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/proc",
            "/run", "/run/notify", "/run/.containerenv", "/run/secrets", "/sys", "/etc/mtab");

    private final ContainerService containers;
    private final ImageService images;
    private final Store store;

    FilesystemChanges(ContainerService containers, ImageService images) {
        this.containers = containers;
        this.images = images;
        this.store = containers.store();
    }

    List<FilesEngine.Change> diff(String nameOrId, String other) throws IOException {
        if (other != null) {
            return between(nameOrId, other);
        }
        ContainerRow row = containers.findOrNull(nameOrId);
        if (row != null) {
            return containerDiff(row);
        }
        ImageRow image = ImageLookup.findOrNull(nameOrId, images.rows());
        if (image == null) {
            throw new EngineException(nameOrId + " not found: layer not known");
        }
        return imageDiff(image);
    }

    /** {@code diff A B}: A's whole filesystem against B's (each a container or an image). */
    private List<FilesEngine.Change> between(String a, String b) throws IOException {
        List<FilesEngine.Change> all = compare(view(a), view(b), false);
        Set<String> skip = new HashSet<>();
        for (String side : List.of(a, b)) {
            ContainerRow row = containers.findOrNull(side);
            if (row != null) {
                skip.addAll(skipped(row));   // what the runtime made in either container is no change
            }
        }
        return all.stream().filter(c -> !skip.contains(c.path())).toList();
    }

    /** The filesystem of a container (its layer on its image's) or an image, without mounting it. */
    private LayerView view(String nameOrId) {
        boolean overlay = store.driver().name().equals("overlay");
        List<Path> stack = new ArrayList<>();
        ContainerRow row = containers.findOrNull(nameOrId);
        if (row != null) {
            stack.add(new ContainerLayers(store).dir(row.id()).resolve("diff"));
            stack.addAll(imageLayerDirs(row.imageId()));
        } else {
            ImageRow image = ImageLookup.findOrNull(nameOrId, images.rows());
            if (image == null) {
                throw new EngineException(nameOrId + " not found: layer not known");
            }
            stack.addAll(imageLayerDirs(image.id()));
        }
        if (!overlay && stack.size() > 1) {
            stack = List.of(stack.getFirst());   // vfs: each layer is a whole copy
        }
        return new LayerView(stack, overlay);
    }

    private static Set<String> skipped(ContainerRow row) {
        Set<String> skip = new HashSet<>(INIT_PATHS);
        for (Object m : Json.list(Json.object(row.config(), "container config").get(ContainerVolumes.KEY))) {
            skip.add(Json.string(Json.map(m).get("destination")));
        }
        return skip;
    }

    List<FilesEngine.Change> containerDiff(ContainerRow row) throws IOException {
        ContainerLayers layers = new ContainerLayers(store);
        Path upper = layers.dir(row.id()).resolve("diff");
        List<Path> below = imageLayerDirs(row.imageId());
        List<FilesEngine.Change> all = changes(upper, below);
        Set<String> skip = skipped(row);
        return all.stream().filter(c -> !skip.contains(c.path())).toList();
    }

    List<FilesEngine.Change> imageDiff(ImageRow image) throws IOException {
        List<Path> dirs = imageLayerDirs(image.id());
        if (dirs.isEmpty()) {
            return List.of();
        }
        return changes(dirs.getFirst(), dirs.subList(1, dirs.size()));
    }

    /** The diff directories of an image's layers, top first (empty for an image without layers). */
    private List<Path> imageLayerDirs(String imageId) {
        ImageRow image = null;
        for (ImageRow i : images.rows()) {
            if (i.id().equals(imageId)) {
                image = i;
            }
        }
        if (image == null) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (LayerRow l : new io.peapod.storage.ImageStore(store).layers(image)) {
            out.add(store.layers().diffDir(l.id()));
        }
        Collections.reverse(out);
        return out;
    }

    /** {@code top} against {@code below} (top first): with overlay the layers stack, with vfs each is whole. */
    List<FilesEngine.Change> changes(Path top, List<Path> below) throws IOException {
        boolean overlay = store.driver().name().equals("overlay");
        LayerView newView;
        LayerView oldView;
        if (overlay) {
            List<Path> stack = new ArrayList<>();
            stack.add(top);
            stack.addAll(below);
            newView = new LayerView(stack, true);
            oldView = new LayerView(below, true);
        } else {
            newView = new LayerView(List.of(top), false);
            oldView = new LayerView(below.isEmpty() ? List.of() : List.of(below.getFirst()), false);
        }
        return compare(newView, oldView, overlay);
    }

    /** The changes from {@code oldView} to {@code newView}, sorted by path. */
    static List<FilesEngine.Change> compare(LayerView newView, LayerView oldView, boolean onlyTopChanges) throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        new Walk(newView, oldView, onlyTopChanges, changes).dir("", false);
        List<FilesEngine.Change> out = new ArrayList<>();
        changes.forEach((path, kind) -> out.add(new FilesEngine.Change(kind, path)));
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private record Walk(LayerView newView, LayerView oldView, boolean onlyTopChanges, Map<String, String> changes) {
        /** Compares directory {@code rel} (new in {@code added}); returns whether anything below it changed. */
        boolean dir(String rel, boolean added) throws IOException {
            int before = changes.size();
            Set<String> names = newView.list(rel);
            Set<String> oldNames = added ? Set.of() : oldView.list(rel);
            for (String name : names) {
                String child = rel.isEmpty() ? name : rel + "/" + name;
                boolean inOld = oldNames.contains(name);
                if (inOld && onlyTopChanges && !newView.inTopLayer(child)) {
                    continue;   // the same entry of the same lower layer in both views
                }
                Map<String, Object> na = newView.stat(child);
                Map<String, Object> oa = inOld ? oldView.stat(child) : null;
                if (na == null) {
                    continue;
                }
                if (oa == null) {
                    changes.put("/" + child, "A");
                    if (LayerView.isDirectory(na)) {
                        dir(child, true);
                    }
                    continue;
                }
                if (different(oa, na)) {
                    changes.put("/" + child, "C");
                }
                if (LayerView.isDirectory(na)) {
                    boolean below = dir(child, !LayerView.isDirectory(oa));
                    if (below && !changes.containsKey("/" + child)) {
                        changes.put("/" + child, "C");
                    }
                }
            }
            for (String name : oldNames) {
                if (!names.contains(name)) {
                    changes.put("/" + (rel.isEmpty() ? name : rel + "/" + name), "D");
                }
            }
            return changes.size() > before;
        }
    }

    /** containers/storage's statDifferent: size and mtime count for everything but directories. */
    static boolean different(Map<String, Object> a, Map<String, Object> b) {
        if (!a.get("mode").equals(b.get("mode")) || !a.get("uid").equals(b.get("uid")) || !a.get("gid").equals(b.get("gid"))
                || !a.get("rdev").equals(b.get("rdev"))) {
            return true;
        }
        if (LayerView.isDirectory(a)) {
            return false;
        }
        return !a.get("size").equals(b.get("size"))
                || !((FileTime) a.get("lastModifiedTime")).equals(b.get("lastModifiedTime"));
    }
}

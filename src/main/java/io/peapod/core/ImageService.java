package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.HistoryEntry;
import io.peapod.engine.ImageSummary;
import io.peapod.engine.RemoveReport;
import io.peapod.image.Json;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Listing, inspecting, naming and removing stored images. */
final class ImageService {
    private final Store store;
    private final ImageStore images;
    private final Events events;

    ImageService(Store store) {
        this.store = store;
        this.events = new Events(store.options().runRoot());
        this.images = new ImageStore(store);
    }

    List<ImageRow> rows() {
        return images.all();
    }

    ImageRow find(String nameOrId) {
        return ImageLookup.find(nameOrId, rows());
    }

    long size(ImageRow img) {
        long size = 0;
        for (LayerRow l : images.layers(img)) {
            size += l.size();
        }
        return size;
    }

    /**
     * Every image. {@code all} would add the intermediate images a build leaves (nameless parents of
     * other images); nothing makes those yet, so both views are the same until builds arrive.
     */
    List<ImageSummary> list(boolean all) {
        Map<String, Long> sizes = layerSizes();
        List<ImageSummary> out = new ArrayList<>();
        List<ImageRow> rows = rows();
        Set<String> intermediate = all ? Set.of() : intermediates(rows);
        for (ImageRow img : rows) {
            if (!intermediate.contains(img.id())) {
                out.add(summary(img, sizes));
            }
        }
        return out;
    }

    /**
     * The nameless images another image was built on, as libimage's IsIntermediate sees them (no name, and a
     * child: an image with the same history plus one entry and the same layers plus at most one): the steps of
     * a build, which {@code images} lists only with {@code -a}.
     */
    static Set<String> intermediates(List<ImageRow> rows) {
        record Shape(String id, List<Object> history, List<Object> diffIds) {}
        List<Shape> shapes = new ArrayList<>();
        for (ImageRow r : rows) {
            if (ManifestService.isList(r)) {
                continue;
            }
            Map<String, Object> config = Json.object(r.config(), "image config");
            shapes.add(new Shape(r.id(), Json.list(config.get("history")), Json.list(Json.map(config.get("rootfs")).get("diff_ids"))));
        }
        Set<String> named = new java.util.HashSet<>();
        rows.stream().filter(r -> !r.names().isEmpty()).forEach(r -> named.add(r.id()));
        Set<String> out = new java.util.HashSet<>();
        for (Shape p : shapes) {
            if (named.contains(p.id()) || p.history().isEmpty()) {
                continue;
            }
            for (Shape c : shapes) {
                int extra = c.diffIds().size() - p.diffIds().size();
                if (c.history().size() == p.history().size() + 1 && (extra == 0 || extra == 1)
                        && c.diffIds().subList(0, p.diffIds().size()).equals(p.diffIds())
                        && c.history().subList(0, p.history().size()).equals(p.history())) {
                    out.add(p.id());
                    break;
                }
            }
        }
        return out;
    }

    private Map<String, Long> layerSizes() {
        Map<String, Long> cumulative = new LinkedHashMap<>();
        Map<String, LayerRow> byId = new LinkedHashMap<>();
        store.db().read(io.peapod.state.Metadata::layers).forEach(l -> byId.put(l.id(), l));
        for (LayerRow l : byId.values()) {
            long total = 0;
            for (LayerRow cur = l; cur != null; cur = cur.parent() == null ? null : byId.get(cur.parent())) {
                total += cur.size();
            }
            cumulative.put(l.id(), total);
        }
        return cumulative;
    }

    private ImageSummary summary(ImageRow img, Map<String, Long> sizes) {
        Map<String, Object> config = Json.object(img.config(), "image config");
        Map<String, Object> inner = Json.map(config.get("config"));
        Map<String, String> labels = new LinkedHashMap<>();
        Json.map(inner.get("Labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        // A manifest list's size is that of what it stores, as containers/storage counts its big data.
        long size = ManifestService.isList(img) ? img.manifest().length + img.config().length
                : img.topLayer() == null ? 0 : sizes.getOrDefault(img.topLayer(), 0L);
        List<String> history = new ArrayList<>();
        return new ImageSummary(img.id(), "", img.names(), repoDigests(img), size, 0, size,
                labels, 0, false, img.names(), img.digest(), history,
                img.created() / 1_000_000_000L, new io.peapod.engine.Timestamp(img.created()).rfc3339Nano(), img.names().isEmpty(), img.added());
    }

    static List<String> repoDigests(ImageRow img) {
        Set<String> out = new LinkedHashSet<>();
        // An image pulled from an index records the index's digest; its own manifest's digest counts too.
        String own = img.manifest() == null ? null : io.peapod.storage.Digests.of(img.manifest());
        for (String name : img.names()) {
            out.add(ImageLookup.repository(name) + "@" + img.digest());
            if (own != null && !own.equals(img.digest())) {
                out.add(ImageLookup.repository(name) + "@" + own);
            }
        }
        return new ArrayList<>(out);
    }

    Map<String, Object> inspect(String nameOrId) {
        return inspect(find(nameOrId));
    }

    /** Every image's inspect document, for the {@link io.peapod.storage.ImageSnapshot}. */
    List<io.peapod.storage.ImageSnapshot.Entry> snapshotEntries() {
        List<io.peapod.storage.ImageSnapshot.Entry> out = new ArrayList<>();
        allRows = rows();
        for (ImageRow img : allRows) {
            try {
                out.add(ImageDocuments.entry(img, inspect(img)));
            } catch (EngineException e) {
                // a manifest list without a local image for this platform: its lookup fails with this message
                out.add(ImageDocuments.failedEntry(img, e.getMessage()));
            }
        }
        return out;
    }

    /** The images of the store, read once per snapshot rather than once per image. */
    private List<ImageRow> allRows;

    /**
     * libimage's parent: an image whose top layer is this image's second-to-top layer and whose history
     * is shorter (a commit's base, a build's previous step); "" when none is stored.
     */
    private String parentOf(ImageRow img, List<LayerRow> layers, Map<String, Object> config) {
        if (layers.size() < 2) {
            return "";
        }
        String parentLayer = layers.get(layers.size() - 2).id();
        int history = Json.list(config.get("history")).size();
        for (ImageRow r : allRows != null ? allRows : (allRows = rows())) {
            if (!r.id().equals(img.id()) && parentLayer.equals(r.topLayer()) && !ManifestService.isList(r)
                    && Json.list(Json.object(r.config(), "image config").get("history")).size() < history) {
                return r.id();
            }
        }
        return "";
    }

    private Map<String, Object> inspect(ImageRow img) {
        if (ManifestService.isList(img)) {
            // podman's lookup turns a list into its image for this platform
            return inspect(ManifestService.localInstance(img, rows()));
        }
        Map<String, Object> config = Json.object(img.config(), "image config");
        List<LayerRow> layers = images.layers(img);
        long size = layers.stream().mapToLong(LayerRow::size).sum();
        Map<String, Object> inner = Json.map(config.get("config"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Id", img.id());
        doc.put("Digest", img.digest());
        doc.put("RepoTags", img.names().stream().filter(n -> !n.contains("@")).toList());
        doc.put("RepoDigests", repoDigests(img));
        doc.put("Parent", parentOf(img, layers, config));
        String comment = Json.string(config.get("comment"));   // a docker-format commit's --message
        doc.put("Comment", comment != null && !comment.isEmpty() ? comment : firstHistoryComment(config));
        doc.put("Created", new io.peapod.engine.Timestamp(img.created()));
        // podman shows the config as an OCI ImageConfig: a docker config's Healthcheck at the end, and never
        // its Shell or OnBuild (which stay in the stored config: a later build runs the triggers)
        Map<String, Object> shown = new LinkedHashMap<>(inner);
        Object healthcheck = shown.remove("Healthcheck");
        shown.remove("Shell");
        shown.remove("OnBuild");
        doc.put("Config", shown);
        doc.put("Version", Json.string(config.getOrDefault("docker_version", "")));
        doc.put("Author", Json.string(config.getOrDefault("author", "")));
        doc.put("Architecture", Json.string(config.getOrDefault("architecture", "")));
        doc.put("Os", Json.string(config.getOrDefault("os", "")));
        doc.put("Size", size);
        doc.put("VirtualSize", size);
        doc.put("GraphDriver", graphDriver(layers));
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", "layers");
        rootfs.put("Layers", layers.stream().map(LayerRow::diffId).toList());
        doc.put("RootFS", rootfs);
        doc.put("Labels", inner.get("Labels"));
        doc.put("Annotations", new java.util.TreeMap<>(io.peapod.image.Manifest.annotationsOf(img.manifest())));
        doc.put("ManifestType", img.manifestType());
        doc.put("User", Json.string(inner.getOrDefault("User", "")));
        doc.put("History", config.getOrDefault("history", List.of()));
        doc.put("NamesHistory", img.names());
        if (healthcheck != null) {
            doc.put("Healthcheck", healthcheck);
        }
        return doc;
    }

    private Map<String, Object> graphDriver(List<LayerRow> layers) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!layers.isEmpty()) {
            var ls = store.layers();
            String driver = store.driver().name();
            if (driver.equals("overlay")) {
                List<String> lower = new ArrayList<>();
                for (int i = layers.size() - 2; i >= 0; i--) {
                    lower.add(ls.diffDir(layers.get(i).id()).toString());
                }
                if (!lower.isEmpty()) {
                    data.put("LowerDir", String.join(":", lower));
                }
                data.put("UpperDir", ls.diffDir(layers.getLast().id()).toString());
                data.put("WorkDir", ls.diffDir(layers.getLast().id()).resolveSibling("work").toString());
            } else {
                data.put("Dir", ls.diffDir(layers.getLast().id()).toString());
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("Name", store.driver().name());
        g.put("Data", data);
        return g;
    }

    private static String firstHistoryComment(Map<String, Object> config) {
        List<Object> history = Json.list(config.get("history"));
        if (history.isEmpty()) {
            return "";
        }
        Object c = Json.map(history.getFirst()).get("comment");
        return c == null ? "" : c.toString();
    }

    List<io.peapod.engine.LayerSummary> layerSummaries(String nameOrId) {
        List<ImageRow> all = rows();
        ImageRow img = ManifestService.findImage(nameOrId, all);
        List<io.peapod.engine.LayerSummary> out = new ArrayList<>();
        for (LayerRow l : images.layers(img)) {
            List<String> topOf = new ArrayList<>();
            for (ImageRow other : all) {
                if (l.id().equals(other.topLayer())) {
                    topOf.addAll(other.names().isEmpty() ? List.of(other.id().substring(0, 12)) : other.names());
                }
            }
            out.add(new io.peapod.engine.LayerSummary(l.id(), l.size(), topOf));
        }
        return out;
    }

    List<HistoryEntry> history(String nameOrId) {
        ImageRow img = ManifestService.findImage(nameOrId, rows());
        Map<String, Object> config = Json.object(img.config(), "image config");
        List<LayerRow> layers = images.layers(img);
        List<Object> steps = Json.list(config.get("history"));
        List<HistoryEntry> out = new ArrayList<>();
        int layerIndex = 0;
        for (Object o : steps) {
            Map<String, Object> h = Json.map(o);
            boolean empty = Boolean.TRUE.equals(h.get("empty_layer"));
            long size = 0;
            if (!empty && layerIndex < layers.size()) {
                size = layers.get(layerIndex++).size();
            }
            out.add(new HistoryEntry("<missing>", Times.parseNanos(Json.string(h.get("created"))) / 1_000_000_000L,
                    Json.string(h.getOrDefault("created_by", "")), size, Json.string(h.getOrDefault("comment", "")), ""));
        }
        if (out.isEmpty()) {
            out.add(new HistoryEntry("<missing>", img.created() / 1_000_000_000L, "", size(img), "", ""));
        }
        java.util.Collections.reverse(out);
        HistoryEntry top = out.getFirst();
        out.set(0, new HistoryEntry(img.id(), top.Created(), top.CreatedBy(), top.Size(), top.Comment(),
                String.join(", ", img.names())));
        return out;
    }

    void tag(String nameOrId, List<String> names) {
        store.write(() -> {
            ImageRow img = find(nameOrId);
            for (String n : names) {
                images.tag(img.id(), Names.forTagging(n));
                events.image(Events.TAG, img.id(), n);
            }
            return null;
        });
    }

    void untag(String nameOrId, List<String> names) {
        store.write(() -> {
            ImageRow img = find(nameOrId);
            if (names.isEmpty()) {
                for (String n : img.names()) {
                    images.untag(img.id(), n);
                    events.image(Events.UNTAG, img.id(), n);
                }
                return null;
            }
            for (String n : names) {
                String full = Names.forTagging(n);
                if (!images.untag(img.id(), full)) {
                    throw new EngineException(n + ": tag not known");
                }
                events.image(Events.UNTAG, img.id(), full);
            }
            return null;
        });
    }

    /**
     * {@code rmi}, following podman: a name of a multi-named image only untags it; an id of a
     * multi-named image needs {@code --force}; an image a container uses is refused (exit 2) unless
     * forced, which removes those containers' layers too; {@code --force} ignores missing images.
     */
    RemoveReport remove(List<String> inputs, boolean force, boolean all) {
        return store.write(() -> {
            List<String> untagged = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            int exit = 0;
            ContainerLayers containers = new ContainerLayers(store);
            List<String> targets = all ? rows().stream().map(ImageRow::id).toList() : inputs;
            for (String input : targets) {
                ImageRow img = ImageLookup.findOrNull(input, rows());
                if (img == null) {
                    if (!force) {
                        errors.add(input + ": image not known");
                        exit = exit == 0 ? 1 : exit;
                    }
                    continue;
                }
                boolean byName = !all && !input.equals(img.id()) && !img.id().startsWith(input.replace("sha256:", ""));
                if (byName && img.names().size() > 1) {
                    // Removing one of several names only untags it, as podman does.
                    String name = ImageLookup.nameMatching(input, img);
                    images.untag(img.id(), name);
                    events.image(Events.UNTAG, img.id(), name);
                    untagged.add(name);
                    continue;
                }
                if (!force && !all && img.names().size() > 1 && !byName) {
                    errors.add("unable to delete image \"" + img.id() + "\" by ID with more than one tag ("
                            + img.names() + "): please force removal");
                    exit = 125;
                    continue;
                }
                List<String> users = containers.usersOf(img.id());
                if (!users.isEmpty() && !force) {
                    errors.add("image used by " + users.getFirst() + ": image is in use by a container: "
                            + "consider listing external containers and force-removing image");
                    exit = 2;
                    continue;
                }
                for (String containerId : users) {
                    containers.remove(containerId);
                }
                untagged.addAll(img.names());
                images.remove(img.id());
                removedEvents(img, all ? "" : input);
                deleted.add(img.id());
            }
            return new RemoveReport(untagged, deleted, errors, exit);
        });
    }

    List<String> prune(boolean all) {
        return store.write(() -> {
            List<String> removed = new ArrayList<>();
            for (ImageRow img : rows()) {
                if (all || img.names().isEmpty()) {
                    images.remove(img.id());
                    removedEvents(img, "");
                    removed.add(img.id());
                }
            }
            return removed;
        });
    }

    /** podman: an "untag" per name, then "remove" named by what the user typed ("" for -a and prune). */
    private void removedEvents(ImageRow img, String input) {
        for (String n : img.names()) {
            events.image(Events.UNTAG, img.id(), n);
        }
        events.image(Events.REMOVE, img.id(), input);
    }

    void removeAllForReset() throws IOException {
        for (ImageRow img : rows()) {
            images.remove(img.id());
        }
    }
}

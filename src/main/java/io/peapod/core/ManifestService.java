package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.ManifestEngine.ManifestAddOptions;
import io.peapod.engine.ManifestEngine.ManifestInstanceOptions;
import io.peapod.engine.RemoveReport;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.ImageSource;
import io.peapod.image.ImageTransports;
import io.peapod.image.Json;
import io.peapod.image.Manifest;
import io.peapod.image.ManifestList;
import io.peapod.image.MediaTypes;
import io.peapod.image.Platform;
import io.peapod.image.ReferenceException;
import io.peapod.image.TransportReference;
import io.peapod.state.ImageRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manifest lists in the local store ({@code podman manifest create/add/annotate/remove/inspect/exists/rm}).
 * A list is an image row without layers (see {@link ImageRow}); adding an image records its manifest's
 * digest, size and platform and where it came from, without copying it, as buildah does.
 */
final class ManifestService {
    private final Store store;
    private final ImageService service;
    private final ImageStore images;
    private final Events events;
    private final RegistrySources registries;
    private final java.io.PrintStream warnings;

    /** For callers that only look lists up (manifest push): no registry is reached through this one. */
    ManifestService(Store store, ImageService service) {
        this(store, service, null, System.err);
    }

    /**
     * @param registries how {@code docker://} references and (for inspect) short names reach registries
     * @param warnings   where podman's logrus warnings go (stderr)
     */
    ManifestService(Store store, ImageService service, RegistrySources registries, java.io.PrintStream warnings) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
        this.events = new Events(store.options().runRoot());
        this.registries = registries;
        this.warnings = warnings;
    }

    static boolean isList(ImageRow row) {
        return row.manifestType() != null && MediaTypes.isIndex(row.manifestType());
    }

    /** The list {@code name} names; podman's errors when there is none or the image is not a list. */
    ImageRow findList(String name) {
        ImageRow row = ImageLookup.find(name, service.rows());
        if (!isList(row)) {
            throw new EngineException(displayName(name, row) + ": image is not a manifest list");
        }
        return row;
    }

    private static String displayName(String input, ImageRow row) {
        return row.names().isEmpty() ? row.id() : ImageLookup.nameMatching(input, row);
    }

    /**
     * The stored image a list stands for on this host (libimage's lookup of a list name): the first
     * instance for this platform whose manifest is in the store.
     */
    static ImageRow localInstance(ImageRow list, List<ImageRow> rows) {
        Platform host = Platform.host();
        for (ManifestList.Instance i : ManifestList.parse(list.manifest()).instances()) {
            if (!host.accepts(i.platform())) {
                continue;
            }
            for (ImageRow r : rows) {
                if (!isList(r) && r.manifest() != null && Digests.of(r.manifest()).equals(i.digest())) {
                    return r;
                }
            }
        }
        throw new EngineException("inspecting object: no image found in manifest list for architecture "
                + host.architecture() + ", variant \"" + host.variant() + "\", OS " + host.os() + ": image not known");
    }

    /** The image {@code input} names for commands that use an image's content (history, save, tree, run): a list stands for its local image. */
    static ImageRow findImage(String input, List<ImageRow> rows) {
        ImageRow row = ImageLookup.find(input, rows);
        return isList(row) ? localInstance(row, rows) : row;
    }

    /** Where each instance came from: digest to transport reference. */
    static Map<String, String> sources(ImageRow list) {
        Map<String, String> out = new LinkedHashMap<>();
        Json.object(list.config(), "manifest list sources").forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    String create(String name, List<String> toAdd, boolean all, boolean amend) {
        String fullName = Names.forTagging(name);
        return store.write(() -> {
            ImageRow existing = ImageLookup.findOrNull(fullName, service.rows());
            String id;
            if (existing != null && existing.names().contains(fullName)) {
                if (!amend || !isList(existing)) {
                    throw new EngineException("creating image to hold manifest list: image name \"" + fullName
                            + "\" is already associated with image \"" + existing.id() + "\": that name is already in use");
                }
                id = existing.id();
            } else {
                byte[] raw = ManifestList.empty().serialize(MediaTypes.DOCKER_LIST);
                byte[] randomId = new byte[32];
                new SecureRandom().nextBytes(randomId);
                id = HexFormat.of().formatHex(randomId);
                long now = System.currentTimeMillis() * 1_000_000L;
                images.add(new ImageRow(id, null, Digests.of(raw), raw, MediaTypes.DOCKER_LIST, "{}".getBytes(),
                        now, now, List.of(fullName)));
            }
            if (!toAdd.isEmpty()) {
                try {
                    addLocked(id, toAdd, all, ManifestInstanceOptions.NONE);
                } catch (IOException | RuntimeException e) {
                    // podman keeps the new, empty list when an image cannot be added; Peapod leaves nothing
                    if (existing == null || !existing.id().equals(id)) {
                        images.remove(id);
                    }
                    throw e;
                }
            }
            return id;
        });
    }

    String add(ManifestAddOptions o) {
        return store.write(() -> {
            ImageRow list = findList(o.list());
            addLocked(list.id(), o.images(), o.all(), o.instance());
            return list.id();
        });
    }

    private void addLocked(String listId, List<String> toAdd, boolean all, ManifestInstanceOptions overrides) throws IOException {
        ImageRow list = byId(listId);
        ManifestList doc = ManifestList.parse(list.manifest());
        Map<String, String> sources = sources(list);
        for (String image : toAdd) {
            for (Added a : resolve(image, all)) {
                ManifestList.Instance instance = apply(a.instance(), overrides);
                doc = doc.with(instance);
                sources.put(instance.digest(), a.source());
            }
        }
        save(list, doc, sources);
    }

    private ImageRow byId(String id) {
        for (ImageRow r : service.rows()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new EngineException(id + ": image not known");
    }

    private void save(ImageRow list, ManifestList doc, Map<String, String> sources) {
        String type = doc.preferredType();
        images.updateList(list.id(), doc.serialize(type), type, Json.bytes(sources));
    }

    /** An instance to add and the reference {@code manifest push --all} copies it from. */
    private record Added(ManifestList.Instance instance, String source) {}

    private List<Added> resolve(String image, boolean all) throws IOException {
        TransportReference ref = reference(image);
        if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
            return fromStore(ref, all);
        }
        String where = ref.toString();
        List<ImageSource> sources;
        try {
            if (ref.transport() == TransportReference.Transport.DOCKER) {
                ImageReference named = dockerName(ref);
                where = RegistrySources.describe(named);
                sources = List.of(openRegistry(named, where));
            } else {
                sources = ImageTransports.openSources(ref);
            }
        } catch (ImageException | IOException e) {
            // pull's "initializing source REF: " is not part of this message in podman
            String message = String.valueOf(e.getMessage());
            String pullPrefix = "initializing source " + where + ": ";
            if (message.startsWith(pullPrefix)) {
                message = message.substring(pullPrefix.length());
            }
            throw new EngineException("setting up to read manifest and configuration from \"" + where + "\": " + message);
        }
        try {
            ImageSource src = sources.getFirst();
            Manifest m = src.manifest();
            List<Added> out = new ArrayList<>();
            if (m.isIndex()) {
                List<Descriptor> chosen;
                try {
                    chosen = all ? m.instances()
                            : List.of(Platform.host().choose(m.instances(), MediaTypes.OCI_INDEX.equals(m.mediaType())));
                } catch (ImageException e) {
                    throw new EngineException("selecting image from manifest list in \"" + where + "\": " + e.getMessage());
                }
                // the index itself for the platform fields a Descriptor does not carry (os.version, features)
                ManifestList index = ManifestList.parse(m.raw());
                for (Descriptor d : chosen) {
                    ManifestList.Instance i;
                    ManifestList.Instance listed = index.find(d.digest());
                    if (d.platform() != null && listed != null) {
                        i = new ManifestList.Instance(d.mediaType(), d.digest(), d.size(), listed.os(), listed.architecture(),
                                listed.variant(), listed.osVersion(), listed.osFeatures(), listed.features(), Map.of());
                    } else {
                        Manifest inst = src.instance(d);
                        i = fromConfig(inst.mediaType(), d.digest(), d.size(), readConfig(src, inst));
                    }
                    out.add(new Added(i, where));
                }
            } else {
                out.add(new Added(fromConfig(m.mediaType(), m.digest(), m.raw().length, readConfig(src, m)), where));
            }
            return out;
        } catch (ImageException e) {
            throw new EngineException("reading image \"" + where + "\": " + e.getMessage());
        } catch (io.peapod.registry.RegistryException e) {
            // a blob or instance manifest the registry would not give (buildah's wording)
            throw new EngineException("reading configuration blob from \"" + where + "\": " + e.getMessage());
        } finally {
            for (ImageSource s : sources) {
                s.close();
            }
        }
    }

    /** The registry image a {@code docker://} reference names, normalised as containers/image does (docker.io, :latest). */
    private static ImageReference dockerName(TransportReference ref) {
        try {
            return ImageReference.normalizeDockerHub(ref.path());
        } catch (ReferenceException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /** The registry source for {@code named}; the error without pull's {@code initializing source} prefix. */
    private ImageSource openRegistry(ImageReference named, String where) throws IOException {
        try {
            return registries.open(named, where);
        } catch (RegistrySources.OpenFailure e) {
            throw new IOException(e.detail);
        }
    }

    /**
     * {@code image} as a transport reference. Without a transport podman 4.3 means a registry
     * (docker://), also for a name that is in the local store: a local image is added as
     * {@code containers-storage:NAME}.
     */
    static TransportReference reference(String image) {
        try {
            if (TransportReference.hasTransport(image)) {
                return TransportReference.parse(image);
            }
            return TransportReference.parse("docker://" + ImageReference.normalizeDockerHub(image));
        } catch (ImageException | ReferenceException e) {
            throw new EngineException(e.getMessage());
        }
    }

    private List<Added> fromStore(TransportReference ref, boolean all) {
        String name = ref.path();
        ImageRow row = ImageLookup.findOrNull(name, service.rows());
        String where = storageReference(name);
        if (row == null) {
            String inner = where.substring("containers-storage:".length());
            throw new EngineException("setting up to read manifest and configuration from \"" + where + "\": reference \""
                    + inner + "\" does not resolve to an image ID: identifier is not an image");
        }
        if (isList(row)) {
            // A list added to a list: its instances, or the one for this host, with their own sources.
            ManifestList inner = ManifestList.parse(row.manifest());
            Map<String, String> innerSources = sources(row);
            List<Added> out = new ArrayList<>();
            for (ManifestList.Instance i : inner.instances()) {
                if (all || Platform.host().accepts(i.platform())) {
                    out.add(new Added(i, innerSources.getOrDefault(i.digest(), where)));
                    if (!all) {
                        break;
                    }
                }
            }
            return out;
        }
        String source = storageReference(row.names().isEmpty() ? row.id() : ImageLookup.nameMatching(name, row));
        return List.of(new Added(fromConfig(row.manifestType(), Digests.of(row.manifest()), row.manifest().length, row.config()), source));
    }

    /** A local image as containers/image names it: {@code containers-storage:[DRIVER@ROOT+RUNROOT]NAME}. */
    private String storageReference(String name) {
        String full = name;
        if (!ImageReference.looksLikeImageId(name)) {
            try {
                full = ImageReference.normalizeForLocal(name).toString();
            } catch (ReferenceException e) {
                full = name;
            }
        }
        return "containers-storage:[" + store.driver().name() + "@" + store.graphRoot() + "+"
                + store.options().runRoot() + "]" + full;
    }

    private static byte[] readConfig(ImageSource src, Manifest m) throws IOException {
        try (InputStream in = src.blob(m.config())) {
            return in.readAllBytes();
        }
    }

    private static ManifestList.Instance fromConfig(String mediaType, String digest, long size, byte[] config) {
        Map<String, Object> c = Json.object(config, "image config");
        List<String> osFeatures = new ArrayList<>();
        Json.list(c.get("os.features")).forEach(f -> osFeatures.add(String.valueOf(f)));
        return new ManifestList.Instance(mediaType, digest, size, Json.string(c.get("os")), Json.string(c.get("architecture")),
                Json.string(c.get("variant")), Json.string(c.get("os.version")), osFeatures, List.of(), Map.of());
    }

    private static ManifestList.Instance apply(ManifestList.Instance i, ManifestInstanceOptions o) {
        Map<String, String> annotations = new LinkedHashMap<>(i.annotations());
        for (String a : o.annotations()) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new EngineException("no value given for annotation \"" + a + "\"");
            }
            annotations.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return new ManifestList.Instance(i.mediaType(), i.digest(), i.size(),
                o.os().isEmpty() ? i.os() : o.os(),
                o.arch().isEmpty() ? i.architecture() : o.arch(),
                o.variant().isEmpty() ? i.variant() : o.variant(),
                o.osVersion().isEmpty() ? i.osVersion() : o.osVersion(),
                o.osFeatures().isEmpty() ? i.osFeatures() : o.osFeatures(),
                o.features().isEmpty() ? i.features() : o.features(),
                annotations);
    }

    /** podman checks the digest's form before looking it up. */
    private static void checkDigest(String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0) {
            throw new EngineException("invalid image digest \"" + digest + "\": invalid checksum digest format");
        }
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        if (!algorithm.equals("sha256") && !algorithm.equals("sha384") && !algorithm.equals("sha512")) {
            throw new EngineException("invalid image digest \"" + digest + "\": unsupported digest algorithm");
        }
        int length = algorithm.equals("sha256") ? 64 : algorithm.equals("sha384") ? 96 : 128;
        if (hex.length() != length || !hex.matches("[a-f0-9]+")) {
            throw new EngineException("invalid image digest \"" + digest + "\": invalid checksum digest length");
        }
    }

    String annotate(String listName, String digest, ManifestInstanceOptions o) {
        return store.write(() -> {
            ImageRow list = findList(listName);
            checkDigest(digest);
            ManifestList doc = ManifestList.parse(list.manifest());
            ManifestList.Instance instance = doc.find(digest);
            // podman 4.3 leaves the list as it is, without an error, for a digest it does not hold
            if (instance != null) {
                save(list, doc.with(apply(instance, o)), sources(list));
            }
            return list.id();
        });
    }

    String removeInstance(String listName, String digest) {
        return store.write(() -> {
            try {
                ImageRow list = findList(listName);
                checkDigest(digest);
                ManifestList doc = ManifestList.parse(list.manifest());
                if (doc.find(digest) == null) {
                    throw new EngineException("no instance matching digest \"" + digest + "\" found in manifest list: file does not exist");
                }
                Map<String, String> sources = sources(list);
                sources.remove(digest);
                save(list, doc.without(digest), sources);
                return list.id();
            } catch (EngineException e) {
                throw new EngineException("removing from manifest list " + listName + ": " + e.getMessage());
            }
        });
    }

    boolean exists(String name) {
        ImageRow row = ImageLookup.findOrNull(name, service.rows());
        if (row == null) {
            return false;
        }
        if (!isList(row)) {
            throw new EngineException(displayName(name, row) + ": image is not a manifest list");
        }
        return true;
    }

    /**
     * {@code manifest inspect}: a local list as podman shows it. Anything else (no such local name, or a
     * local image that is not a list) is looked up in registries as podman 4.3.1's remote inspect does: a
     * short name resolved as pull resolves it, each candidate in turn, the first manifest read wins. A
     * list is shown converted to a docker list, a docker image manifest with a warning; an OCI image
     * manifest is podman's parsing error. {@code docker://REF} (podman 4.3.1 refuses transports here)
     * reads that one reference the same way; other transports read their manifest and show it as is.
     */
    Object inspect(String name) throws IOException {
        ImageRow row = ImageLookup.findOrNull(name, service.rows());
        if (row != null && isList(row)) {
            return ManifestList.parse(row.manifest()).inspectView();
        }
        List<ImageReference> candidates = new ArrayList<>();
        if (TransportReference.hasTransport(name)) {
            TransportReference ref = reference(name);
            if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
                throw new EngineException(name + ": image not known");
            }
            if (ref.transport() != TransportReference.Transport.DOCKER) {
                return inspectThroughTransport(ref);
            }
            candidates.add(dockerName(ref));
        } else {
            try {
                candidates.addAll(registries.policy().resolve(name, false).candidates());
            } catch (ReferenceException | io.peapod.config.RegistriesConfException e) {
                throw new EngineException(e.getMessage());
            }
        }
        String error = null;
        for (ImageReference candidate : candidates) {
            String where = RegistrySources.describe(candidate);
            ImageSource src;
            try {
                src = registries.open(candidate, where);
            } catch (RegistrySources.OpenFailure e) {
                String failure = "reading image \"" + where + "\": " + e.detail;
                // podman chains candidate errors newest first: "tried NEW\n: OLDER"
                error = error == null ? failure : "tried " + failure + "\n: " + error;
                continue;
            }
            try (src) {
                return remoteView(src.manifest());
            }
        }
        throw new EngineException(error != null ? error : name + ": image not known");
    }

    /** A manifest read from a registry as podman's remote inspect renders it. */
    private Object remoteView(Manifest m) {
        if (m.isIndex()) {
            return ManifestList.parse(m.raw()).dockerListView();
        }
        if (MediaTypes.DOCKER_MANIFEST.equals(m.mediaType())) {
            logrusWarning("The manifest type " + m.mediaType() + " is not a manifest list but a single image.");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schemaVersion", 2);
            doc.put("mediaType", m.mediaType());
            doc.put("config", schema2Descriptor(m.config()));
            List<Object> layers = new ArrayList<>();
            for (Descriptor d : m.layers()) {
                layers.add(schema2Descriptor(d));
            }
            doc.put("layers", layers);
            return doc;
        }
        throw new EngineException("parsing manifest blob " + io.peapod.config.GoText.quote(new String(m.raw(), java.nio.charset.StandardCharsets.UTF_8))
                + " as a \"" + m.mediaType() + "\": Treating single images as manifest lists is not implemented");
    }

    /** containers/image's Schema2Descriptor field order. */
    private static Map<String, Object> schema2Descriptor(Descriptor d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mediaType", d.mediaType());
        out.put("size", d.size());
        out.put("digest", d.digest());
        return out;
    }

    private void logrusWarning(String message) {
        warnings.println("time=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\" level=warning msg=\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        warnings.flush();
    }

    /** A manifest read through another transport (a Peapod extension), shown as it is, re-indented. */
    private Object inspectThroughTransport(TransportReference ref) throws IOException {
        try {
            List<ImageSource> sources = ImageTransports.openSources(ref);
            try {
                return Json.object(sources.getFirst().manifest().raw(), "manifest");
            } finally {
                for (ImageSource s : sources) {
                    s.close();
                }
            }
        } catch (ImageException | IOException e) {
            throw new EngineException("reading image \"" + ref + "\": " + e.getMessage());
        }
    }

    /** {@code manifest rm}: every list named, as {@code rmi} reports it; an unknown name exits 1, a non-list 125. */
    RemoveReport remove(List<String> names) {
        return store.write(() -> {
            List<String> untagged = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            int exit = 0;
            for (String name : names) {
                ImageRow row = ImageLookup.findOrNull(name, service.rows());
                if (row == null) {
                    errors.add(name + ": image not known");
                    exit = exit == 0 ? 1 : exit;
                    continue;
                }
                if (!isList(row)) {
                    errors.add(displayName(name, row) + ": image is not a manifest list");
                    exit = 125;
                    continue;
                }
                untagged.addAll(row.names());
                images.remove(row.id());
                for (String n : row.names()) {
                    events.image(Events.UNTAG, row.id(), n);
                }
                events.image(Events.REMOVE, row.id(), name);
                deleted.add(row.id());
            }
            return new RemoveReport(untagged, deleted, errors, exit);
        });
    }
}

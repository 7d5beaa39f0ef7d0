package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.ManifestEngine.ManifestPushOptions;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageDestination;
import io.peapod.image.ImageException;
import io.peapod.image.ImageSource;
import io.peapod.image.ImageTransports;
import io.peapod.image.Manifest;
import io.peapod.image.ManifestList;
import io.peapod.image.MediaTypes;
import io.peapod.image.TransportReference;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest push}: with {@code --all} (podman's default) each instance is copied first, from the
 * local store when it is stored here, else from the reference it was added from; then the list,
 * rewritten with the digests the instances got at the destination (compressing layers for a layout
 * changes them), goes in last and the destination commits. Any failure leaves the destination's
 * previous state visible (see {@link ImageDestination}).
 */
final class ManifestPush {
    private final Store store;
    private final ImageService service;
    private final ImageStore images;
    private final ImagePush layerPush;
    private final RegistrySources registries;

    /**
     * @param layerPush  sends the layers of instances stored here, exactly as {@code push} sends an image's
     * @param registries reads instances added from {@code docker://} references (with the push's registry flags)
     */
    ManifestPush(Store store, ImageService service, ImagePush layerPush, RegistrySources registries) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
        this.layerPush = layerPush;
        this.registries = registries;
    }

    String push(ManifestPushOptions o, PrintStream err) throws IOException {
        ManifestService lists = new ManifestService(store, service);
        ImageRow listRow = lists.findList(o.list());
        String forcedInstanceType = switch (o.format() == null ? "" : o.format()) {
            case "" -> null;
            case "oci" -> MediaTypes.OCI_MANIFEST;
            case "v2s2", "docker" -> MediaTypes.DOCKER_MANIFEST;
            default -> throw new EngineException("unknown format \"" + o.format()
                    + "\". Choose on of the supported formats: 'oci', 'v2s1', or 'v2s2'");
        };
        MediaTypes.Compression asked = switch (o.compressionFormat() == null ? "" : o.compressionFormat()) {
            case "", "gzip" -> MediaTypes.Compression.GZIP;
            case "zstd" -> MediaTypes.Compression.ZSTD;
            default -> throw new EngineException("unsupported compression format " + o.compressionFormat());
        };
        ManifestList list = ManifestList.parse(listRow.manifest());
        String listType = forcedInstanceType == null ? listRow.manifestType()
                : MediaTypes.isDocker(forcedInstanceType) ? MediaTypes.DOCKER_LIST : MediaTypes.OCI_INDEX;
        TransportReference ref = ManifestService.reference(o.destination());
        if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
            throw new EngineException("pushing a manifest list to containers-storage: is not supported");
        }
        if (ref.transport() == TransportReference.Transport.DOCKER_ARCHIVE) {
            // containers/image refuses before copying anything
            throw new EngineException("copying multiple images: destination transport \"docker-archive\" does not support copying multiple images as a group");
        }
        Map<String, String> sources = ManifestService.sources(listRow);
        PrintStream out = o.quiet() ? null : err;
        try (ImageDestination destination = ref.transport() == TransportReference.Transport.DOCKER
                ? layerPush.openRegistry(io.peapod.image.ImageReference.normalizeDockerHub(ref.path()), o.registry())
                : ImageTransports.openDestination(ref, null);
             // as containers/image opens the list's supplemental sources: all of them, before any copying
             OpenedSources registrySources = o.all() ? openRegistrySources(listRow, list, sources) : new OpenedSources()) {
            line(out, "Getting image list signatures");
            if (o.all()) {
                int n = list.instances().size();
                line(out, "Copying " + n + " of " + n + " images in list");
                List<ManifestList.Instance> moved = new ArrayList<>();
                int i = 0;
                for (ManifestList.Instance instance : list.instances()) {
                    line(out, "Copying image " + instance.digest() + " (" + (++i) + "/" + n + ")");
                    CopyProgress progress = CopyProgress.to(err, o.quiet(), false);
                    Manifest written = copyInstance(instance, sources.get(instance.digest()), registrySources,
                            forcedInstanceType, asked, destination, progress);
                    moved.add(instance.movedTo(written.mediaType(), written.digest(), written.raw().length));
                }
                list = new ManifestList(moved, list.annotations(), list.neverFilled());
            } else {
                line(out, "Copying 0 of " + list.instances().size() + " images in list");
            }
            byte[] raw = list.serialize(listType);
            line(out, "Writing manifest list to image destination");
            destination.putManifest(Manifest.parse(raw, listType));
            destination.commit();
            line(out, "Storing list signatures");
            String digest = Digests.of(raw);
            if (o.digestFile() != null && !o.digestFile().isEmpty()) {
                Files.writeString(Path.of(o.digestFile()), digest, StandardCharsets.US_ASCII);
            }
            new Events(store.options().runRoot()).image("push", listRow.id(), ref.toString());
            return digest;
        } catch (ImageException | io.peapod.registry.RegistryException e) {
            throw new EngineException(e.getMessage());
        }
    }

    private static void line(PrintStream out, String s) {
        if (out != null) {
            out.println(s);
            out.flush();
        }
    }

    /** The stored image whose manifest is {@code digest}, or null. */
    private ImageRow local(String digest) {
        for (ImageRow r : service.rows()) {
            if (!ManifestService.isList(r) && r.manifest() != null && Digests.of(r.manifest()).equals(digest)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The registry images the list's instances that are not stored here were added from, opened by the
     * reference recorded (one source per reference); containers/image's error when one cannot be opened.
     */
    private OpenedSources openRegistrySources(ImageRow listRow, ManifestList list, Map<String, String> sources)
            throws IOException {
        OpenedSources opened = new OpenedSources();
        try {
            for (ManifestList.Instance instance : list.instances()) {
                String source = sources.get(instance.digest());
                if (source == null || !source.startsWith("docker://") || opened.bySource.containsKey(source)
                        || local(instance.digest()) != null) {
                    continue;
                }
                try {
                    io.peapod.image.ImageReference named = io.peapod.image.ImageReference.normalizeDockerHub(
                            TransportReference.parse(source).path());
                    opened.bySource.put(source, registries.open(named, source));
                } catch (RegistrySources.OpenFailure e) {
                    throw new EngineException("initializing source containers-storage:[" + store.driver().name() + "@"
                            + store.graphRoot() + "+" + store.options().runRoot() + "]@" + listRow.id() + ": opening \""
                            + source + "\" as image source: " + e.detail);
                } catch (ImageException | io.peapod.image.ReferenceException e) {
                    throw new EngineException(e.getMessage());
                }
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Registry sources by the reference they were added from; closed together. */
    private static final class OpenedSources implements AutoCloseable {
        final Map<String, ImageSource> bySource = new java.util.LinkedHashMap<>();

        @Override
        public void close() throws IOException {
            for (ImageSource s : bySource.values()) {
                s.close();
            }
        }
    }

    private Manifest copyInstance(ManifestList.Instance instance, String source, OpenedSources registrySources,
                                  String forcedType,
                                  MediaTypes.Compression asked, ImageDestination destination, CopyProgress progress)
            throws IOException {
        ImageRow row = local(instance.digest());
        if (row != null) {
            return pushLocal(row, forcedType, asked, destination, progress);
        }
        if (source == null || source.startsWith("containers-storage:")) {
            throw new EngineException("reading image \"" + (source == null ? instance.digest() : source)
                    + "\": identifier is not an image: image " + instance.digest() + " is no longer in local storage");
        }
        ImageSource registry = registrySources.bySource.get(source);
        if (registry != null) {
            // read by digest: the tag it was added by may have moved since
            return copyFrom(registry, registry.instance(new Descriptor(null, instance.digest(), instance.size())),
                    forcedType, destination, progress);
        }
        return copyFromSource(instance, TransportReference.parse(source), forcedType, destination, progress);
    }

    /** The manifest type an instance is written as: the one asked for, else its own, as the destination takes it. */
    private static String instanceType(String own, String forced, ImageDestination destination) {
        String wanted = forced != null ? forced : own;
        if (destination.supportsManifestType(wanted)) {
            return wanted;
        }
        return MediaTypes.isDocker(wanted) ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
    }

    private Manifest pushLocal(ImageRow img, String forcedType, MediaTypes.Compression asked,
                               ImageDestination destination, CopyProgress progress) throws IOException {
        String own = MediaTypes.DOCKER_MANIFEST.equals(img.manifestType()) ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        String type = instanceType(own, forcedType, destination);
        MediaTypes.Compression compression = destination.layerCompression() == ImageDestination.LayerCompression.COMPRESS
                ? asked : MediaTypes.Compression.NONE;
        MediaTypes.layerType(type, compression);
        progress.start();
        List<Descriptor> layers = new ArrayList<>();
        for (LayerRow layer : images.layers(img)) {
            layers.add(layerPush.pushLayer(layer, type, compression, destination, progress));
        }
        Descriptor config = new Descriptor(MediaTypes.configType(type), "sha256:" + img.id(), img.config().length);
        progress.config(config.digest());
        if (!destination.hasBlob(config)) {
            destination.putBlob(config, out -> out.write(img.config()));
        }
        Manifest manifest = Manifest.build(type, config, layers);
        // Unchanged blobs and type: the stored bytes, so the instance keeps the digest the list names.
        Manifest stored = Manifest.parse(img.manifest(), img.manifestType());
        if (stored.mediaType().equals(type) && stored.config().digest().equals(config.digest())
                && stored.layers().stream().map(Descriptor::digest).toList().equals(layers.stream().map(Descriptor::digest).toList())) {
            manifest = stored;
        }
        progress.finish();
        destination.putInstanceManifest(manifest);
        return manifest;
    }

    /** An instance not stored here: its blobs as they are at the reference it was added from. */
    private Manifest copyFromSource(ManifestList.Instance instance, TransportReference ref, String forcedType,
                                    ImageDestination destination, CopyProgress progress) throws IOException {
        List<ImageSource> sources = ImageTransports.openSources(ref);
        try {
            ImageSource src = sources.getFirst();
            Manifest top = src.manifest();
            Manifest m = null;
            if (top.isIndex()) {
                for (Descriptor d : top.instances()) {
                    if (d.digest().equals(instance.digest())) {
                        m = src.instance(d);
                    }
                }
            } else if (top.digest().equals(instance.digest())) {
                m = top;
            }
            if (m == null) {
                throw new EngineException("reading image \"" + ref + "\": manifest " + instance.digest() + " is no longer there");
            }
            return copyFrom(src, m, forcedType, destination, progress);
        } finally {
            for (ImageSource s : sources) {
                s.close();
            }
        }
    }

    /** Copies image {@code m} of {@code src}: its blobs as they are, the manifest converted when another type is asked for. */
    private Manifest copyFrom(ImageSource src, Manifest m, String forcedType, ImageDestination destination,
                              CopyProgress progress) throws IOException {
        progress.start();
        List<Descriptor> blobs = new ArrayList<>(m.layers());
        for (Descriptor d : blobs) {
            progress.blobStarting(d.digest());
            copyBlob(src, d, destination);
            progress.blobDone(d.digest());
        }
        progress.config(m.config().digest());
        copyBlob(src, m.config(), destination);
        String type = instanceType(m.mediaType(), forcedType, destination);
        Manifest written = m;
        if (!type.equals(m.mediaType())) {
            List<Descriptor> layers = new ArrayList<>();
            for (Descriptor d : m.layers()) {
                layers.add(d.withMediaType(MediaTypes.layerType(type, compressionOf(d.mediaType()))));
            }
            written = Manifest.build(type, m.config().withMediaType(MediaTypes.configType(type)), layers);
        }
        progress.finish();
        destination.putInstanceManifest(written);
        return written;
    }

    private static MediaTypes.Compression compressionOf(String layerType) {
        if (layerType == null) {
            return MediaTypes.Compression.NONE;
        }
        return layerType.endsWith("gzip") ? MediaTypes.Compression.GZIP
                : layerType.endsWith("zstd") ? MediaTypes.Compression.ZSTD : MediaTypes.Compression.NONE;
    }

    private static void copyBlob(ImageSource src, Descriptor d, ImageDestination destination) throws IOException {
        if (d.digest() == null) {
            throw new EngineException(src.describe() + ": layers without digests cannot be copied into a manifest list");
        }
        if (!destination.hasBlob(d)) {
            destination.putBlob(d, out -> {
                try (InputStream in = src.blob(d)) {
                    in.transferTo(out);
                }
            });
        }
    }
}

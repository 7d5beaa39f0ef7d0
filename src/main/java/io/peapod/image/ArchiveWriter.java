package io.peapod.image;

import io.peapod.storage.Digests;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes images as podman save does: docker-archive, oci-archive, an OCI layout directory, or a
 * {@code dir:} directory. Layers go out uncompressed, so their blob digest is their diff id and the
 * image id (the config digest) is unchanged.
 */
public final class ArchiveWriter {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

    private ArchiveWriter() {}

    /** Where blobs go: members of a tar stream, or files in a directory. */
    private interface Sink {
        void put(String path, long size, SavedImage.Content content) throws IOException;
    }

    public static void dockerArchive(List<SavedImage> images, OutputStream out) throws IOException {
        long now = 0;   // fixed mtimes: saving the same image twice gives the same bytes
        try (TarWriter tar = new TarWriter(out)) {
            Set<String> written = new HashSet<>();
            List<Object> manifest = new ArrayList<>();
            Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
            for (SavedImage img : images) {
                List<String> layerPaths = new ArrayList<>();
                for (SavedImage.Layer l : img.layers()) {
                    String path = Digests.hex(l.diffId()) + ".tar";
                    if (written.add(path)) {
                        tar.file(path, l.size(), now);
                        l.content().writeTo(tar.data());
                        tar.end();
                    }
                    layerPaths.add(path);
                }
                String configPath = img.id() + ".json";
                if (written.add(configPath)) {
                    tar.file(configPath, img.config(), now);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Config", configPath);
                entry.put("RepoTags", img.names());
                entry.put("Layers", layerPaths);
                manifest.add(entry);
                for (String name : img.names()) {
                    int colon = name.lastIndexOf(':');
                    if (colon > name.lastIndexOf('/') && !img.layers().isEmpty()) {
                        repositories.computeIfAbsent(name.substring(0, colon), k -> new LinkedHashMap<>())
                                .put(name.substring(colon + 1), Digests.hex(img.layers().getLast().diffId()));
                    }
                }
            }
            tar.file("manifest.json", Json.bytes(manifest), now);
            tar.file("repositories", Json.bytes(repositories), now);
        }
    }

    public static void ociArchive(List<SavedImage> images, OutputStream out) throws IOException {
        try (TarWriter tar = new TarWriter(out)) {
            Set<String> written = new HashSet<>();
            writeOciLayout(images, (path, size, content) -> {
                if (written.add(path)) {
                    tar.file(path, size, 0);
                    content.writeTo(tar.data());
                    tar.end();
                }
            });
        }
    }

    public static void ociDir(List<SavedImage> images, Path dir) throws IOException {
        writeOciLayout(images, dirSink(dir));
    }

    /** The {@code dir:} transport: manifest.json, blobs named by their hex digest, and a version file. */
    public static void dockerDir(SavedImage img, Path dir) throws IOException {
        Sink sink = dirSink(dir);
        byte[] manifest = manifest(img, DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER);
        for (SavedImage.Layer l : img.layers()) {
            sink.put(Digests.hex(l.diffId()), l.size(), l.content());
        }
        put(sink, img.id(), img.config());
        put(sink, "manifest.json", manifest);
        put(sink, "version", "Directory Transport Version: 1.1\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeOciLayout(List<SavedImage> images, Sink sink) throws IOException {
        put(sink, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII));
        List<Object> descriptors = new ArrayList<>();
        for (SavedImage img : images) {
            for (SavedImage.Layer l : img.layers()) {
                sink.put("blobs/sha256/" + Digests.hex(l.diffId()), l.size(), l.content());
            }
            put(sink, "blobs/sha256/" + img.id(), img.config());
            byte[] manifest = manifest(img, OCI_MANIFEST, OCI_CONFIG, OCI_LAYER);
            String digest = Digests.of(manifest);
            put(sink, "blobs/sha256/" + Digests.hex(digest), manifest);
            List<String> names = img.names().isEmpty() ? java.util.Collections.singletonList(null) : img.names();
            for (String name : names) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("mediaType", OCI_MANIFEST);
                d.put("digest", digest);
                d.put("size", manifest.length);
                if (name != null) {
                    d.put("annotations", Map.of("org.opencontainers.image.ref.name", name));
                }
                descriptors.add(d);
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.put("manifests", descriptors);
        put(sink, "index.json", Json.bytes(index));
    }

    /** A manifest for {@code img} with uncompressed layers, in the given media types. */
    public static byte[] manifest(SavedImage img, String manifestType, String configType, String layerType) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", manifestType);
        m.put("config", descriptor(configType, "sha256:" + img.id(), img.config().length));
        List<Object> layers = new ArrayList<>();
        for (SavedImage.Layer l : img.layers()) {
            layers.add(descriptor(layerType, l.diffId(), l.size()));
        }
        m.put("layers", layers);
        if (manifestType.equals(OCI_MANIFEST) && !img.annotations().isEmpty()) {
            m.put("annotations", new java.util.TreeMap<>(img.annotations()));   // Go's map order, as buildah writes them
        }
        return Json.bytes(m);
    }

    private static Map<String, Object> descriptor(String type, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", type);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static void put(Sink sink, String path, byte[] data) throws IOException {
        sink.put(path, data.length, out -> out.write(data));
    }

    private static Sink dirSink(Path dir) throws IOException {
        Files.createDirectories(dir);
        return (path, size, content) -> {
            Path target = dir.resolve(path);
            if (Files.exists(target)) {
                return;   // blobs are content-addressed: an existing one is the same
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
                content.writeTo(out);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        };
    }
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.ImportOptions;
import io.peapod.engine.SaveOptions;
import io.peapod.image.ArchiveFiles;
import io.peapod.image.ArchiveReader;
import io.peapod.image.ArchiveWriter;
import io.peapod.image.ArchivedImage;
import io.peapod.image.DirFiles;
import io.peapod.image.Json;
import io.peapod.image.SavedImage;
import io.peapod.image.TarFiles;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;
import io.peapod.storage.tar.TarFormatException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Moving images in and out of the store: load, save and import. */
final class ImageTransfer {
    private final Store store;
    private final ImageService service;
    private final ImageStore images;

    ImageTransfer(Store store, ImageService service) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
    }

    // ---- load ----------------------------------------------------------------------------------

    List<String> load(Path input, InputStream stdin) {
        List<Path> temps = new ArrayList<>();
        try {
            ArchiveFiles files = open(input, stdin, temps);
            List<ArchivedImage> found;
            try {
                found = ArchiveReader.read(files);
            } catch (IOException | RuntimeException e) {
                throw new EngineException("payload does not match any of the supported image formats (oci, oci-archive, docker-archive, docker-dir): "
                        + e.getMessage());
            }
            return store.write(() -> {
                try {
                    List<String> loaded = new ArrayList<>();
                    for (ArchivedImage img : found) {
                        loaded.addAll(storeImage(files, img));
                    }
                    new Events(store.options().runRoot()).image(Events.LOAD, "",
                            input == null ? "/dev/stdin" : input.toString());
                    return loaded;
                } catch (IOException | RuntimeException e) {
                    images.removeUnusedLayers();   // what this load stored but no image holds
                    throw e;
                }
            });
        } catch (TarFormatException e) {
            throw new EngineException("payload does not match any of the supported image formats: " + e.getMessage());
        } catch (IOException e) {
            throw new EngineException(e.getMessage());
        } finally {
            temps.forEach(ImageTransfer::deleteQuietly);
        }
    }

    private ArchiveFiles open(Path input, InputStream stdin, List<Path> temps) throws IOException {
        if (input != null && Files.isDirectory(input)) {
            return new DirFiles(input);
        }
        if (input != null && !Files.exists(input)) {
            throw new EngineException("open " + input + ": no such file or directory");
        }
        InputStream raw = new BufferedInputStream(input == null ? stdin : Files.newInputStream(input), 256 * 1024);
        try (raw) {
            InputStream decompressed = Compression.decompress(raw);
            if (decompressed == raw && input != null) {
                return TarFiles.index(input);   // plain tar on disk: read it in place
            }
            // stdin, or a compressed archive: the members must be read out of order, so keep a plain copy.
            Path tmp = Files.createTempFile(tempDir(), "peapod-load-", ".tar");
            temps.add(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                decompressed.transferTo(out);
            }
            return TarFiles.index(tmp);
        }
    }

    private List<String> storeImage(ArchiveFiles files, ArchivedImage img) throws IOException {
        Map<String, Object> config = Json.object(img.config(), "image config");
        List<Object> diffIds = Json.list(Json.map(config.get("rootfs")).get("diff_ids"));
        if (diffIds.size() != img.layers().size()) {
            throw new EngineException("image config lists " + diffIds.size() + " layers but the archive has "
                    + img.layers().size());
        }
        String parent = null;
        List<LayerRow> stored = new ArrayList<>();
        for (int i = 0; i < img.layers().size(); i++) {
            ArchivedImage.ArchivedLayer layer = img.layers().get(i);
            LayerRow row = storeLayer(files, layer, parent, diffIds.get(i).toString());
            stored.add(row);
            parent = row.id();
        }
        String id = Digests.hex(Digests.of(img.config()));
        byte[] manifest = img.manifest();
        String manifestType = img.manifestType();
        if (manifest == null) {
            manifest = dockerArchiveManifest(img.config(), stored);
            manifestType = ArchiveWriter.DOCKER_MANIFEST;
        }
        List<String> names = new ArrayList<>();
        for (String n : img.names()) {
            String full = Names.fromArchive(n);
            if (full != null && !names.contains(full)) {
                names.add(full);
            }
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        images.add(new ImageRow(id, parent, Digests.of(manifest), manifest,
                manifestType == null ? ArchiveWriter.OCI_MANIFEST : manifestType, img.config(),
                Times.parseNanos(Json.string(config.get("created"))), now, names));
        return names.isEmpty() ? List.of("sha256:" + id) : names;
    }

    /**
     * The manifest containers/image makes for a docker-archive image (see image.DockerArchiveSource),
     * so a loaded image gets the digest podman gives it.
     */
    private static byte[] dockerArchiveManifest(byte[] config, List<LayerRow> layers) {
        List<io.peapod.image.Descriptor> ds = new ArrayList<>();
        for (LayerRow l : layers) {
            boolean compressed = l.compressedDigest() != null && !l.compressedDigest().equals(l.diffId()) && l.compressedSize() >= 0;
            ds.add(new io.peapod.image.Descriptor(io.peapod.image.MediaTypes.DOCKER_LAYER_GZIP,
                    compressed ? l.compressedDigest() : l.diffId(), compressed ? l.compressedSize() : l.size()));
        }
        return io.peapod.image.Manifest.build(ArchiveWriter.DOCKER_MANIFEST,
                new io.peapod.image.Descriptor(ArchiveWriter.DOCKER_CONFIG, Digests.of(config), config.length), ds).raw();
    }

    private LayerRow storeLayer(ArchiveFiles files, ArchivedImage.ArchivedLayer layer, String parent, String diffId)
            throws IOException {
        MessageDigest blobSha = layer.digest() == null ? null : Digests.sha256();
        InputStream raw = files.open(layer.path());
        DigestInputStream hashing = blobSha == null ? null : new DigestInputStream(raw, blobSha);
        // The digest sits below the buffer: decompress() peeks with mark/reset, which must not hash twice.
        try (InputStream blob = new BufferedInputStream(hashing == null ? raw : hashing, 256 * 1024)) {
            InputStream tar = Compression.decompress(blob);
            boolean blobIsDiff = tar == blob && diffId.equals(layer.digest());
            if (hashing != null && blobIsDiff) {
                hashing.on(false);   // an uncompressed blob is its own diff: checking the diff id checks it
            }
            LayerRow row = store.layers().put(tar, parent, diffId, layer.digest(), -1);
            if (hashing == null || blobIsDiff) {
                return row;
            }
            // Read to the end (a compressor's trailer, or all of it when the layer was already stored)
            // so the blob's own digest can be checked too.
            blob.transferTo(OutputStream.nullOutputStream());
            String got = "sha256:" + HexFormat.of().formatHex(blobSha.digest());
            if (!got.equals(layer.digest())) {
                throw new EngineException("layer blob " + layer.path() + " does not match its digest " + layer.digest());
            }
            return row;
        }
    }

    // ---- save ----------------------------------------------------------------------------------

    void save(SaveOptions opts, OutputStream stdout) throws IOException {
        writeArchive(opts, stdout);
        Events events = new Events(store.options().runRoot());
        List<ImageRow> rows = service.rows();
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (String input : opts.images()) {
            ImageRow img = ManifestService.findImage(input, rows);
            if (reported.add(img.id())) {
                events.image(Events.SAVE, img.id(), opts.output() == null ? "/dev/stdout" : opts.output().toString());
            }
        }
    }

    private void writeArchive(SaveOptions opts, OutputStream stdout) throws IOException {
        String format = opts.format().isEmpty() ? "docker-archive" : opts.format();
        if (!List.of("docker-archive", "oci-archive", "oci-dir", "docker-dir").contains(format)) {
            throw new EngineException("unsupported format \"" + format
                    + "\" (must be one of docker-archive, oci-archive, oci-dir, docker-dir)");
        }
        if (opts.images().size() > 1 && !format.equals("docker-archive")) {
            throw new EngineException("unsupported format \"" + format + "\" for multi-image archives");
        }
        List<ImageRow> rows = service.rows();
        List<SavedImage> toSave = new ArrayList<>();
        for (String input : opts.images()) {
            ImageRow img = ManifestService.findImage(input, rows);
            toSave.add(saved(img, namesFor(input, img)));
        }
        switch (format) {
            case "oci-dir", "docker-dir" -> {
                if (opts.output() == null) {
                    throw new EngineException("the output directory must be given with --output for " + format);
                }
                if (format.equals("oci-dir")) {
                    ArchiveWriter.ociDir(toSave, opts.output());
                } else {
                    ArchiveWriter.dockerDir(toSave.getFirst(), opts.output());
                }
            }
            default -> {
                if (opts.output() == null) {
                    OutputStream out = new BufferedOutputStream(stdout, 256 * 1024);
                    writeArchive(format, toSave, out);
                    out.flush();
                    return;
                }
                Path target = opts.output().toAbsolutePath();
                if (Files.exists(target) && !Files.isRegularFile(target)) {
                    // A pipe, a device or /dev/stdout: write through it, as podman does.
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 256 * 1024)) {
                        writeArchive(format, toSave, out);
                    }
                    return;
                }
                // Write beside the (symlink-resolved) target and rename: an interrupted save leaves no half archive.
                for (int hops = 0; hops < 40 && Files.isSymbolicLink(target); hops++) {
                    target = target.resolveSibling(Files.readSymbolicLink(target)).normalize();
                }
                Path tmp = target.resolveSibling("." + target.getFileName() + ".peapod-tmp");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
                    writeArchive(format, toSave, out);
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(tmp);
                    throw e;
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void writeArchive(String format, List<SavedImage> images, OutputStream out) throws IOException {
        if (format.equals("oci-archive")) {
            ArchiveWriter.ociArchive(images, out);
        } else {
            ArchiveWriter.dockerArchive(images, out);
        }
    }

    /** Podman records the name the user asked for; an image asked for by id goes out nameless. */
    private static List<String> namesFor(String input, ImageRow img) {
        String bare = input.startsWith("sha256:") ? input.substring(7) : input;
        if (img.id().startsWith(bare)) {
            return List.of();
        }
        return img.names().isEmpty() ? List.of() : List.of(ImageLookup.nameMatching(input, img));
    }

    private SavedImage saved(ImageRow img, List<String> names) {
        List<SavedImage.Layer> layers = new ArrayList<>();
        for (LayerRow l : images.layers(img)) {
            layers.add(new SavedImage.Layer(l.diffId(), l.size(), out -> store.layers().writeTar(l.id(), out)));
        }
        return new SavedImage(img.id(), img.config(), names, layers, io.peapod.image.Manifest.annotationsOf(img.manifest()));
    }

    static SavedImage savedShape(String id, byte[] config, List<LayerRow> layers) {
        List<SavedImage.Layer> out = new ArrayList<>();
        for (LayerRow l : layers) {
            out.add(new SavedImage.Layer(l.diffId(), l.size(), o -> { }));
        }
        return new SavedImage(id, config, List.of(), out);
    }

    // ---- import --------------------------------------------------------------------------------

    String importImage(ImportOptions opts, InputStream stdin) throws IOException {
        String name = opts.reference() == null || opts.reference().isEmpty() ? null : Names.forTagging(opts.reference());
        Map<String, Object> inner = ConfigChanges.apply(new LinkedHashMap<>(), opts.changes());
        if (opts.source() != null && !Files.isRegularFile(opts.source())) {
            throw new EngineException("open " + opts.source() + ": no such file or directory");
        }
        try (InputStream raw = new BufferedInputStream(opts.source() == null ? stdin : Files.newInputStream(opts.source()), 256 * 1024)) {
            InputStream tar = Compression.decompress(raw);
            return store.write(() -> {
                try {
                    LayerRow layer = store.layers().put(tar, null, null, null, -1);
                    String now = new io.peapod.engine.Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano();
                    Map<String, Object> config = new LinkedHashMap<>();
                    config.put("created", now);
                    config.put("architecture", opts.arch() == null || opts.arch().isEmpty() ? "amd64" : opts.arch());
                    config.put("os", opts.os() == null || opts.os().isEmpty() ? "linux" : opts.os());
                    config.put("config", inner);
                    config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layer.diffId())));
                    Map<String, Object> history = new LinkedHashMap<>();
                    history.put("created", now);
                    history.put("created_by", "/bin/sh -c #(nop) ADD file:" + Digests.hex(layer.diffId()) + " in / ");
                    history.put("comment", opts.message() == null || opts.message().isEmpty()
                            ? "imported from tarball" : opts.message());
                    config.put("history", List.of(history));
                    byte[] configBytes = Json.bytes(config);
                    String id = Digests.hex(Digests.of(configBytes));
                    byte[] manifest = ArchiveWriter.manifest(savedShape(id, configBytes, List.of(layer)),
                            ArchiveWriter.OCI_MANIFEST, ArchiveWriter.OCI_CONFIG, ArchiveWriter.OCI_LAYER);
                    images.add(new ImageRow(id, layer.id(), Digests.of(manifest), manifest, ArchiveWriter.OCI_MANIFEST,
                            configBytes, Times.parseNanos(now), System.currentTimeMillis() * 1_000_000L,
                            name == null ? List.of() : List.of(name)));
                    if (name != null) {
                        new Events(store.options().runRoot()).image(Events.TAG, id, opts.reference());
                    }
                    return "sha256:" + id;
                } catch (IOException | RuntimeException e) {
                    images.removeUnusedLayers();
                    throw e;
                }
            });
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Path tempDir() throws IOException {
        String dir = System.getenv("TMPDIR");
        Path p = Path.of(dir == null || dir.isEmpty() ? "/var/tmp" : dir);
        Files.createDirectories(p);
        return p;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a temp file
        }
    }
}

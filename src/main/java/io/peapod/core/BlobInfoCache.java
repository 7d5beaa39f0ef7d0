package io.peapod.core;

import io.peapod.image.Descriptor;
import io.peapod.image.MediaTypes;
import io.peapod.storage.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Which compressed blob a layer became when it was last pushed with a given compression
 * ({@code <graphroot>/blob-info-cache/<diff-id hex>.<gzip|zstd>} holding {@code sha256:... SIZE}),
 * containers/image's BlobInfoCache reduced to what push needs: a destination that already holds that
 * blob is not sent it again, and the layer need not even be recompressed. Compression here is
 * deterministic, so a recompressed layer gets the same digest anyway; the cache saves the work.
 * Entries are only hints: a wrong or stale one costs a recompression, never a wrong blob.
 *
 * <p>It also remembers where blobs were seen on registries ({@code <digest hex>.locations}, lines of
 * {@code REGISTRY REPOSITORY}, most recent first), as containers/image's known locations: a push to
 * another repository of the same registry asks it to mount the blob instead of uploading it again.
 */
final class BlobInfoCache {
    private final Path dir;

    BlobInfoCache(Path graphRoot) {
        this.dir = graphRoot.resolve("blob-info-cache");
    }

    private Path file(String diffId, MediaTypes.Compression c) {
        return dir.resolve(Digests.hex(diffId) + "." + c.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The compressed blob recorded for {@code diffId}, or null. */
    Descriptor find(String diffId, MediaTypes.Compression c, String mediaType) {
        try {
            String[] parts = Files.readString(file(diffId, c), StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length == 2 && parts[0].matches("sha256:[a-f0-9]{64}")) {
                return new Descriptor(mediaType, parts[0], Long.parseLong(parts[1]));
            }
        } catch (IOException | NumberFormatException e) {
            // no entry, or a damaged one: recompress
        }
        return null;
    }

    /** Forgets everything ({@code system reset}). */
    static void clear(Path graphRoot) throws IOException {
        Path dir = graphRoot.resolve("blob-info-cache");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** How many repositories are remembered per blob: enough for mounting, bounded for the file. */
    private static final int MAX_LOCATIONS = 16;

    private Path locationsFile(String digest) {
        return dir.resolve(Digests.hex(digest) + ".locations");
    }

    /** Repositories of {@code registry} where {@code digest} was seen, most recent first. */
    List<String> repositoriesWith(String registry, String digest) {
        List<String> out = new ArrayList<>();
        for (String line : locationLines(digest)) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.substring(0, sp).equals(registry)) {
                out.add(line.substring(sp + 1));
            }
        }
        return out;
    }

    /** {@code repository} of {@code registry} holds {@code digest} (pushed, found or mounted there). */
    void recordLocation(String registry, String repository, String digest) {
        if (!digest.matches("sha256:[a-f0-9]{64}") || registry.contains(" ") || repository.contains(" ")) {
            return;
        }
        String entry = registry + " " + repository;
        List<String> lines = new ArrayList<>(locationLines(digest));
        if (!lines.isEmpty() && lines.getFirst().equals(entry)) {
            return;
        }
        lines.remove(entry);
        lines.addFirst(entry);
        while (lines.size() > MAX_LOCATIONS) {
            lines.removeLast();
        }
        write(locationsFile(digest), String.join("\n", lines) + "\n");
    }

    /** This cache for one registry, as the registry destination asks it. */
    io.peapod.registry.RegistryDestination.BlobLocations locationsOn(String registry) {
        return new io.peapod.registry.RegistryDestination.BlobLocations() {
            @Override
            public List<String> repositoriesWith(String digest) {
                return BlobInfoCache.this.repositoriesWith(registry, digest);
            }

            @Override
            public void record(String digest, String repository) {
                recordLocation(registry, repository, digest);
            }
        };
    }

    private List<String> locationLines(String digest) {
        try {
            return Files.readAllLines(locationsFile(digest), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();   // none yet, or damaged: nothing to mount from
        }
    }

    /**
     * What a pull from {@code registry}/{@code repository} learned: every blob of {@code manifest} (config
     * included) is there, and each compressed layer is the blob its diff id (same position in
     * {@code diffIds}) comes as with that compression. An uncompressed layer records no mapping: push
     * compresses it anyway.
     */
    void recordPulled(String registry, String repository, io.peapod.image.Manifest manifest, List<String> diffIds) {
        if (manifest.config() != null) {
            recordLocation(registry, repository, manifest.config().digest());
        }
        List<Descriptor> layers = manifest.layers();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            recordLocation(registry, repository, layer.digest());
            MediaTypes.Compression c = compressionOf(layer.mediaType());
            if (c != MediaTypes.Compression.NONE && i < diffIds.size() && diffIds.get(i).matches("sha256:[a-f0-9]{64}")
                    && layer.digest().matches("sha256:[a-f0-9]{64}")) {
                record(diffIds.get(i), c, layer);
            }
        }
    }

    /** The compression a layer media type names (docker's gzip type, OCI's +gzip/+zstd; else none). */
    static MediaTypes.Compression compressionOf(String layerType) {
        if (layerType == null) {
            return MediaTypes.Compression.NONE;
        }
        return layerType.endsWith("gzip") ? MediaTypes.Compression.GZIP
                : layerType.endsWith("zstd") ? MediaTypes.Compression.ZSTD : MediaTypes.Compression.NONE;
    }

    /** {@code diffId} comes as {@code blob} when compressed with {@code c} (pushed so, or pulled so). */
    void record(String diffId, MediaTypes.Compression c, Descriptor blob) {
        write(file(diffId, c), blob.digest() + " " + blob.size() + "\n");
    }

    /** Replaces {@code target} atomically; failures are ignored (a cache). */
    private void write(Path target, String content) {
        try {
            Files.createDirectories(dir);
            Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid());
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache: the next push recompresses
        }
    }
}

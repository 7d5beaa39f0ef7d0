package io.peapod.core;

import io.peapod.image.Descriptor;
import io.peapod.image.MediaTypes;
import io.peapod.storage.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which compressed blob a layer became when it was last pushed with a given compression
 * ({@code <graphroot>/blob-info-cache/<diff-id hex>.<gzip|zstd>} holding {@code sha256:... SIZE}),
 * containers/image's BlobInfoCache reduced to what push needs: a destination that already holds that
 * blob is not sent it again, and the layer need not even be recompressed. Compression here is
 * deterministic, so a recompressed layer gets the same digest anyway; the cache saves the work.
 * Entries are only hints: a wrong or stale one costs a recompression, never a wrong blob.
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

    void record(String diffId, MediaTypes.Compression c, Descriptor blob) {
        try {
            Files.createDirectories(dir);
            Path target = file(diffId, c);
            Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid());
            Files.writeString(tmp, blob.digest() + " " + blob.size() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache: the next push recompresses
        }
    }
}

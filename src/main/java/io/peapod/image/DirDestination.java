package io.peapod.image;

import io.peapod.storage.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an image into a {@code dir:} directory: blobs named by their hex digest, manifest.json and a
 * version file. As containers/image, an existing image directory is emptied first and any other
 * non-empty directory is refused.
 */
public final class DirDestination implements ImageDestination {
    static final String VERSION = "Directory Transport Version: 1.1\n";

    private final Path dir;
    private final String describe;
    private Manifest manifest;

    public DirDestination(Path dir, String describe) throws IOException {
        this.dir = dir;
        this.describe = describe;
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (var list = Files.list(dir)) {
                empty = list.findAny().isEmpty();
            }
            if (!empty) {
                if (!Files.isRegularFile(dir.resolve("version"))) {
                    throw new ImageException("non-empty directory \"" + dir + "\" is not an image destination");
                }
                try (var list = Files.list(dir)) {
                    for (Path p : list.toList()) {
                        Files.delete(p);
                    }
                }
            }
        } else if (Files.exists(dir)) {
            throw new ImageException("\"" + dir + "\" is not a directory");
        }
        Files.createDirectories(dir);
        BlobFiles.writeBytes(dir.resolve("version"), VERSION.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.PRESERVE;
    }

    @Override
    public boolean supportsManifestType(String mediaType) {
        return !MediaTypes.isIndex(mediaType);
    }

    @Override
    public boolean hasBlob(Descriptor d) throws IOException {
        Path p = dir.resolve(Digests.hex(d.digest()));
        return Files.isRegularFile(p) && (d.size() < 0 || Files.size(p) == d.size());
    }

    @Override
    public void putBlob(Descriptor d, SavedImage.Content content) throws IOException {
        BlobFiles.write(dir.resolve(Digests.hex(d.digest())), d, content);
    }

    @Override
    public void putManifest(Manifest m) {
        this.manifest = m;
    }

    /** As containers/image's dir: transport: an instance's manifest is {@code HEX.manifest.json}, the list manifest.json. */
    @Override
    public void putInstanceManifest(Manifest m) throws IOException {
        BlobFiles.writeBytes(dir.resolve(Digests.hex(m.digest()) + ".manifest.json"), m.raw());
    }

    @Override
    public void commit() throws IOException {
        if (manifest == null) {
            throw new ImageException("no manifest written to " + describe);
        }
        BlobFiles.writeBytes(dir.resolve("manifest.json"), manifest.raw());
    }
}

package io.peapod.image;

import io.peapod.storage.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an image into an OCI layout directory ({@code oci:DIR[:REF]}). Blobs land under
 * {@code blobs/sha256}; the image becomes visible when {@link #commit} rewrites {@code index.json}
 * (temp file + rename), replacing an entry with the same ref name as containers/image does.
 */
public final class OciLayoutDestination implements ImageDestination {
    private final Path dir;
    private final String ref;
    private final String describe;
    private Manifest manifest;

    public OciLayoutDestination(Path dir, String ref, String describe) throws IOException {
        this.dir = dir;
        this.ref = ref;
        this.describe = describe;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ImageException("cannot create OCI layout at " + dir + ": not a directory");
        }
        Files.createDirectories(dir.resolve("blobs/sha256"));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.COMPRESS;
    }

    @Override
    public boolean supportsManifestType(String mediaType) {
        return MediaTypes.OCI_MANIFEST.equals(mediaType) || MediaTypes.OCI_INDEX.equals(mediaType);
    }

    private Path blobPath(String digest) {
        return dir.resolve("blobs/sha256").resolve(Digests.hex(digest));
    }

    @Override
    public boolean hasBlob(Descriptor d) throws IOException {
        Path p = blobPath(d.digest());
        return Files.isRegularFile(p) && (d.size() < 0 || Files.size(p) == d.size());
    }

    @Override
    public void putBlob(Descriptor d, SavedImage.Content content) throws IOException {
        BlobFiles.write(blobPath(d.digest()), d, content);
    }

    @Override
    public void putManifest(Manifest m) throws IOException {
        BlobFiles.writeBytes(blobPath(m.digest()), m.raw());
        this.manifest = m;
    }

    /** An instance of a list is a blob like any other; only the list gets an entry in index.json. */
    @Override
    public void putInstanceManifest(Manifest m) throws IOException {
        BlobFiles.writeBytes(blobPath(m.digest()), m.raw());
    }

    @Override
    public void commit() throws IOException {
        if (manifest == null) {
            throw new ImageException("no manifest written to " + describe);
        }
        Map<String, String> annotations = ref == null ? Map.of() : Map.of(OciLayoutSource.REF_NAME, ref);
        Descriptor d = new Descriptor(manifest.mediaType(), manifest.digest(), manifest.raw().length, null, annotations);
        List<Object> entries = new ArrayList<>();
        Path indexFile = dir.resolve("index.json");
        boolean placed = false;
        if (Files.isRegularFile(indexFile)) {
            for (Object o : Json.list(Json.object(Files.readAllBytes(indexFile), "index.json").get("manifests"))) {
                Descriptor old = Descriptor.parse(o);
                String oldName = old.annotations().get(OciLayoutSource.REF_NAME);
                boolean replace = ref != null ? ref.equals(oldName) : oldName == null && old.digest().equals(d.digest());
                if (replace && !placed) {
                    entries.add(d.toOciJson());
                    placed = true;
                } else if (!replace) {
                    entries.add(o);
                }
            }
        }
        if (!placed) {
            entries.add(d.toOciJson());
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", entries);
        BlobFiles.writeBytes(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII));
        BlobFiles.writeBytes(indexFile, Json.bytes(index));
    }
}

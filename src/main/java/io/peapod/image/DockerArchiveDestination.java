package io.peapod.image;

import io.peapod.storage.Digests;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code docker-archive:} as {@code docker save} lays it out: each layer as
 * {@code <hex>.tar} (uncompressed: its digest is its diff id), the config as {@code <hex>.json}, then
 * manifest.json and repositories. The tar is streamed into a temp file beside the target as blobs
 * arrive, and renamed over it on commit.
 */
public final class DockerArchiveDestination implements ImageDestination {
    private final Path target;
    private final Path tmp;
    private final List<String> names;
    private final String describe;
    private final OutputStream file;
    private final TarWriter tar;
    private final Set<String> written = new HashSet<>();
    private boolean committed;

    public DockerArchiveDestination(Path target, List<String> names, String describe) throws IOException {
        this.target = ArchiveTargets.resolve(target);
        this.tmp = this.target.resolveSibling("." + this.target.getFileName() + ".peapod-tmp");
        this.names = names;
        this.describe = describe;
        this.file = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024);
        this.tar = new TarWriter(file);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.DECOMPRESS;
    }

    @Override
    public boolean supportsManifestType(String mediaType) {
        return MediaTypes.DOCKER_MANIFEST.equals(mediaType);
    }

    @Override
    public boolean hasBlob(Descriptor d) {
        return written.contains(d.digest());
    }

    private static boolean isConfig(Descriptor d) {
        return MediaTypes.DOCKER_CONFIG.equals(d.mediaType()) || MediaTypes.OCI_CONFIG.equals(d.mediaType());
    }

    @Override
    public void putBlob(Descriptor d, SavedImage.Content content) throws IOException {
        if (!written.add(d.digest())) {
            return;
        }
        String name = Digests.hex(d.digest()) + (isConfig(d) ? ".json" : ".tar");
        tar.file(name, d.size(), 0);
        BlobFiles.CheckingOutputStream out = new BlobFiles.CheckingOutputStream(tar.data());
        content.writeTo(out);
        out.check(d);
        tar.end();
    }

    @Override
    public void putManifest(Manifest m) throws IOException {
        List<String> layerPaths = new ArrayList<>();
        for (Descriptor l : m.layers()) {
            layerPaths.add(Digests.hex(l.digest()) + ".tar");
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Config", Digests.hex(m.config().digest()) + ".json");
        entry.put("RepoTags", names);
        entry.put("Layers", layerPaths);
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (String name : names) {
            int colon = name.lastIndexOf(':');
            if (colon > name.lastIndexOf('/') && !layerPaths.isEmpty()) {
                repositories.computeIfAbsent(name.substring(0, colon), k -> new LinkedHashMap<>())
                        .put(name.substring(colon + 1), Digests.hex(m.layers().getLast().digest()));
            }
        }
        tar.file("manifest.json", Json.bytes(List.of(entry)), 0);
        tar.file("repositories", Json.bytes(repositories), 0);
    }

    @Override
    public void commit() throws IOException {
        tar.close();
        file.close();
        committed = true;
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                file.close();
            } catch (IOException ignored) {
                // discarding it anyway
            }
            Files.deleteIfExists(tmp);
        }
    }
}

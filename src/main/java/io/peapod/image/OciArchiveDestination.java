package io.peapod.image;

import io.peapod.storage.tar.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes an {@code oci-archive:}: an OCI layout built in a directory beside the target, then tarred
 * into a temp file that is renamed over the target on commit, so the archive appears whole or not at all.
 */
public final class OciArchiveDestination implements ImageDestination {
    private final Path target;
    private final Path work;
    private final OciLayoutDestination layout;

    public OciArchiveDestination(Path target, String ref, String describe) throws IOException {
        this.target = ArchiveTargets.resolve(target);
        this.work = this.target.resolveSibling("." + this.target.getFileName() + ".peapod-tmp-dir");
        deleteTree(work);
        this.layout = new OciLayoutDestination(work, ref, describe);
    }

    @Override
    public String describe() {
        return layout.describe();
    }

    @Override
    public LayerCompression layerCompression() {
        return layout.layerCompression();
    }

    @Override
    public boolean supportsManifestType(String mediaType) {
        return layout.supportsManifestType(mediaType);
    }

    @Override
    public boolean hasBlob(Descriptor d) throws IOException {
        return layout.hasBlob(d);
    }

    @Override
    public void putBlob(Descriptor d, SavedImage.Content content) throws IOException {
        layout.putBlob(d, content);
    }

    @Override
    public void putManifest(Manifest m) throws IOException {
        layout.putManifest(m);
    }

    @Override
    public void putInstanceManifest(Manifest m) throws IOException {
        layout.putInstanceManifest(m);
    }

    @Override
    public void commit() throws IOException {
        layout.commit();
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(work)) {
            walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).forEach(files::add);
        }
        ArchiveTargets.writeAtomically(target, out -> {
            try (TarWriter tar = new TarWriter(out)) {
                for (Path f : files) {
                    tar.file(work.relativize(f).toString(), Files.size(f), 0);
                    try (InputStream in = Files.newInputStream(f)) {
                        in.transferTo(tar.data());
                    }
                    tar.end();
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        deleteTree(work);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}

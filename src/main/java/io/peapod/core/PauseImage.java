package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.ImportOptions;
import io.peapod.engine.Versions;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The infra containers' image, built locally on first use as podman builds {@code localhost/podman-pause}:
 * the host's static catatonit as {@code /catatonit}, run as {@code /catatonit -P} (it only holds the pod's
 * namespaces and reaps). Made through the ordinary import path from a tar written here, so no registry is
 * needed and a failed build leaves no image (the import inserts its row last).
 */
final class PauseImage {
    /** podman 4.3.1 tags it VERSION-BUILDTIME; Debian's podman has no build time, hence "-0". */
    static final String NAME = "localhost/podman-pause:" + Versions.PODMAN_COMPAT + "-0";
    static final Path CATATONIT = Path.of("/usr/bin/catatonit");

    private PauseImage() {}

    /** The pause image's name, building the image first when the store has none. Never call under the store lock. */
    static String ensure(io.peapod.storage.Store store, ImageService images) throws IOException {
        if (ImageLookup.findOrNull(NAME, images.rows()) != null) {
            return NAME;
        }
        if (!Files.isRegularFile(CATATONIT)) {
            throw new EngineException("building the pause image: " + CATATONIT
                    + " not found: the package catatonit must be installed");
        }
        Path tmp = store.options().runRoot().resolve("tmp");
        Files.createDirectories(tmp);
        Path tar = Files.createTempFile(tmp, "pause-", ".tar");
        try {
            long size = Files.size(CATATONIT);
            long now = System.currentTimeMillis() / 1000;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar));
                 TarWriter w = new TarWriter(out);
                 InputStream in = Files.newInputStream(CATATONIT)) {
                w.executable("catatonit", size, now);
                in.transferTo(w.data());
                w.end();
            }
            new ImageTransfer(store, images).importImage(new ImportOptions(tar, NAME, List.of(
                    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "ENTRYPOINT [\"/catatonit\", \"-P\"]"), "", "", ""), InputStream.nullInputStream());
        } finally {
            Files.deleteIfExists(tar);
        }
        return NAME;
    }

}

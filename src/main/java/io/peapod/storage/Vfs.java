package io.peapod.storage;

import java.io.IOException;
import java.nio.file.Path;

/** vfs: every layer directory is a complete filesystem, copied from its parent before the layer applies. */
public record Vfs() implements Driver {
    @Override
    public String name() {
        return "vfs";
    }

    @Override
    public LayerApplier.Whiteouts whiteouts() {
        return LayerApplier.Whiteouts.DELETE;
    }

    @Override
    public void prepare(Path newLayerDir, Path parentLayerDir) throws IOException {
        if (parentLayerDir == null) {
            return;
        }
        // cp -a keeps what a faithful copy needs (hardlinks, owners, modes, xattrs, devices, times)
        // and uses reflinks where the filesystem has them.
        Process p = new ProcessBuilder("cp", "-a", "--reflink=auto", parentLayerDir + "/.", newLayerDir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            if (p.waitFor() != 0) {
                throw new StorageException("copying parent layer: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while copying parent layer");
        }
    }
}

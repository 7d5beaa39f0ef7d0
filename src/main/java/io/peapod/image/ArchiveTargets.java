package io.peapod.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Archive files written whole or not at all: beside the (symlink-resolved) target, then renamed. */
final class ArchiveTargets {
    private ArchiveTargets() {}

    static Path resolve(Path target) throws IOException {
        Path t = target.toAbsolutePath();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(t); hops++) {
            t = t.resolveSibling(Files.readSymbolicLink(t)).normalize();
        }
        if (Files.isDirectory(t)) {
            throw new ImageException("cannot write archive to " + target + ": it is a directory");
        }
        Path parent = t.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ImageException("open " + target + ": no such file or directory");
        }
        return t;
    }

    static void writeAtomically(Path target, SavedImage.Content content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".peapod-tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
            content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

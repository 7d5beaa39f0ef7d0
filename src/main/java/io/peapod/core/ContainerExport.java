package io.peapod.core;

import io.peapod.storage.TreeArchiver;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code export}: the container's whole filesystem as one uncompressed tar, as containers/storage's
 * archive.Tar writes it (directories named with a trailing "/", no entry for the root, the container's
 * user and group names). A file named with {@code -o} is written beside its target and renamed into
 * place, so a failed export leaves no half archive.
 */
final class ContainerExport {
    private final ContainerFiles files;

    ContainerExport(ContainerFiles files) {
        this.files = files;
    }

    void export(String nameOrId, Path output, OutputStream stdout) throws IOException {
        files.withRoot(nameOrId, (row, root) -> {
            if (output == null) {
                OutputStream out = new BufferedOutputStream(stdout, 256 * 1024);
                write(root, out, UserNamespace.of(row).mapping());
                out.flush();
                return null;
            }
            Path target = output.toAbsolutePath();
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 256 * 1024)) {
                    write(root, out, UserNamespace.of(row).mapping());   // a pipe or a device: written through
                }
                return null;
            }
            Path tmp = target.resolveSibling("." + target.getFileName() + ".peapod-tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
                write(root, out, UserNamespace.of(row).mapping());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }

    /** The tree with the ids the container sees (a container with a user namespace has host ids on disk). */
    private static void write(Path root, OutputStream out, io.peapod.storage.IdMapping mapping) throws IOException {
        TarWriter tar = new TarWriter(out);
        new TreeArchiver(tar, TreeArchiver.ownersOf(root), true).unshifted(mapping).write(root, "");
        tar.close();
    }
}

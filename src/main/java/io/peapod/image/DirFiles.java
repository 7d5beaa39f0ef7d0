package io.peapod.image;

import io.peapod.storage.PathSafety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image stored as a directory (an OCI layout or a {@code dir:} copy). */
public record DirFiles(Path dir) implements ArchiveFiles {
    @Override
    public boolean exists(String path) {
        Path p = resolve(path);
        return Files.exists(p) && !Files.isDirectory(p);   // a named pipe is a fine blob source too
    }

    @Override
    public long size(String path) throws IOException {
        Path p = resolve(path);
        return Files.isRegularFile(p) ? Files.size(p) : -1;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path p = resolve(path);
        if (!exists(path)) {
            throw new ImageException("file " + path + " not found in " + dir);
        }
        return Files.newInputStream(p);
    }

    private Path resolve(String path) {
        return PathSafety.resolve(dir, PathSafety.clean(path));
    }
}

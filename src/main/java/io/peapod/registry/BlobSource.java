package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of a blob to upload; opened again from the start for each attempt. */
@FunctionalInterface
public interface BlobSource {
    InputStream open() throws IOException;

    static BlobSource of(byte[] data) {
        return () -> new java.io.ByteArrayInputStream(data);
    }

    static BlobSource of(java.nio.file.Path file) {
        return () -> java.nio.file.Files.newInputStream(file);
    }
}

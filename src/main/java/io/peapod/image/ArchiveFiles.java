package io.peapod.image;

import java.io.IOException;
import java.io.InputStream;

/** The members of an image archive or directory, opened by their path inside it. */
public interface ArchiveFiles {
    boolean exists(String path);

    /** Opens member {@code path}; fails with a clear message when it is missing. */
    InputStream open(String path) throws IOException;

    /** The member's size in bytes, or -1 when this kind of archive cannot tell without reading it. */
    default long size(String path) throws IOException {
        return -1;
    }

    default byte[] read(String path) throws IOException {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }
}

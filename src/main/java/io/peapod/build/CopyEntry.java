package io.peapod.build;

import java.nio.file.Path;

/**
 * One filesystem entry a COPY/ADD copies: {@code source} is on the host, inside the build context (never
 * followed through a symlink: a SYMLINK entry is copied as a link); {@code target} is relative to the
 * instruction's destination, "/"-separated, {@code ""} for the destination itself (a single file source copied
 * to a destination not ending in "/").
 */
public record CopyEntry(Path source, String target, Type type) {
    /** What the entry is on the host, as {@code lstat} sees it. */
    public enum Type { FILE, DIRECTORY, SYMLINK }
}

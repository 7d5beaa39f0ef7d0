package io.peapod.build;

import java.nio.file.Path;

/**
 * One filesystem entry a COPY/ADD copies: {@code source} is on the host, inside the build context (a SYMLINK
 * entry is copied as a link, never followed); {@code target} is relative to the instruction's destination,
 * "/"-separated, {@code ""} for the destination itself: a single file copied to a dest not ending in "/" (if
 * dest is an existing directory in the image, buildah puts the file in it under {@code source}'s file name),
 * or an ARCHIVE unpacked into dest.
 */
public record CopyEntry(Path source, String target, Type type) {
    /** What the entry is on the host, as {@code lstat} sees it. */
    public enum Type {
        FILE,
        DIRECTORY,
        SYMLINK,
        /** A local tar (plain or compressed) an ADD unpacks into dest/target: see {@link BuildContext#openArchive}. */
        ARCHIVE
    }
}

package io.peapod.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** A build's context: a directory, or a tar read from stdin and unpacked (safely) into a scratch directory. */
public final class BuildContext implements AutoCloseable {
    private final Path root;
    private final IgnoreRules ignore;
    private final Path scratch;

    private BuildContext(Path root, IgnoreRules ignore, Path scratch) {
        this.root = root;
        this.ignore = ignore;
        this.scratch = scratch;
    }

    /** A directory context; its rules come from {@code .containerignore}, else {@code .dockerignore}. */
    public static BuildContext directory(Path dir) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * A tar context (plain or compressed), unpacked into {@code scratch} (created, and deleted by
     * {@link #close()}): entries with {@code ..} or absolute names, and links leading outside, are refused.
     */
    public static BuildContext tar(InputStream in, Path scratch) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** The context's directory on the host. */
    public Path root() {
        return root;
    }

    /** The context's ignore rules. */
    public IgnoreRules ignore() {
        return ignore;
    }

    /**
     * COPY/ADD sources (relative to the context; globs as Go's filepath.Match; a leading / means the context root)
     * → the entries to copy to dest, with their paths relative to dest. Docker's rules: a directory source copies its
     * contents; several sources or a glob need dest ending in "/"; excluded paths are skipped; a source outside the context
     * or a symlink pointing outside (resolved inside the context root, chroot-like) is an error; a missing source is
     * buildah's error "checking on sources under \"CTX\": copier: stat: \"/SRC\": no such file or directory".
     */
    public List<CopyEntry> select(List<String> sources, String dest) throws BuildContextException {
        throw new UnsupportedOperationException("TODO");
    }

    /** A digest of the entries' paths, types, modes, owners, link targets and contents: the layer cache key part for COPY/ADD. */
    public static String digest(List<CopyEntry> entries) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether a file is a tar archive ADD unpacks: plain tar, or gzip/bzip2/xz/zstd-compressed tar. */
    public static boolean isArchive(Path file) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Deletes the scratch directory of a tar context; nothing for a directory context. */
    @Override
    public void close() {
    }
}

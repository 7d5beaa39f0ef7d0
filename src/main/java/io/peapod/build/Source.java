package io.peapod.build;

/**
 * Where an instruction was written: the file, its first and last line (1-based; a heredoc's body counts),
 * and its text as podman shows it in {@code STEP n/m: TEXT} (continuations joined, comments dropped).
 */
public record Source(String file, int line, int endLine, String text) {
    /** For a file as a whole (no instruction to point at). */
    static Source file(String file) {
        return new Source(file, 0, 0, null);
    }
}

package io.peapod.build;

/**
 * A {@code .containerignore}/{@code .dockerignore} file, with moby/patternmatcher's semantics (what buildah
 * uses): comments and blank lines skipped, patterns cleaned ({@code ./}, leading {@code /}), {@code !}
 * exceptions, {@code **}, Go's filepath.Match syntax otherwise, and the last matching rule wins.
 */
public final class IgnoreRules {
    /** No rules: nothing excluded. */
    public static final IgnoreRules NONE = parse("");

    private IgnoreRules() {
    }

    /** Parses an ignore file's text. */
    public static IgnoreRules parse(String text) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether a path relative to the context root ("/"-separated, no leading "/") is excluded. */
    public boolean excluded(String relativePath) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Whether some exception rule could re-include something under this excluded directory, so that it must
     * still be walked (moby's {@code Exclusions()}/{@code MatchesOrParentMatches} walk rule).
     */
    public boolean mayIncludeUnder(String relativeDir) {
        throw new UnsupportedOperationException("TODO");
    }
}

package io.peapod.config;

/** A mirror's {@code pull-from-mirror}: which references it serves. Unset behaves as {@link #ALL}. */
public enum PullFromMirror {
    /** Not set in the file (podman prints {@code ""}); mirrors serve tags and digests. */
    UNSET(""),
    ALL("all"),
    /** Only references with a digest. */
    DIGEST_ONLY("digest-only"),
    /** Only references without a digest. */
    TAG_ONLY("tag-only");

    private final String configName;

    PullFromMirror(String configName) {
        this.configName = configName;
    }

    /** The value as written in registries.conf ({@code ""} for {@link #UNSET}). */
    public String configName() {
        return configName;
    }

    /** Whether a mirror with this setting serves a reference that has ({@code digested}) or lacks a digest. */
    public boolean serves(boolean digested) {
        return switch (this) {
            case DIGEST_ONLY -> digested;
            case TAG_ONLY -> !digested;
            default -> true;
        };
    }

    static PullFromMirror fromConfig(String value) {
        for (PullFromMirror p : values()) {
            if (p.configName.equals(value)) {
                return p;
            }
        }
        return null;
    }
}

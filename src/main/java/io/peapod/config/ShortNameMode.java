package io.peapod.config;

/**
 * registries.conf {@code short-name-mode}: what happens when a short name has no alias and more than
 * one unqualified-search registry could serve it. Unset means {@link #PERMISSIVE}.
 */
public enum ShortNameMode {
    /** Prompt on a terminal (stdin and stdout); without one, fail with podman's error. */
    ENFORCING("enforcing"),
    /** Prompt on a terminal; without one, try every search registry in order. */
    PERMISSIVE("permissive"),
    /** Never prompt: try every search registry in order. */
    DISABLED("disabled");

    private final String configName;

    ShortNameMode(String configName) {
        this.configName = configName;
    }

    /** The value as written in registries.conf. */
    public String configName() {
        return configName;
    }

    /** The mode for a registries.conf value, or null when the value is not one of the three. */
    static ShortNameMode fromConfig(String value) {
        for (ShortNameMode m : values()) {
            if (m.configName.equals(value)) {
                return m;
            }
        }
        return null;
    }
}

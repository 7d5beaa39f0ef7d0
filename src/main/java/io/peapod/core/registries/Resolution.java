package io.peapod.core.registries;

import io.peapod.image.ImageReference;

import java.util.List;

/**
 * What an image name typed by the user resolves to before pulling (containers/image's shortnames.Resolve).
 *
 * @param shortName  the short name without tag or digest ({@code foo} for {@code foo:1}); for a qualified
 *                   input the input itself
 * @param candidates the fully qualified references to try, in order (each with a tag or a digest); with
 *                   {@link #prompt} the choices to offer instead
 * @param rationale  why these candidates
 * @param origin     the file behind the alias or the search registries, {@code ""} for a qualified name
 * @param prompt     the caller must let the user pick one candidate ("Please select an image") and pull
 *                   only that one: short-name-mode enforcing or permissive, several search registries,
 *                   stdin and stdout on a terminal
 */
public record Resolution(String shortName, List<ImageReference> candidates, Rationale rationale, String origin,
                         boolean prompt) {

    public Resolution {
        candidates = List.copyOf(candidates);
    }

    /** Why a name resolved as it did. */
    public enum Rationale {
        /** The input was fully qualified. */
        NONE,
        /** A short-name alias (short-name-aliases.conf first, then registries.conf and its drop-ins). */
        ALIAS,
        /** The unqualified-search registries. */
        SEARCH,
        /**
         * The user picked one of the search registries' candidates at the prompt: once pulled, it is
         * recorded as an alias (short-name-aliases.conf), and no line describes it before the pull.
         */
        USER_SELECTION
    }

    /**
     * The line podman pull prints before trying candidates ({@code Resolved "alpine" as an alias (FILE)},
     * {@code Resolving "foo" using unqualified-search registries (FILE)}), or null for a qualified name.
     */
    public String description() {
        return switch (rationale) {
            case ALIAS -> "Resolved \"" + shortName + "\" as an alias (" + origin + ")";
            case SEARCH -> "Resolving \"" + shortName + "\" using unqualified-search registries (" + origin + ")";
            default -> null;
        };
    }
}

package io.peapod.core.registries;

import io.peapod.config.AliasChecker;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;

/** containers/image's short-name alias rules, with its messages, on Peapod's reference grammar. */
public final class ReferenceAliasChecker implements AliasChecker {
    public static final ReferenceAliasChecker INSTANCE = new ReferenceAliasChecker();

    private ReferenceAliasChecker() {}

    @Override
    public String checkName(String name) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (ReferenceException e) {
            return "cannot parse short name: " + quote(name) + ": " + goReferenceError(e.getMessage());
        }
        if (ref.hasDigest()) {
            return "invalid short name " + quote(name) + ": must not contain digest";
        }
        if (ref.hasTag()) {
            return "invalid short name " + quote(name) + ": must not contain tag";
        }
        if (ref.hasDomain()) {
            return "invalid short name " + quote(name) + ": must not contain registry";
        }
        return null;
    }

    @Override
    public String checkValue(String value) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(value);
        } catch (ReferenceException e) {
            return "parsing alias " + quote(value) + ": " + goReferenceError(e.getMessage());
        }
        if (ref.hasDigest()) {
            return "invalid alias " + quote(value) + ": must not contain digest";
        }
        if (ref.hasTag()) {
            return "invalid alias " + quote(value) + ": must not contain tag";
        }
        if (!ref.hasDomain()) {
            return "invalid alias " + quote(value) + ": must contain registry and repository";
        }
        return null;
    }

    /** Go's %q. */
    static String quote(String s) {
        return io.peapod.config.GoText.quote(s);
    }

    /**
     * The reference library's own error: podman's pull reports an upper-case name as "invalid
     * reference format: repository name must be lowercase", but reference.Parse's error, which
     * containers/image shows here, is only "repository name must be lowercase".
     */
    private static String goReferenceError(String message) {
        String prefix = "invalid reference format: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}

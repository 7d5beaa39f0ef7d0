package io.peapod.config;

/**
 * Validates short-name aliases while registries.conf is loaded. Image-reference grammar lives in the
 * image package, which config may not use, so the engine passes an implementation in; each method
 * returns podman's message for a bad entry, or null when it is fine.
 */
public interface AliasChecker {
    /** The left-hand side: a short name, without registry, tag or digest. */
    String checkName(String name);

    /** The right-hand side: a fully qualified repository, without tag or digest. */
    String checkValue(String value);
}

/**
 * registries.conf applied to image references as podman 4.3.1's pull does: short-name resolution
 * ({@link io.peapod.core.registries.RegistriesPolicy#resolve}), the ordered pull sources of a qualified
 * reference (mirrors, location rewrites, insecure, blocked) and {@code info}'s registries section. The
 * files themselves are read by {@link io.peapod.config.RegistriesConfLoader}.
 */
package io.peapod.core.registries;

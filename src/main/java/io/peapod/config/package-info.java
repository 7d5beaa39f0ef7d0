/**
 * Configuration files: storage.conf (a TOML subset), containers.conf and registries.conf as Peapod needs
 * them, with podman's search paths and environment overrides.
 */
package io.peapod.config;

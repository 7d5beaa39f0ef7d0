/**
 * OCI runtime spec generation: turns a resolved {@link io.peapod.core.oci.ContainerSpecInput} into the
 * {@code config.json} document that runc reads from a bundle.
 * <p>Owns Podman's (4.3.1) defaults for that document: default capabilities, the seccomp profile
 * conversion from containers-common's format, masked and read-only paths, default mounts, devices,
 * namespaces and rlimits clamped to what the host allows. It does no I/O besides reading the seccomp
 * profile, {@code /proc/self/limits} and {@code /proc/self/status}; writing the bundle and the files
 * bind-mounted into it ({@code /etc/hosts} ...) is the caller's job.
 */
package io.peapod.core.oci;

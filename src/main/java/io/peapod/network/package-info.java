/**
 * Network configurations as podman 4.3 keeps them for netavark: one JSON file per network in the
 * network config directory ({@code /etc/containers/networks} for root, or containers.conf's
 * {@code [network] network_config_dir}), the built-in default network {@code podman}, subnet and
 * bridge-name allocation, and podman's validation. Attaching containers is not here yet.
 */
package io.peapod.network;

/**
 * Networks as podman 4.3 runs them with netavark: the configurations (one JSON file per network in
 * the network config directory, {@code /etc/containers/networks} for root or containers.conf's
 * {@code [network] network_config_dir}; the built-in default network {@code podman}; subnet and
 * bridge-name allocation and podman's validation), and the pieces that attach a container: its
 * network namespace ({@link io.peapod.network.NetNamespace}), netavark's setup and teardown
 * ({@link io.peapod.network.Netavark}), its addresses ({@link io.peapod.network.Ipam}) and its
 * /etc/hosts and resolv.conf ({@link io.peapod.network.EtcFiles}). Wiring them into create, start
 * and cleanup is the next step.
 */
package io.peapod.network;

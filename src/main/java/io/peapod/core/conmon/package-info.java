/**
 * The conmon driver: starts containers under conmon the way Podman's libpod does
 * ({@code oci_conmon_linux.go}) and talks to the OCI runtime (runc) for start, kill, delete and state.
 *
 * <p>Owns conmon's command line, its sync/start pipe protocol, the files conmon leaves behind
 * (container pidfile, conmon pidfile, exit file) and the k8s-file log format conmon writes.
 * It knows nothing of container records, storage or networks: callers hand it a ready bundle.
 */
package io.peapod.core.conmon;

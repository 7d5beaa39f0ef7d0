/**
 * {@code top}: the processes of a container described with ps(1)'s AIX format descriptors, as
 * Podman's psgo library describes them, read from the host's /proc.
 *
 * <p>psgo joins the container's mount namespace and reads the container's own /proc; a JVM cannot
 * setns() (it is multi-threaded), so {@link ProcessTable} reads the host's /proc instead and
 * translates what differs: pids, parent pids and process groups into the container's pid namespace,
 * user and group names from the container's /etc files, terminals from the container's /dev.
 */
package io.peapod.core.top;

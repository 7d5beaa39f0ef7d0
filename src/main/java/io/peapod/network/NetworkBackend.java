package io.peapod.network;

import java.nio.file.Path;

/**
 * What connects a container's network namespace to its networks and publishes its ports. As root that is
 * {@link Netavark} (bridge, macvlan and ipvlan networks). Rootless networking (pasta, slirp4netns: a later
 * issue) plugs in as another backend, chosen in one place ({@code core.ContainerNetwork.backend()}); the
 * rest of the container's network life (namespace, addresses, /etc files, state on file, teardown after a
 * crash) stays as it is.
 *
 * <p>The request and the answer are netavark's JSON ({@link Netavark#request}, {@link Netavark#parseStatus}):
 * the container, its networks with their addresses and aliases, its port mappings; per network the
 * interfaces made and the DNS servers to use. A backend that is not netavark speaks it too, so the state
 * file and the teardown after a crash need not know which backend set a container up.
 */
public interface NetworkBackend {
    /** Sets the namespace at {@code netns} up as {@code request} says; the answer, as netavark gives it. */
    byte[] setup(Path netns, byte[] request);

    /** Undoes {@link #setup} for the same request; what is already gone is no error. */
    void teardown(Path netns, byte[] request);
}

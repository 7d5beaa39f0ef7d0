/**
 * Runtime (Podman's "libpod"): the local implementation of the engine API.
 * <p>Wires the image, storage and state layers together and owns the lifecycle rules that span them,
 * such as refusing to remove an image a container uses.
 */
package io.peapod.core;

/**
 * Images: references and short names, image configs and manifests, and the archive transports
 * (docker-archive, oci-archive, oci and docker directories) that move images in and out of the store.
 */
package io.peapod.image;

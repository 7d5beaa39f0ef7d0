package io.peapod.state;

/**
 * A container's read-write layer as the store records it: which image it was made from, and on
 * top of which image layer it sits. While the row exists the image and its layers stay.
 *
 * @param containerId the container's id (64 hex)
 * @param imageId     the image the container was created from
 * @param topLayer    the image's top layer, or null for an image without layers
 * @param created     unix nanos
 */
public record ContainerLayerRow(String containerId, String imageId, String topLayer, long created) {}

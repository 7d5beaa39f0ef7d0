package io.peapod.engine;

import java.util.List;

/**
 * One layer of an image, as {@code image tree} shows it.
 *
 * @param id         the layer's id in the store
 * @param size       bytes of its uncompressed tar
 * @param topLayerOf names of the images whose top layer it is
 */
public record LayerSummary(String id, long size, List<String> topLayerOf) {}

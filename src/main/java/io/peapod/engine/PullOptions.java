package io.peapod.engine;

/**
 * What {@code pull} was asked for.
 *
 * @param reference the image: {@code TRANSPORT:...} or a registry name
 * @param platform  {@code --platform os/arch[/variant]}, or empty
 * @param os        {@code --os}, or empty
 * @param arch      {@code --arch}, or empty
 * @param variant   {@code --variant}, or empty
 * @param allTags   {@code --all-tags}
 * @param quiet     no progress lines
 * @param terminal  progress goes to a terminal (podman's "Copying blob 0123456789ab done" form)
 */
public record PullOptions(String reference, String platform, String os, String arch, String variant,
                          boolean allTags, boolean quiet, boolean terminal) {}

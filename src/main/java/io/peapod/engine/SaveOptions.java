package io.peapod.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code podman save}: {@code format} is docker-archive, oci-archive, oci-dir or docker-dir;
 * {@code output} null means standard output (archives only).
 */
public record SaveOptions(List<String> images, String format, Path output, boolean multiImageArchive) {}

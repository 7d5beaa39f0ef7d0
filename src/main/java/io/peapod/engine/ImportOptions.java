package io.peapod.engine;

import java.nio.file.Path;
import java.util.List;

/** {@code podman import}: a rootfs tarball (null: standard input), the name to give, Dockerfile-style changes, a history message. */
public record ImportOptions(Path source, String reference, List<String> changes, String message,
                            String os, String arch) {}

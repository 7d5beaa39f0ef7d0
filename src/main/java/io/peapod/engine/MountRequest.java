package io.peapod.engine;

import java.util.List;

/**
 * One {@code -v}, {@code --mount} or {@code --tmpfs} of {@code create}/{@code run}, parsed but not yet
 * checked against the host (podman's spec.Mount / NamedVolume before libpod sees them).
 *
 * @param type        "bind", "volume" or "tmpfs"
 * @param source      the host path of a bind, the name of a volume ("" for an anonymous one), "" for tmpfs
 * @param destination the absolute path in the container
 * @param options     the mount options as the user gave them (ro, z, nocopy, size=..., ...)
 */
public record MountRequest(String type, String source, String destination, List<String> options) {
    public static final String BIND = "bind", VOLUME = "volume", TMPFS = "tmpfs";

    public MountRequest {
        options = List.copyOf(options);
    }
}

package io.peapod.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's user namespace mappings (OCI's uidMappings/gidMappings, containers/storage's IDMappingOptions):
 * each range maps {@code size} ids from {@code containerId} inside to {@code hostId} outside. Its layer's files
 * appear to it owned by the ids inside, because the image's layers are mounted shifted by this mapping.
 */
public record IdMapping(List<Range> uids, List<Range> gids) {
    public record Range(long containerId, long hostId, long size) {
        /** podman's spelling, {@code container:host:size}. */
        @Override
        public String toString() {
            return containerId + ":" + hostId + ":" + size;
        }
    }

    public IdMapping {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** The host uid of {@code id} inside, or -1 when it is not mapped. */
    public long hostUid(long id) {
        return toHost(uids, id);
    }

    /** The host gid of {@code id} inside, or -1 when it is not mapped. */
    public long hostGid(long id) {
        return toHost(gids, id);
    }

    /** The id inside of host uid {@code host}, or -1 when the mapping does not reach it. */
    public long containerUid(long host) {
        return toContainer(uids, host);
    }

    /** The id inside of host gid {@code host}, or -1. */
    public long containerGid(long host) {
        return toContainer(gids, host);
    }

    private static long toContainer(List<Range> ranges, long host) {
        for (Range r : ranges) {
            if (host >= r.hostId() && host < r.hostId() + r.size()) {
                return r.containerId() + host - r.hostId();
            }
        }
        return -1;
    }

    private static long toHost(List<Range> ranges, long id) {
        for (Range r : ranges) {
            if (id >= r.containerId() && id < r.containerId() + r.size()) {
                return r.hostId() + id - r.containerId();
            }
        }
        return -1;
    }

    /** The text kept in a container layer's {@code idmap} file: one {@code uid|gid C H S} line per range. */
    public String serialize() {
        StringBuilder b = new StringBuilder();
        uids.forEach(r -> b.append("uid ").append(r.containerId()).append(' ').append(r.hostId()).append(' ').append(r.size()).append('\n'));
        gids.forEach(r -> b.append("gid ").append(r.containerId()).append(' ').append(r.hostId()).append(' ').append(r.size()).append('\n'));
        return b.toString();
    }

    public static IdMapping parse(String text) {
        List<Range> u = new ArrayList<>();
        List<Range> g = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 4) {
                continue;
            }
            Range r = new Range(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
            (f[0].equals("uid") ? u : g).add(r);
        }
        return new IdMapping(u, g);
    }

    /** The lines of /proc/PID/uid_map (or gid_map) for these ranges, comma-separated for the mount helper. */
    static String procMap(List<Range> ranges) {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r.containerId()).append(' ').append(r.hostId()).append(' ').append(r.size());
        }
        return b.toString();
    }
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.storage.IdMapping;
import io.peapod.storage.IdMapping.Range;
import io.peapod.storage.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ids {@code --userns=auto} gets: taken from the ranges of the user {@code containers} in /etc/subuid and
 * /etc/subgid, as podman does as root, and never the ids of another container of the store (every container's
 * mapping is in its config, read under the store lock that a create holds).
 */
final class AutoIdRanges {
    /** containers/storage's defaults: AutoUserNsMinSize, and the user whose subordinate ids auto uses. */
    static final long AUTO_MIN_SIZE = 1024;
    static final String AUTO_USER = "containers";

    private AutoIdRanges() {}

    /**
     * containers/storage's getAutoUserNS: {@code size} ids (estimated from the image when not given) taken
     * first-fit from the ranges of {@code containers} that no other container of the store maps, uids and gids
     * alike; the forced mappings of the options are added and their container ids left out of the range.
     */
    static IdMapping mapping(UserNamespaceMaps.AutoOptions o, ImageRow image, Store store, List<ContainerRow> others) {
        List<Range> subUids;
        List<Range> subGids;
        try {
            subUids = SubIds.ranges(SubIds.SUBUID, AUTO_USER, "user");
            subGids = SubIds.ranges(SubIds.SUBGID, AUTO_USER, "group");
        } catch (EngineException e) {
            // podman logs why, then fails on the ids it could not find
            System.err.println("time=\"" + java.time.OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\" level=error msg=\"Cannot find mappings for user "
                    + "\\\"" + AUTO_USER + "\\\": " + e.getMessage().replace("\"", "\\\"") + "\"");
            throw new EngineException("creating container storage: could not find enough available IDs");
        }
        long size = o.size() > 0 ? o.size() : Math.max(AUTO_MIN_SIZE, ImageIds.maxId(store, image) + 1);
        List<Range> usedU = new ArrayList<>(o.uidMappings());
        List<Range> usedG = new ArrayList<>(o.gidMappings());
        for (ContainerRow r : others) {
            UserNamespace.Settings s = UserNamespace.of(r);
            if (s.mapping() != null && s.join().isEmpty()) {
                usedU.addAll(s.mapping().uids());
                usedG.addAll(s.mapping().gids());
            }
        }
        List<Range> uids = allocate(subUids, usedU, size, o.uidMappings());
        List<Range> gids = allocate(subGids, usedG, size, o.gidMappings());
        return new IdMapping(uids, gids);
    }

    /**
     * Container ids 0..size-1 less those {@code forced} maps, each run given host ids from the free parts of
     * {@code available} (those no range of {@code used} covers), then the forced mappings themselves.
     */
    static List<Range> allocate(List<Range> available, List<Range> used, long size, List<Range> forced) {
        List<long[]> free = new ArrayList<>();   // [start, length] of host ids
        for (Range a : available) {
            free.addAll(subtract(a.hostId(), a.size(), used));
        }
        List<long[]> wanted = new ArrayList<>(subtract(0, size, forced.stream()
                .map(f -> new Range(f.hostId(), f.containerId(), f.size())).toList()));   // container ids, less the forced ones
        List<Range> out = new ArrayList<>();
        int fi = 0;
        long freeOffset = 0;
        for (long[] w : wanted) {
            long c = w[0];
            long left = w[1];
            while (left > 0) {
                if (fi >= free.size()) {
                    throw new EngineException("creating container storage: could not find enough available IDs");
                }
                long[] f = free.get(fi);
                long n = Math.min(left, f[1] - freeOffset);
                out.add(new Range(c, f[0] + freeOffset, n));
                c += n;
                left -= n;
                freeOffset += n;
                if (freeOffset == f[1]) {
                    fi++;
                    freeOffset = 0;
                }
            }
        }
        out.addAll(forced);
        return out;
    }

    /** The parts of [start, start+length) that no range's host ids cover. */
    private static List<long[]> subtract(long start, long length, List<Range> used) {
        List<long[]> parts = new ArrayList<>();
        parts.add(new long[]{start, length});
        for (Range u : used) {
            List<long[]> next = new ArrayList<>();
            for (long[] p : parts) {
                long pEnd = p[0] + p[1];
                long uEnd = u.hostId() + u.size();
                if (uEnd <= p[0] || u.hostId() >= pEnd) {
                    next.add(p);
                    continue;
                }
                if (u.hostId() > p[0]) {
                    next.add(new long[]{p[0], u.hostId() - p[0]});
                }
                if (uEnd < pEnd) {
                    next.add(new long[]{uEnd, pEnd - uEnd});
                }
            }
            parts = next;
        }
        parts.sort(Comparator.comparingLong(p -> p[0]));
        return parts;
    }
}

package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.UserNamespaceRequest;
import io.peapod.storage.IdMapping;
import io.peapod.storage.IdMapping.Range;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The id maps a user asks for, parsed and checked as podman 4.3.1 does as root: {@code --uidmap},
 * {@code --gidmap}, {@code --subuidname}, {@code --subgidname} (containers/storage's ParseIDMap, libpod's and
 * storage's checks, error for error) and the options of {@code --userns=auto:...}.
 */
final class UserNamespaceMaps {
    private UserNamespaceMaps() {}

    /** {@code --uidmap}/{@code --gidmap}/{@code --subuidname}/{@code --subgidname}: podman's ParseIDMapping as root. */
    static IdMapping explicit(UserNamespaceRequest req) {
        String subUid = req.subUidName();
        String subGid = req.subGidName();
        if (subGid.isEmpty() && !subUid.isEmpty()) {
            subGid = subUid;
        }
        if (subUid.isEmpty() && !subGid.isEmpty()) {
            subUid = subGid;
        }
        List<String> uidSpec = req.uidMap();
        List<String> gidSpec = req.gidMap();
        if (gidSpec.isEmpty() && !uidSpec.isEmpty()) {
            gidSpec = uidSpec;
        }
        if (uidSpec.isEmpty() && !gidSpec.isEmpty()) {
            uidSpec = gidSpec;
        }
        List<Range> uids = new ArrayList<>();
        List<Range> gids = new ArrayList<>();
        if (!subUid.isEmpty()) {
            uids.addAll(SubIds.mappedFromZero(SubIds.ranges(SubIds.SUBUID, subUid, "user")));
            gids.addAll(SubIds.mappedFromZero(SubIds.ranges(SubIds.SUBGID, subGid, "group")));
        }
        uids.addAll(parseIdMap(uidSpec, "UID"));
        gids.addAll(parseIdMap(gidSpec, "GID"));
        IdMapping mapping = new IdMapping(uids, gids);
        checkRoot(mapping);
        checkOverlaps(mapping);
        return mapping;
    }

    /** containers/storage's ParseIDMap, error for error. */
    static List<Range> parseIdMap(List<String> specs, String setting) {
        String malformed = "initializing ID mappings: " + setting + " setting is malformed expected [\"uint32:uint32:uint32\"]: "
                + goQuoted(specs);
        List<Range> out = new ArrayList<>();
        for (String spec : specs) {
            if (spec.isEmpty()) {
                continue;
            }
            String[] f = spec.split(":", -1);
            if (f.length % 3 != 0) {
                throw new EngineException(malformed);
            }
            for (int i = 0; i < f.length; i += 3) {
                try {
                    out.add(new Range(uint32(f[i]), uint32(f[i + 1]), uint32(f[i + 2])));
                } catch (NumberFormatException e) {
                    throw new EngineException(malformed);
                }
            }
        }
        return out;
    }

    private static long uint32(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(s);
        }
        long v = Long.parseLong(s.length() > 11 ? "99999999999" : s);
        if (v > 0xFFFFFFFFL) {
            throw new NumberFormatException(s);
        }
        return v;
    }

    /** Go's %q of a []string. */
    static String goQuoted(List<String> values) {
        List<String> q = new ArrayList<>();
        values.forEach(v -> q.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(" ", q) + "]";
    }

    /** libpod: the container's root must have a host id for its files and processes. */
    private static void checkRoot(IdMapping m) {
        if (m.hostUid(0) < 0 || m.hostGid(0) < 0) {
            throw new EngineException("container ID 0 cannot be mapped to a host ID");
        }
    }

    /**
     * containers/storage refuses ranges that overlap inside or outside; it names the later one, the
     * ranges taken in the order of their host ids.
     */
    private static void checkOverlaps(IdMapping m) {
        for (List<Range> ranges : List.of(m.uids(), m.gids())) {
            List<Range> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingLong(Range::hostId));
            for (int j = 1; j < sorted.size(); j++) {
                for (int i = 0; i < j; i++) {
                    Range a = sorted.get(i);
                    Range b = sorted.get(j);
                    if (overlap(a.containerId(), a.size(), b.containerId(), b.size()) || overlap(a.hostId(), a.size(), b.hostId(), b.size())) {
                        throw new EngineException("creating container storage: the specified UID and/or GID mapping " + b
                                + " conflicts with other mappings: invalid mappings specified");
                    }
                }
            }
        }
    }

    private static boolean overlap(long a, long aSize, long b, long bSize) {
        return a < b + bSize && b < a + aSize;
    }

    /** {@code auto:size=N,uidmapping=C:H:S,gidmapping=C:H:S} as podman parses it (pkg/specgen GetAutoOptions). */
    record AutoOptions(long size, List<Range> uidMappings, List<Range> gidMappings) {
        static AutoOptions parse(String value) {
            long size = 0;
            List<Range> uids = new ArrayList<>();
            List<Range> gids = new ArrayList<>();
            if (value == null) {
                return new AutoOptions(0, uids, gids);
            }
            for (String o : value.split(",", -1)) {
                int eq = o.indexOf('=');
                if (eq < 0) {
                    throw new EngineException("invalid option specified: \"" + o + "\"");
                }
                String v = o.substring(eq + 1);
                switch (o.substring(0, eq)) {
                    case "size" -> size = parseUint32(v);
                    case "uidmapping" -> uids.addAll(wrapped(v, "UID"));
                    case "gidmapping" -> gids.addAll(wrapped(v, "GID"));
                    default -> throw new EngineException("unknown option specified: \"" + o.substring(0, eq) + "\"");
                }
            }
            return new AutoOptions(size, uids, gids);
        }

        private static List<Range> wrapped(String v, String setting) {
            try {
                return parseIdMap(List.of(v), setting);
            } catch (EngineException e) {
                throw new EngineException("failed to create Parse" + setting + "Map " + setting + "=[" + v + "]: " + e.getMessage());
            }
        }

        /** strconv.ParseUint(v, 10, 32)'s errors. */
        private static long parseUint32(String v) {
            if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
                throw new EngineException("strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
            }
            if (v.length() > 10 || Long.parseLong(v) > 0xFFFFFFFFL) {
                throw new EngineException("strconv.ParseUint: parsing \"" + v + "\": value out of range");
            }
            return Long.parseLong(v);
        }
    }
}

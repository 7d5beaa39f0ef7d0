package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.storage.IdMapping.Range;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** /etc/subuid and /etc/subgid (subuid(5)): {@code name:first:count} lines, as containers/storage reads them. */
final class SubIds {
    static final Path SUBUID = Path.of("/etc/subuid");
    static final Path SUBGID = Path.of("/etc/subgid");

    private SubIds() {}

    /**
     * The ranges of {@code name} in {@code file} as host ranges (containerId 0, hostId first, size count).
     * Fails with containers/storage's text when it has none.
     */
    static List<Range> ranges(Path file, String name, String kind) {
        List<Range> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        for (String line : lines) {
            String[] f = line.strip().split(":");
            if (f.length == 3 && f[0].equals(name)) {
                try {
                    out.add(new Range(0, Long.parseLong(f[1]), Long.parseLong(f[2])));
                } catch (NumberFormatException e) {
                    // containers/storage skips a line it cannot read
                }
            }
        }
        if (out.isEmpty()) {
            String which = file.getFileName().toString().equals("subuid") ? "subuid" : "subgid";
            throw new EngineException("no " + which + " ranges found for " + kind + " \"" + name + "\" in " + file);
        }
        return out;
    }

    /** The ranges mapped one after the other from container id 0 on (--subuidname). */
    static List<Range> mappedFromZero(List<Range> hostRanges) {
        List<Range> out = new ArrayList<>();
        long next = 0;
        for (Range r : hostRanges) {
            out.add(new Range(next, r.hostId(), r.size()));
            next += r.size();
        }
        return out;
    }
}

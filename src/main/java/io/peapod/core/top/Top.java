package io.peapod.core.top;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code podman top}'s psgo part: a container's processes described by AIX format descriptors. */
public final class Top {
    private Top() {}

    /**
     * A header line and one line per process, columns separated by tabs; null when a descriptor is not
     * one psgo knows (podman then runs ps(1) in the container with the same words).
     *
     * @param initPid     the container's first process, as the host numbers it
     * @param descriptors already split at commas; empty for the default columns
     */
    public static List<String> describe(int initPid, List<String> descriptors) throws IOException {
        List<Descriptors.Descriptor> columns = Descriptors.translate(descriptors);
        if (columns == null) {
            return null;
        }
        ProcessTable table = ProcessTable.read(initPid);
        List<String> lines = new ArrayList<>();
        lines.add(String.join("\t", columns.stream().map(Descriptors.Descriptor::header).toList()));
        for (ProcessInfo p : table.processes()) {
            List<String> cells = new ArrayList<>(columns.size());
            for (Descriptors.Descriptor d : columns) {
                cells.add(d.column().value(p, table));
            }
            lines.add(String.join("\t", cells));
        }
        return lines;
    }

    /** The descriptors' normal names, sorted, as {@code top --help} lists them. */
    public static List<String> descriptorNames() {
        return Descriptors.names();
    }
}

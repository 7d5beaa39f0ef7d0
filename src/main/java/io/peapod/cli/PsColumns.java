package io.peapod.cli;

import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.Timestamp;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code ps --size}, {@code ps --sort} and the ps fields podman has for things Peapod has no data for
 * yet (mounts, networks, pods, namespaces), shown at podman's empty values.
 */
final class PsColumns {
    static final List<String> SORT_KEYS = List.of("command", "created", "id", "image", "names", "runningfor", "size", "status");
    static final List<String> FIELDS = List.of("Mounts", "Networks", "Pod", "PodName", "Namespaces", "IsInfra", "Size");
    static final Map<String, String> HEADERS = Map.of("Pod", "POD ID", "PodName", "PODNAME");

    private PsColumns() {}

    /** A flag error as pflag reports it, with the pointer to --help. */
    static void checkSort(String sort, String commandPath) {
        if (!SORT_KEYS.contains(sort)) {
            throw new io.peapod.engine.EngineException("invalid argument \"" + sort + "\" for \"--sort\" flag: \"" + sort
                    + "\" is not a valid value.  Choose from: \"" + String.join(", ", SORT_KEYS) + "\"\nSee '"
                    + commandPath + " --help'");
        }
    }

    static List<ContainerSummary> withSizes(ContainerEngine engine, List<ContainerSummary> list) {
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerSummary s : list) {
            out.add(s.withSize(engine.containerSize(s.Id())));
        }
        return out;
    }

    /** podman's SortPsOutput keys; a stable sort, as Go's insertion sort is for short lists. */
    static List<ContainerSummary> sort(List<ContainerSummary> list, String key) {
        Comparator<ContainerSummary> order = switch (key) {
            case "command" -> Comparator.comparing(s -> String.join(" ", s.Command()));
            case "created" -> Comparator.comparingLong(ContainerSummary::Created);
            case "id" -> Comparator.comparing(ContainerSummary::Id);
            case "image" -> Comparator.comparing(ContainerSummary::Image);
            case "names" -> Comparator.comparing(s -> s.Names().getFirst());
            case "runningfor" -> Comparator.comparingLong(ContainerSummary::StartedAt);
            case "size" -> Comparator.comparingLong(s -> s.Size() == null ? 0 : s.Size().rootFsSize());
            case "status" -> Comparator.comparing(ContainerSummary::State);
            default -> null;
        };
        if (order == null) {
            return list;
        }
        List<ContainerSummary> sorted = new ArrayList<>(list);
        sorted.sort(order);
        return sorted;
    }

    /** The extra fields of one ps row; {@code .Size} without --size is "" and a logged error, as podman does. */
    static void addFields(Map<String, Object> row, ContainerSummary s, boolean sized) {
        row.put("Mounts", s.Mounts());
        row.put("Networks", String.join(",", s.Networks()));
        row.put("Pod", s.Pod());
        row.put("PodName", s.PodName());
        row.put("Namespaces", s.Namespaces());
        row.put("IsInfra", s.IsInfra());
        row.put("Size", sized && s.Size() != null ? sizeText(s.Size()) : "");
    }

    /** "12B (virtual 1.98MB)": go-units HumanSizeWithPrecision(…, 3) of both. */
    static String sizeText(ContainerSummary.SizeInfo size) {
        return Human.size(size.rwSize()).replace(" ", "") + " (virtual " + Human.size(size.rootFsSize()).replace(" ", "") + ")";
    }

    /** What podman logs for each row whose template asks for .Size without --size. */
    static void warnSizeWithoutFlag(PrintStream err, String format, int rows) {
        if (format.contains(".Size")) {
            for (int i = 0; i < rows; i++) {
                err.println("time=\"" + new Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano()
                        + "\" level=error msg=\"Size format requires --size option\"");
            }
        }
    }
}

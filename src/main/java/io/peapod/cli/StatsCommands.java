package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerStats;
import io.peapod.engine.EngineException;
import io.peapod.engine.GoDuration;
import io.peapod.engine.GoUnits;
import io.peapod.engine.PodSummary;
import io.peapod.gotemplate.TabWriter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stats} and {@code pod stats}, as podman 4.3.1 prints them: the figures come from the engine as
 * numbers ({@link ContainerStats}); the percentages, sizes and columns are podman's CLI formatting.
 * Without {@code --no-stream} the figures are printed again every interval (CPU % since the previous
 * sample) until the command is interrupted, the screen cleared first unless {@code --no-reset}.
 */
final class StatsCommands {
    private StatsCommands() {}

    /**
     * goterm's Clear and MoveCursor(1, 1), which podman writes before each frame: only to a terminal, since
     * goterm's Flush writes nothing when it cannot read the window's height.
     */
    private static final String CLEAR = "\033[2J\033[1;1H";

    private static boolean terminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    // ---- stats ---------------------------------------------------------------------------------

    static FlagSet flags() {
        return new FlagSet()
                .bool("all", 'a', "Show all containers. Only running containers are shown by default. The default is false")
                .string("format", '\0', "", "Pretty-print container statistics to JSON or using a Go template")
                .integer("interval", 'i', 5, "Time in seconds between stats reports")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .bool("no-reset", '\0', "Disable resetting the screen between intervals")
                .bool("no-stream", '\0', "Disable streaming stats and only pull the first result, default setting is false")
                .bool("no-trunc", '\0', "Do not truncate output");
    }

    private static final List<String> FIELDS = List.of("AvgCPU", "ContainerID", "Name", "PerCPU", "CPU", "CPUNano",
            "CPUSystemNano", "SystemNano", "MemUsage", "MemLimit", "MemPerc", "NetInput", "NetOutput", "BlockInput",
            "BlockOutput", "PIDs", "UpTime", "Duration", "ID", "CPUPerc", "AVGCPU", "MemUsageBytes", "NetIO", "BlockIO", "PIDS");
    private static final Map<String, String> HEADERS = Map.of("ID", "ID", "UpTime", "CPU TIME", "CPUPerc", "CPU %",
            "AVGCPU", "Avg CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemUsageBytes", "MEM USAGE / LIMIT", "MemPerc", "MEM %",
            "NetIO", "NET IO", "BlockIO", "BLOCK IO", "PIDS", "PIDS");
    private static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t"
            + "{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}\n";

    static int stats(Invocation inv) {
        ParsedFlags f = inv.flags;
        int given = (f.bool("all") ? 1 : 0) + (f.bool("latest") ? 1 : 0) + (inv.args.isEmpty() ? 0 : 1);
        if (given > 1) {
            throw new EngineException("--all, --latest and containers cannot be used together");
        }
        List<String> names = inv.args.stream().map(a -> a.startsWith("/") ? a.substring(1) : a).toList();
        boolean noTrunc = f.bool("no-trunc");
        String format = f.changed("format") ? f.string("format") : DEFAULT_FORMAT;
        long interval = f.integer("interval");
        if (interval < 1) {
            throw new EngineException("invalid interval, must be a positive number greater zero");
        }
        Map<String, ContainerStats> previous = new HashMap<>();
        while (true) {
            List<ContainerStats> samples = inv.containers().stats(names, f.bool("latest"));
            if (!f.bool("no-reset") && terminal()) {
                inv.out.print(CLEAR);
            }
            if (isJson(format)) {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (ContainerStats s : samples) {
                    docs.add(json(s, previous.get(s.id()), noTrunc));
                }
                inv.out.println(GoJson.indent(docs, " "));
            } else {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ContainerStats s : samples) {
                    rows.add(row(s, previous.get(s.id()), noTrunc));
                }
                Output.rows(inv.out, format, rows, FIELDS, HEADERS, false);
            }
            inv.out.flush();
            if (f.bool("no-stream") || inv.out.checkError()) {
                return 0;
            }
            samples.forEach(s -> previous.put(s.id(), s));
            sleep(interval * 1000);
        }
    }

    static Map<String, Object> row(ContainerStats s, ContainerStats previous, boolean noTrunc) {
        Map<String, Object> r = new LinkedHashMap<>();
        double cpu = s.cpuPercent(previous);
        r.put("ID", noTrunc ? s.id() : s.id().substring(0, 12));
        r.put("ContainerID", s.id());
        r.put("Name", s.name());
        r.put("CPUPerc", percent(cpu));
        r.put("CPU", cpu);
        r.put("AVGCPU", percent(s.avgCpuPercent()));
        r.put("AvgCPU", s.avgCpuPercent());
        r.put("MemUsage", GoUnits.humanSize(s.memUsage()) + " / " + GoUnits.humanSize(s.memLimit()));
        r.put("MemUsageBytes", GoUnits.bytesSize(s.memUsage()) + " / " + GoUnits.bytesSize(s.memLimit()));
        r.put("MemLimit", s.memLimit());
        r.put("MemPerc", percent(s.memPercent()));
        r.put("NetIO", GoUnits.humanSize(s.netInput()) + " / " + GoUnits.humanSize(s.netOutput()));
        r.put("NetInput", s.netInput());
        r.put("NetOutput", s.netOutput());
        r.put("BlockIO", GoUnits.humanSize(s.blockInput()) + " / " + GoUnits.humanSize(s.blockOutput()));
        r.put("BlockInput", s.blockInput());
        r.put("BlockOutput", s.blockOutput());
        r.put("PIDS", String.valueOf(s.pids()));
        r.put("PIDs", s.pids());
        r.put("UpTime", GoDuration.format(s.cpuNanos()));
        r.put("Up", GoDuration.format(s.cpuNanos()));
        r.put("Duration", s.cpuNanos());
        r.put("CPUNano", s.cpuNanos());
        r.put("CPUSystemNano", s.systemCpuNanos());
        r.put("SystemNano", s.sampledAt());
        r.put("PerCPU", s.perCpu().isEmpty() ? null : s.perCpu());
        return r;
    }

    /** podman's jstat: every figure as the table shows it. */
    private static Map<String, Object> json(ContainerStats s, ContainerStats previous, boolean noTrunc) {
        Map<String, Object> row = row(s, previous, noTrunc);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", row.get("ID"));
        j.put("name", s.name());
        j.put("cpu_time", row.get("UpTime"));
        j.put("cpu_percent", row.get("CPUPerc"));
        j.put("avg_cpu", row.get("AVGCPU"));
        j.put("mem_usage", row.get("MemUsage"));
        j.put("mem_percent", row.get("MemPerc"));
        j.put("net_io", row.get("NetIO"));
        j.put("block_io", row.get("BlockIO"));
        j.put("pids", row.get("PIDS"));
        return j;
    }

    /**
     * podman's floatToPercentString: "%.2f%%" of the value after utils.RemoveScientificNotationFromFloat,
     * which keeps only the mantissa of a number Go would print with an exponent (below 1e-4 or from 1e6
     * on), so 0.00005 shows as "5.00%". A podman quirk, kept for identical output.
     */
    static String percent(double f) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", stripExponent(f));
    }

    static double stripExponent(double f) {
        if (f == 0 || Double.isNaN(f) || Double.isInfinite(f)) {
            return f;
        }
        // Go's strconv.FormatFloat(f, 'g', -1, 64) has the same shortest digits as Double.toString
        BigDecimal d = new BigDecimal(Double.toString(f));
        int exponent = d.precision() - d.scale() - 1;
        return exponent < -4 || exponent >= 6 ? d.movePointLeft(exponent).doubleValue() : f;
    }

    static boolean isJson(String format) {
        String t = format.trim();
        return t.equals("json") || t.replace(" ", "").equals("{{json.}}");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }

    // ---- pod stats -----------------------------------------------------------------------------

    static FlagSet podFlags() {
        return new FlagSet()
                .bool("all", 'a', "Provide stats for all pods")
                .string("format", '\0', "", "Pretty-print container statistics to JSON or using a Go template")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .bool("no-reset", '\0', "Disable resetting the screen when streaming")
                .bool("no-stream", '\0', "Disable streaming stats and only pull the first result");
    }

    private static final List<String> POD_FIELDS = List.of("CPU", "MemUsage", "MemUsageBytes", "Mem", "NetIO", "BlockIO",
            "PIDS", "Pod", "CID", "Name");
    // podman's overrides, "MEM" and "NET IO" among them, which match no field
    private static final Map<String, String> POD_HEADERS = Map.of("CPU", "CPU %", "MemUsage", "MEM USAGE/ LIMIT",
            "MemUsageBytes", "MEM USAGE/ LIMIT", "MEM", "MEM %", "NET IO", "NET IO", "BlockIO", "BLOCK IO");

    /** {@code pod stats}: every container of the pods (all of them when none is named), a row each. */
    static int podStats(Invocation inv) {
        ParsedFlags f = inv.flags;
        int given = (f.bool("all") ? 1 : 0) + (f.bool("latest") ? 1 : 0) + (inv.args.isEmpty() ? 0 : 1);
        if (given > 1) {
            throw new EngineException("--all, --latest and arguments cannot be used together");
        }
        String format = f.string("format");
        boolean json = isJson(format);
        while (true) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Pod pod : pods(inv)) {
                if (pod.containerIds().isEmpty()) {
                    continue;
                }
                for (ContainerStats s : inv.containers().stats(pod.containerIds(), false)) {
                    rows.add(podRow(pod.id(), s));
                }
            }
            if (json) {
                inv.out.println(GoJson.indent(rows, "     "));
            } else {
                if (!f.bool("no-reset") && terminal()) {
                    inv.out.print(CLEAR);
                }
                if (f.changed("format")) {
                    if (!rows.isEmpty()) {
                        Output.rows(inv.out, format, rows, POD_FIELDS, POD_HEADERS, false);
                    }
                } else {
                    printPodDefault(inv, rows);
                }
            }
            inv.out.flush();
            if (f.bool("no-stream") || inv.out.checkError()) {
                return 0;
            }
            sleep(1000);
        }
    }

    private record Pod(String id, List<String> containerIds) {}

    private static List<Pod> pods(Invocation inv) {
        List<Pod> out = new ArrayList<>();
        if (!inv.args.isEmpty()) {
            for (String name : inv.args) {
                Map<String, Object> doc;
                try {
                    doc = inv.pods().inspectPod(name);
                } catch (EngineException e) {
                    throw new EngineException("unable to get list of pods: " + e.getMessage());
                }
                List<String> ids = new ArrayList<>();
                for (Object o : (List<?>) doc.getOrDefault("Containers", List.of())) {
                    ids.add(String.valueOf(((Map<?, ?>) o).get("Id")));
                }
                out.add(new Pod(String.valueOf(doc.get("Id")), ids));
            }
            return out;
        }
        List<PodSummary> all = new ArrayList<>(inv.pods().listPods());
        if (inv.flags.bool("latest")) {
            PodSummary latest = all.stream().max(Comparator.comparingLong(PodSummary::created))
                    .orElseThrow(() -> new EngineException("unable to get list of pods: no such pod"));
            all = List.of(latest);
        } else {
            all.sort(Comparator.comparing(PodSummary::id));
        }
        for (PodSummary p : all) {
            out.add(new Pod(p.id(), p.containers().stream().map(PodSummary.Member::id).toList()));
        }
        return out;
    }

    /** podman's PodStatsReport: zero figures shown as "--". */
    private static Map<String, Object> podRow(String podId, ContainerStats s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("CPU", podPercent(s.cpuPercent(null)));
        r.put("MemUsage", pair(s.memUsage(), s.memLimit(), false));
        r.put("MemUsageBytes", pair(s.memUsage(), s.memLimit(), true));
        r.put("Mem", podPercent(s.memPercent()));
        r.put("NetIO", pair(s.netInput(), s.netOutput(), false));
        r.put("BlockIO", pair(s.blockInput(), s.blockOutput(), false));
        r.put("PIDS", s.pids() == 0 ? "--" : String.valueOf(s.pids()));
        r.put("Pod", podId.substring(0, 12));
        r.put("CID", s.id().substring(0, 12));
        r.put("Name", s.name());
        return r;
    }

    private static String podPercent(double f) {
        double stripped = stripExponent(f);
        return stripped == 0 ? "--" : String.format(java.util.Locale.ROOT, "%.2f%%", stripped);
    }

    private static String pair(long a, long b, boolean binary) {
        if (a == 0 && b == 0) {
            return "-- / --";
        }
        return binary ? GoUnits.bytesSize(a) + " / " + GoUnits.bytesSize(b) : GoUnits.humanSize(a) + " / " + GoUnits.humanSize(b);
    }

    private static void printPodDefault(Invocation inv, List<Map<String, Object>> rows) {
        StringBuilder text = new StringBuilder("POD\tCID\tNAME\tCPU %\tMEM USAGE/ LIMIT\tMEM %\tNET IO\tBLOCK IO\tPIDS\n");
        if (rows.isEmpty()) {
            text.append("--\t--\t--\t--\t--\t--\t--\t--\t--\n");
        }
        for (Map<String, Object> r : rows) {
            text.append(String.join("\t", List.of(
                    (String) r.get("Pod"), (String) r.get("CID"), (String) r.get("Name"), (String) r.get("CPU"),
                    (String) r.get("MemUsage"), (String) r.get("Mem"), (String) r.get("NetIO"), (String) r.get("BlockIO"),
                    (String) r.get("PIDS")))).append('\n');
        }
        StringBuilder aligned = new StringBuilder();
        TabWriter w = TabWriter.podman(aligned);
        w.write(text.toString());
        w.flush();
        inv.out.print(aligned);
    }
}

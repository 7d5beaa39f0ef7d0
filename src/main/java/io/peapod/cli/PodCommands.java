package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PodCreateSpec;
import io.peapod.engine.PodEngine;
import io.peapod.engine.PodShare;
import io.peapod.engine.PodSummary;
import io.peapod.engine.Timestamp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code pod create/ps/inspect/exists/rm/prune/start/stop}, as podman 4.3.1 prints them. */
final class PodCommands {
    private PodCommands() {}

    static FlagSet createFlags() {
        return PodFlags.add(NetworkFlags.add(new FlagSet()))
                .string("name", 'n', "", "Assign a name to the pod")
                .stringArray("label", 'l', "Set metadata on pod (default [])")
                .stringArray("label-file", '\0', "Read in a line delimited file of labels")
                .bool("infra", '\0', true, "Create an infra container associated with the pod to share namespaces with")
                .string("infra-name", '\0', "", "The name used as infra container name")
                .string("infra-image", '\0', "", "Image to use to override builtin infra container")
                .string("infra-command", '\0', "", "Overwrite the default ENTRYPOINT of the image")
                .string("share", '\0', "ipc,net,uts", "A comma delimited list of kernel namespaces the pod will share")
                .string("hostname", '\0', "", "Set container hostname")
                .string("exit-policy", '\0', "continue", "Behaviour when the last container exits")
                .bool("replace", '\0', "If a pod with the same name exists, replace it")
                .string("pod-id-file", '\0', "", "Write the pod ID to the file");
    }

    static int create(Invocation inv) {
        Args.atMost(inv.args, 1);
        inv.containers().expectCreate();   // the infra container's
        ParsedFlags f = inv.flags;
        String name = f.string("name");
        if (!inv.args.isEmpty()) {
            if (f.changed("name")) {
                throw new EngineException("cannot specify --name and NAME at the same time");
            }
            name = inv.args.getFirst();
        }
        boolean infra = f.bool("infra");
        String shareFlag = f.string("share");
        List<String> share = List.of();
        if (!infra) {
            if (f.changed("share") && !shareFlag.equals("none") && !shareFlag.isEmpty()) {
                throw new EngineException("cannot set share(" + shareFlag + ") namespaces without an infra container");
            }
        } else {
            PodShare.Parsed parsed = PodShare.parse(shareFlag);
            infra = !parsed.noInfra();
            share = parsed.namespaces();
        }
        Map<String, String> labels = labels(f);
        NetworkRequest net = NetworkFlags.parse(f);
        List<String> command = new ArrayList<>();
        command.add(Main.PROGRAM);
        command.addAll(inv.argv);
        String infraCommand = f.string("infra-command");
        PodCreateSpec spec = new PodCreateSpec(name, labels, infra, f.string("infra-name"), f.string("infra-image"),
                infraCommand.isEmpty() ? List.of() : List.of(infraCommand), share, f.string("hostname"), net,
                f.string("exit-policy"), command, PodFlags.parse(f));
        PodEngine pods = inv.pods();
        if (f.bool("replace") && !name.isEmpty() && pods.podExists(name)) {
            pods.removePod(name, true, -1);
        }
        String id = pods.createPod(spec);
        writeIdFile(f.string("pod-id-file"), id);
        inv.out.println(id);
        return 0;
    }

    private static void writeIdFile(String file, String id) {
        if (file.isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), id, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("failed to write pod ID to file: " + e.getMessage());
        }
    }

    /** {@code create/run --pod}, or the id {@code --pod-id-file} holds. */
    static String podFlag(ParsedFlags f) {
        String file = f.string("pod-id-file");
        if (file.isEmpty()) {
            return f.string("pod");
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new EngineException("reading pod ID from file " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code create/run --pod}: {@code new:NAME} makes the pod first, with the container's network flags (its
     * published ports belong to the pod then), and removes it again when the container cannot be made.
     */
    static String createInPod(Invocation inv, ContainerCreateSpec spec, java.util.function.Function<ContainerCreateSpec, String> create) {
        String pod = spec.pod();
        if (pod == null || !pod.startsWith("new:")) {
            return create.apply(spec);
        }
        PodCreateSpec defaults = PodCreateSpec.named(pod.substring("new:".length()));
        PodCreateSpec podSpec = new PodCreateSpec(defaults.name(), defaults.labels(), true, "", "", List.of(), defaults.share(),
                "", spec.network(), defaults.exitPolicy(), defaults.createCommand());
        String podId = inv.pods().createPod(podSpec);
        try {
            return create.apply(spec.inPod(podId, NetworkRequest.DEFAULT, spec.hostname()));
        } catch (RuntimeException e) {
            try {
                inv.pods().removePod(podId, true, 0);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // ---- ps ------------------------------------------------------------------------------------

    static FlagSet psFlags() {
        return new FlagSet()
                .bool("ctr-ids", '\0', "Display the container UUIDs. If no-trunc is not set they will be truncated")
                .bool("ctr-names", '\0', "Display the container names")
                .bool("ctr-status", '\0', "Display the container status")
                .stringSlice("filter", 'f', "Filter output based on conditions given")
                .string("format", '\0', "", "Pretty-print pods to JSON or using a Go template")
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .bool("namespace", '\0', "Display namespace information of the pod")
                .bool("no-trunc", '\0', "Do not truncate pod and container IDs")
                .bool("noheading", '\0', "Do not print headers")
                .bool("quiet", 'q', "Print the numeric IDs of the pods only")
                .string("sort", '\0', "created", "Sort output by created, id, name, or number");
    }

    private static final List<String> PS_FIELDS = List.of("ID", "Name", "Status", "Created", "InfraID", "ContainerIds",
            "ContainerNames", "ContainerStatuses", "Cgroup", "Namespace", "NumberOfContainers", "Labels", "Networks");
    private static final Map<String, String> PS_HEADERS = Map.of("ID", "POD ID", "InfraID", "INFRA ID",
            "NumberOfContainers", "# OF CONTAINERS", "ContainerIds", "IDS", "ContainerNames", "NAMES",
            "ContainerStatuses", "STATUS", "Namespace", "NAMESPACES");
    private static final List<String> STATUSES = List.of("stopped", "running", "paused", "exited", "dead", "created", "degraded");

    static int ps(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        ParsedFlags f = inv.flags;
        String sort = f.string("sort");
        if (!List.of("created", "id", "name", "number", "status").contains(sort)) {
            throw new EngineException("invalid option for --sort, options are: id, names, or number");
        }
        List<PodSummary> pods = new ArrayList<>(inv.pods().listPods());
        for (String filter : f.list("filter")) {
            pods.removeIf(p -> !matches(p, filter));
        }
        Comparator<PodSummary> order = switch (sort) {
            case "id" -> Comparator.comparing(PodSummary::id);
            case "name" -> Comparator.comparing(PodSummary::name);
            case "number" -> Comparator.comparingInt(p -> p.containers().size());
            case "status" -> Comparator.comparing(PodSummary::status);
            default -> Comparator.comparingLong(PodSummary::created).reversed();
        };
        pods.sort(order);
        if (f.bool("latest") && !pods.isEmpty()) {
            pods = List.of(pods.stream().max(Comparator.comparingLong(PodSummary::created)).orElseThrow());
        }
        boolean noTrunc = f.bool("no-trunc");
        if (f.bool("quiet")) {
            pods.forEach(p -> inv.out.println(p.id()));   // podman 4.3.1 prints full ids here, --no-trunc or not
            return 0;
        }
        String format = f.string("format");
        if (Output.isJson(format)) {
            inv.out.println(GoJson.indentJsoniter(pods.stream().map(PodCommands::jsonView).toList(), "  "));
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PodSummary p : pods) {
            rows.add(row(p, noTrunc));
        }
        if (format.isEmpty()) {
            format = defaultFormat(f);
        }
        Output.rows(inv.out, format, rows, PS_FIELDS, PS_HEADERS, f.bool("noheading"));
        return 0;
    }

    /** podman's podPsFormat: the container columns replace the container count. */
    static String defaultFormat(ParsedFlags f) {
        List<String> cols = new ArrayList<>(List.of("{{.ID}}", "{{.Name}}", "{{.Status}}", "{{.Created}}", "{{.InfraID}}"));
        if (f.bool("ctr-ids")) cols.add("{{.ContainerIds}}");
        if (f.bool("ctr-names")) cols.add("{{.ContainerNames}}");
        if (f.bool("ctr-status")) cols.add("{{.ContainerStatuses}}");
        if (f.bool("namespace")) {
            cols.add("{{.Cgroup}}");
            cols.add("{{.Namespace}}");
        }
        if (!f.bool("ctr-ids") && !f.bool("ctr-names") && !f.bool("ctr-status")) cols.add("{{.NumberOfContainers}}");
        return "table " + String.join("\t", cols) + "\n";
    }

    private static String shortId(String id, boolean noTrunc) {
        return noTrunc || id.length() <= 12 ? id : id.substring(0, 12);
    }

    private static Map<String, Object> row(PodSummary p, boolean noTrunc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ID", shortId(p.id(), noTrunc));
        r.put("Name", p.name());
        r.put("Status", p.status());
        r.put("Created", Human.ago(p.created() / 1_000_000_000L));
        r.put("InfraID", shortId(p.infraId(), noTrunc));
        r.put("ContainerIds", String.join(",", p.containers().stream().map(c -> shortId(c.id(), noTrunc)).toList()));
        r.put("ContainerNames", String.join(",", p.containers().stream().map(PodSummary.Member::name).toList()));
        r.put("ContainerStatuses", String.join(",", p.containers().stream().map(PodSummary.Member::status).toList()));
        r.put("Cgroup", p.cgroup());
        r.put("Namespace", "");
        r.put("NumberOfContainers", p.containers().size());
        r.put("Labels", p.labels());
        r.put("Networks", String.join(",", p.networks()));
        return r;
    }

    /** podman's ListPodsReport as its JSON shows it. */
    private static Map<String, Object> jsonView(PodSummary p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cgroup", p.cgroup());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (PodSummary.Member c : p.containers()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("Id", c.id());
            x.put("Names", c.name());
            x.put("Status", c.status());
            cs.add(x);
        }
        m.put("Containers", cs);
        m.put("Created", new Timestamp(p.created()).rfc3339Nano());
        m.put("Id", p.id());
        m.put("InfraId", p.infraId());
        m.put("Name", p.name());
        m.put("Namespace", "");
        m.put("Networks", p.networks());
        m.put("Status", p.status());
        m.put("Labels", p.labels());
        return m;
    }

    /** podman's pod filters: name and id as regular expressions, label=KEY[=VALUE], status. */
    static boolean matches(PodSummary p, String filter) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        String value = eq < 0 ? "" : filter.substring(eq + 1);
        return switch (key) {
            case "name" -> find(value, p.name());
            case "id" -> find(value, p.id());
            case "label" -> {
                int e = value.indexOf('=');
                String k = e < 0 ? value : value.substring(0, e);
                yield p.labels().containsKey(k) && (e < 0 || p.labels().get(k).equals(value.substring(e + 1)));
            }
            case "status" -> {
                if (!STATUSES.contains(value)) {
                    throw new EngineException(value + " is not a valid pod status");
                }
                yield p.status().equalsIgnoreCase(value);
            }
            case "ctr-names" -> p.containers().stream().anyMatch(c -> c.name().equals(value));
            case "ctr-ids" -> p.containers().stream().anyMatch(c -> c.id().startsWith(value));
            case "ctr-status" -> p.containers().stream().anyMatch(c -> c.status().equals(value));
            case "ctr-number" -> String.valueOf(p.containers().size()).equals(value);
            case "network" -> p.networks().contains(value);
            default -> throw new EngineException(key + " is an invalid filter");
        };
    }

    private static boolean find(String regex, String s) {
        try {
            return Pattern.compile(regex).matcher(s).find();
        } catch (PatternSyntaxException e) {
            return s.contains(regex);
        }
    }

    // ---- inspect, exists -----------------------------------------------------------------------

    static FlagSet inspectFlags() {
        return new FlagSet()
                .string("format", 'f', "json", "Format the output to a Go template or json")
                .bool("latest", 'l', "Act on the latest pod podman is aware of");
    }

    static int inspect(Invocation inv) {
        Args.atLeast(inv.args, 1);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (String name : inv.args) {
            try {
                docs.add(inv.pods().inspectPod(name));
            } catch (EngineException e) {
                if (!e.getMessage().endsWith("no such pod")) {
                    throw e;
                }
                if (docs.isEmpty()) {
                    inv.out.println("[]");   // podman prints its empty result before the error
                }
                throw new EngineException("inspecting object: no such pod " + name);
            }
        }
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            Output.inspectJson(inv.out, docs.size() == 1 ? docs.getFirst() : docs);
        } else {
            for (Map<String, Object> d : docs) {
                Output.one(inv.out, format, d);
            }
        }
        return 0;
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return inv.pods().podExists(inv.args.getFirst()) ? 0 : 1;
    }

    // ---- top, logs -----------------------------------------------------------------------------

    static FlagSet topFlags() {
        return new FlagSet()
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .bool("list-descriptors", '\0', "");
    }

    /** {@code pod top POD [DESCRIPTORS]}: the processes of the pod's running containers, the infra's first. */
    static int top(Invocation inv) {
        Args.atLeast(inv.args, 1);
        Map<String, Object> pod;
        try {
            pod = inv.pods().inspectPod(inv.args.getFirst());
        } catch (EngineException e) {
            throw new EngineException("unable to look up requested container: " + e.getMessage());
        }
        List<String> descriptors = inv.args.subList(1, inv.args.size());
        StringBuilder text = new StringBuilder();
        boolean header = false;
        for (Object o : (List<?>) pod.getOrDefault("Containers", List.of())) {
            Map<?, ?> c = (Map<?, ?>) o;
            if (!"running".equals(c.get("State"))) {
                continue;
            }
            List<String> lines = inv.containers().top(String.valueOf(c.get("Id")), descriptors);
            for (int i = header ? 1 : 0; i < lines.size(); i++) {
                text.append(lines.get(i)).append('\n');
            }
            header = true;
        }
        StringBuilder aligned = new StringBuilder();
        io.peapod.gotemplate.TabWriter w = io.peapod.gotemplate.TabWriter.podman(aligned);
        w.write(text.toString());
        w.flush();
        inv.out.print(aligned);
        return 0;
    }

    static FlagSet logsFlags() {
        return new FlagSet()
                .string("container", 'c', "", "Filter logs by container name or id which belongs to pod")
                .bool("follow", 'f', "Follow log output.")
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .bool("names", 'n', "Output container names instead of container IDs in the log")
                .string("since", '\0', "", "Show logs since TIMESTAMP")
                .integer("tail", '\0', -1, "Output the specified number of LINES at the end of the logs.")
                .bool("timestamps", 't', "Output the timestamps in the log")
                .string("until", '\0', "", "Show logs until TIMESTAMP");
    }

    /**
     * {@code pod logs}: each container's log but the infra's, in creation order, each line prefixed with
     * the container's short id (its name with {@code --names}); {@code -c} shows one container, unprefixed.
     * {@code --follow} follows them all at once, until the pod's infra container has exited too.
     */
    static int logs(Invocation inv) {
        Args.exactly(inv.args, 1);
        Map<String, Object> pod = inv.pods().inspectPod(inv.args.getFirst());
        String infra = String.valueOf(pod.getOrDefault("InfraContainerID", ""));
        String only = inv.flags.string("container");
        List<Map<?, ?>> targets = new ArrayList<>();
        for (Object o : (List<?>) pod.getOrDefault("Containers", List.of())) {
            Map<?, ?> c = (Map<?, ?>) o;
            String id = String.valueOf(c.get("Id"));
            if (only.isEmpty() ? !id.equals(infra) : (id.startsWith(only) || only.equals(c.get("Name")))) {
                targets.add(c);
            }
        }
        if (!only.isEmpty() && targets.isEmpty()) {
            throw new EngineException("container " + only + " is not in pod " + inv.args.getFirst() + ": no such container");
        }
        boolean names = inv.flags.bool("names");
        if (inv.flags.bool("follow") && only.isEmpty()) {
            // all of them at once, each line with its container's short id (or name)
            Map<String, String> prefixes = new LinkedHashMap<>();
            for (Map<?, ?> c : targets) {
                String id = String.valueOf(c.get("Id"));
                prefixes.put(id, (names ? String.valueOf(c.get("Name")) : id.substring(0, 12)) + " ");
            }
            inv.pods().followPodLogs(inv.args.getFirst(), prefixes, new io.peapod.engine.ContainerEngine.LogOptions(true,
                    inv.flags.string("since"), inv.flags.string("until"), (int) inv.flags.integer("tail"),
                    inv.flags.bool("timestamps"), false), inv.out, inv.err);
            return 0;
        }
        for (int i = 0; i < targets.size(); i++) {
            Map<?, ?> c = targets.get(i);
            boolean prefixed = only.isEmpty();
            io.peapod.engine.ContainerEngine.LogOptions options = new io.peapod.engine.ContainerEngine.LogOptions(
                    inv.flags.bool("follow") && i == targets.size() - 1, inv.flags.string("since"), inv.flags.string("until"),
                    (int) inv.flags.integer("tail"), inv.flags.bool("timestamps"), prefixed && names);
            if (prefixed && !names) {
                String prefix = String.valueOf(c.get("Id")).substring(0, 12) + " ";
                java.io.PrintStream out = new java.io.PrintStream(new LinePrefix(inv.out, prefix), true, StandardCharsets.UTF_8);
                java.io.PrintStream err = new java.io.PrintStream(new LinePrefix(inv.err, prefix), true, StandardCharsets.UTF_8);
                inv.containers().printLogs(String.valueOf(c.get("Id")), options, out, err);
                out.flush();
                err.flush();
            } else {
                inv.containers().printLogs(String.valueOf(c.get("Id")), options, inv.out, inv.err);
            }
        }
        return 0;
    }

    /** Writes {@code prefix} at the start of every line passing through. */
    private static final class LinePrefix extends java.io.OutputStream {
        private final java.io.OutputStream out;
        private final byte[] prefix;
        private boolean atStart = true;

        LinePrefix(java.io.OutputStream out, String prefix) {
            this.out = out;
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void write(int b) throws IOException {
            if (atStart) {
                out.write(prefix);
            }
            out.write(b);
            atStart = b == '\n';
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    // ---- start, stop, rm, prune ----------------------------------------------------------------

    static FlagSet startFlags() {
        return new FlagSet()
                .bool("all", 'a', "Restart all running pods")
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .stringArray("pod-id-file", '\0', "Read the pod ID from the file");
    }

    static int start(Invocation inv) {
        for (String name : targets(inv)) {
            inv.out.println(inv.pods().startPod(name));
        }
        return 0;
    }

    static FlagSet stopFlags() {
        return startFlags()
                .bool("ignore", 'i', "Ignore errors when a specified pod is missing")
                .integer("time", 't', -1, "Seconds to wait for pod stop before killing the container");
    }

    static int stop(Invocation inv) {
        int timeout = (int) inv.flags.integer("time");
        for (String name : targets(inv)) {
            if (inv.flags.bool("ignore") && !inv.pods().podExists(name)) {
                continue;
            }
            inv.out.println(inv.pods().stopPod(name, timeout));
        }
        return 0;
    }

    static FlagSet killFlags() {
        return new FlagSet()
                .bool("all", 'a', "Kill all containers in all pods")
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .string("signal", 's', "KILL", "Signal to send to the containers in the pod")
                .stringArray("pod-id-file", '\0', "Read the pod ID from the file");
    }

    static int kill(Invocation inv) {
        for (String name : targets(inv)) {
            inv.out.println(inv.pods().killPod(name, inv.flags.string("signal")));
        }
        return 0;
    }

    static FlagSet allLatestFlags() {
        return new FlagSet()
                .bool("all", 'a', "Act on all pods")
                .bool("latest", 'l', "Act on the latest pod podman is aware of")
                .stringArray("pod-id-file", '\0', "Read the pod ID from the file");
    }

    static int pause(Invocation inv) {
        for (String name : targets(inv)) {
            inv.out.println(inv.pods().pausePod(name));
        }
        return 0;
    }

    static int unpause(Invocation inv) {
        for (String name : targets(inv)) {
            inv.out.println(inv.pods().unpausePod(name));
        }
        return 0;
    }

    static int restart(Invocation inv) {
        for (String name : targets(inv)) {
            inv.out.println(inv.pods().restartPod(name));
        }
        return 0;
    }

    static FlagSet rmFlags() {
        return stopFlags().bool("force", 'f', "Force removal of a running pod by first stopping all containers, then removing all containers in the pod.  The default is false");
    }

    static int rm(Invocation inv) {
        int timeout = (int) inv.flags.integer("time");
        int code = 0;
        for (String name : targets(inv)) {
            if (!inv.pods().podExists(name)) {
                if (inv.flags.bool("ignore")) {
                    continue;
                }
                // podman: a pod that does not exist is exit 1, as for rm of a missing container
                inv.err.println("Error: no pod with name or ID " + name + " found: no such pod");
                code = 1;
                continue;
            }
            inv.out.println(inv.pods().removePod(name, inv.flags.bool("force"), timeout));
        }
        return code;
    }

    static FlagSet pruneFlags() {
        return new FlagSet().bool("force", 'f', "Do not prompt for confirmation.  The default is false");
    }

    static int prune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.bool("force")) {
            inv.out.print("WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) {
                return 0;
            }
        }
        inv.pods().prunePods().forEach(inv.out::println);
        return 0;
    }

    /** The pods named, or every pod (--all), the newest (--latest), those in --pod-id-file files. */
    private static List<String> targets(Invocation inv) {
        List<String> names = new ArrayList<>(inv.args);
        for (String file : inv.flags.list("pod-id-file")) {
            try {
                names.add(Files.readString(Path.of(file)).strip());
            } catch (IOException e) {
                throw new EngineException("reading pod ID file: " + e.getMessage());
            }
        }
        if (inv.flags.bool("all")) {
            names = inv.pods().listPods().stream().map(PodSummary::id).toList();
        } else if (inv.flags.bool("latest")) {
            names = inv.pods().listPods().stream().max(Comparator.comparingLong(PodSummary::created))
                    .map(p -> List.of(p.id())).orElse(List.of());
        }
        if (names.isEmpty() && !inv.flags.bool("all") && !inv.flags.bool("latest")) {
            throw new EngineException("you must provide at least one name or id");
        }
        return names;
    }

    /** {@code --label-file} then {@code --label} (podman: the flags win), for pod create and clone. */
    static Map<String, String> labels(ParsedFlags f) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String file : f.list("label-file")) {
            try {
                labels.putAll(KeyValueFiles.read(Path.of(file), KeyValueFiles.Kind.LABEL, System.getenv()));
            } catch (IOException e) {
                throw new EngineException("unable to process labels: " + e.getMessage());
            }
        }
        for (String l : f.list("label")) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return labels;
    }
}

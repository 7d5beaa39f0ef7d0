package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Container commands: create, start, run, ps, stop, kill, wait, logs, rm, container cleanup/exists. */
final class ContainerCommands {
    private ContainerCommands() {}

    /** The create/run flags implemented so far; the rest of podman's set follows with the containers issue. */
    static FlagSet createFlags() {
        return NamespaceFlags.add(UserNamespaceFlags.add(ResourceFlags.addCreate(NetworkFlags.add(CreateFlags.add(new FlagSet())))))
                .string("name", '\0', "", "Assign a name to the container")
                .string("pod", '\0', "", "Run container in an existing pod")
                .string("pod-id-file", '\0', "", "Read the pod ID from the file")
                .stringArray("env", 'e', "Set environment variables in container")
                .string("workdir", 'w', "", "Working directory inside the container")
                .string("user", 'u', "", "Username or UID (format: <name|uid>[:<group|gid>])")
                .string("entrypoint", '\0', "", "Overwrite the default ENTRYPOINT of the image")
                .stringArray("label", 'l', "Set metadata on container")
                .string("hostname", 'h', "", "Set container hostname")
                .bool("rm", '\0', "Remove container (and pod if created) after exit")
                .string("stop-signal", '\0', "", "Signal to stop a container. Default is SIGTERM")
                .integer("stop-timeout", '\0', 10, "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL.")
                .bool("init", '\0', "Run an init binary inside the container that forwards signals and reaps processes")
                .bool("read-only", '\0', "Make containers root filesystem read-only")
                .stringArray("volume", 'v', "Bind mount a volume into the container")
                .stringArray("mount", '\0', "Attach a filesystem mount to the container")
                .stringArray("tmpfs", '\0', "Mount a temporary filesystem (tmpfs) into a container")
                .bool("interactive", 'i', "Keep STDIN open even if not attached")
                .bool("tty", 't', "Allocate a pseudo-TTY for container");
    }

    /** {@code create} alone takes {@code --init-ctr} (podman's run does not know it). */
    static FlagSet createOnlyFlags() {
        return createFlags().string("init-ctr", '\0', "", "Make this a pod init container.");
    }

    static FlagSet runFlags() {
        return AttachCommands.addRunFlags(createFlags().bool("detach", 'd', "Run container in background and print container ID"));
    }

    private static ContainerCreateSpec spec(Invocation inv) {
        Args.atLeast(inv.args, 1);
        ParsedFlags f = inv.flags;
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : f.list("label")) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        NetworkRequest net = NetworkFlags.parse(f);
        List<String> entrypoint = f.changed("entrypoint") ? entrypoint(f.string("entrypoint")) : null;
        return CreateFlags.complete(new ContainerCreateSpec(inv.args.getFirst(), f.string("name"), inv.args.subList(1, inv.args.size()),
                entrypoint, f.list("env"), f.string("workdir"), f.string("user"), f.string("hostname"), labels,
                f.bool("rm"), f.string("stop-signal"), (int) f.integer("stop-timeout"),
                net, f.bool("init"), f.bool("read-only"),
                MountFlags.parse(f.list("volume"), f.list("mount"), f.list("tmpfs")), f.bool("interactive"), f.bool("tty"),
                Map.of(), List.of(), false, ContainerCreateSpec.LogConfig.DEFAULT, ContainerCreateSpec.RestartPolicy.NONE, ""), f)
                .withPod(PodCommands.podFlag(f));
    }

    /** podman: a JSON array is the exec form, anything else one word. */
    private static List<String> entrypoint(String value) {
        if (value.startsWith("[")) {
            List<String> out = new ArrayList<>();
            for (String part : value.substring(1, value.length() - 1).split(",")) {
                String p = part.strip();
                if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
                    p = p.substring(1, p.length() - 1);
                }
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        }
        return value.isEmpty() ? List.of() : List.of(value);
    }

    static FlagSet updateFlags() {
        return ResourceFlags.addUpdate(new FlagSet());
    }

    /** {@code update [options] CONTAINER}: prints the container's full id, as podman does. */
    static int update(Invocation inv) {
        Args.exactly(inv.args, 1);
        inv.out.println(inv.containers().update(inv.args.getFirst(), ResourceFlags.parseUpdate(inv.flags)));
        return 0;
    }

    static int create(Invocation inv) {
        inv.containers().expectCreate();
        ContainerCreateSpec spec = spec(inv);
        String initCtr = inv.flags.string("init-ctr");
        if (!initCtr.isEmpty()) {
            if (!initCtr.equals("always") && !initCtr.equals("once")) {
                throw new EngineException("init-ctr value must be 'always' or 'once'");
            }
            if (spec.pod() == null || spec.pod().isEmpty()) {
                throw new EngineException("must specify pod value with init-ctr");
            }
            spec = spec.withInitCtr(initCtr);
        }
        inv.out.println(PodCommands.createInPod(inv, spec, s -> CreateFlags.create(inv, s)));
        return 0;
    }

    static int run(Invocation inv) {
        ContainerEngine c = inv.containers();
        c.expectCreate();
        c.expectStart();
        byte[] detachKeys = AttachCommands.detachKeys(inv);
        String id = PodCommands.createInPod(inv, spec(inv), s -> CreateFlags.create(inv, s));
        if (inv.flags.bool("detach")) {
            try {
                c.start(id);
            } catch (EngineException e) {
                if (inv.flags.bool("rm")) {
                    c.removeContainer(id, true, true);
                }
                throw e;
            }
            inv.out.println(id);
            return 0;
        }
        if (inv.flags.bool("interactive") || inv.flags.bool("tty")) {
            return AttachCommands.run(inv, id, detachKeys);
        }
        inv.out.flush();
        return c.startAttached(id, inv.out, inv.err);
    }

    static FlagSet startFlags() {
        return AttachCommands.addStartFlags(new FlagSet().bool("attach", 'a', "Attach container's STDOUT and STDERR")
                .bool("all", '\0', "Start all containers regardless of their state or configuration")
                .stringSlice("filter", 'f', "Filter output based on conditions given")
                .bool("latest", 'l', "Act on the latest container podman is aware of"));
    }

    static int start(Invocation inv) {
        inv.containers().expectStart();
        if (ContainerTargets.startsMany(inv)) {
            return ContainerTargets.startMany(inv);
        }
        if (inv.args.isEmpty()) {
            throw new EngineException("start requires at least one argument");
        }
        if (inv.flags.bool("attach")) {
            if (inv.args.size() > 1) {
                throw new EngineException("you cannot start and attach multiple containers at once");
            }
            return AttachCommands.start(inv, inv.args.getFirst());
        }
        for (String name : inv.args) {
            inv.containers().start(name);
            inv.out.println(name);
        }
        return 0;
    }

    static FlagSet psFlags() {
        return new FlagSet()
                .bool("all", 'a', "Show all the containers, default is only running containers")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .integer("last", 'n', -1, "Print the n last created containers (all states)")
                .stringArray("filter", 'f', "Filter output based on conditions given")
                .string("format", '\0', "", "Pretty-print containers to JSON or using a Go template")
                .bool("no-trunc", '\0', "Display the extended information")
                .bool("noheading", '\0', "Do not print headers")
                .bool("quiet", 'q', "Print the numeric IDs of the containers only")
                .bool("pod", 'p', "Print the ID and name of the pod the containers are associated with")
                .bool("size", 's', "Display the total file sizes")
                .string("sort", '\0', "created", "Sort output by: command, created, id, image, names, runningfor, size, status");
    }

    static final List<String> PS_FIELDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("ID", "Image", "Command", "CreatedHuman",
            "Status", "Ports", "Names", "State", "ExitCode", "Labels", "CreatedAt", "RunningFor", "Pid"),
            PsColumns.FIELDS.stream()).toList();
    static final Map<String, String> PS_HEADERS = Map.of("ID", "CONTAINER ID", "CreatedHuman", "CREATED",
            "RunningFor", "CREATED", "Pod", "POD ID", "PodName", "PODNAME");

    static int ps(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        PsColumns.checkSort(inv.flags.string("sort"), inv.commandPath);
        long last = inv.flags.bool("latest") ? 1 : inv.flags.integer("last");
        ContainerFilters filters = ContainerFilters.parse(inv.flags.list("filter"));
        List<ContainerSummary> all = inv.containers().listContainers(inv.flags.bool("all") || last >= 0
                || filters.selectsStoppedOnes()).stream().filter(filters::matches).toList();
        if (last >= 0 && all.size() > last) {
            all = all.subList((int) (all.size() - last), all.size()).reversed();
        } else if (last >= 0) {
            all = all.reversed();
        }
        boolean sized = inv.flags.bool("size");
        if (sized) {
            all = PsColumns.withSizes(inv.containers(), all);
        }
        all = PsColumns.sort(all, inv.flags.string("sort"));
        boolean noTrunc = inv.flags.bool("no-trunc");
        if (inv.flags.bool("quiet")) {
            all.forEach(s -> inv.out.println(noTrunc ? s.Id() : s.Id().substring(0, 12)));
            return 0;
        }
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            Output.json(inv.out, all);
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ContainerSummary s : all) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ID", noTrunc ? s.Id() : s.Id().substring(0, 12));
            r.put("Image", s.Image());
            String command = String.join(" ", s.Command());
            r.put("Command", noTrunc || command.length() <= 17 ? command : command.substring(0, 17) + "...");
            r.put("CreatedHuman", s.RunningFor());
            r.put("RunningFor", s.RunningFor());
            r.put("Status", s.Status());
            r.put("Ports", PortCommands.text(s.Ports()));
            r.put("Names", String.join(",", s.Names()));
            r.put("State", s.State());
            r.put("ExitCode", s.ExitCode());
            r.put("Labels", s.Labels());
            r.put("CreatedAt", Human.goTime(s.Created()));
            r.put("Pid", s.Pid());
            PsColumns.addFields(r, s, sized);
            if (!noTrunc && s.Pod().length() > 12) {
                r.put("Pod", s.Pod().substring(0, 12));
            }
            rows.add(r);
        }
        if (format.isEmpty()) {
            format = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
                    + (sized ? "\t{{.Size}}" : "") + (inv.flags.bool("pod") ? "\t{{.Pod}}\t{{.PodName}}" : "");
        } else if (!sized) {
            PsColumns.warnSizeWithoutFlag(inv.err, format, rows.size());
        }
        Output.rows(inv.out, format, rows, PS_FIELDS, PS_HEADERS, inv.flags.bool("noheading"));
        return 0;
    }

    static int waitFor(Invocation inv) {
        return ContainerTargets.waitFor(inv);
    }

    static FlagSet logsFlags() {
        return new FlagSet()
                .bool("follow", 'f', "Follow log output.  The default is false")
                .bool("names", 'n', "Output the container name in the log")
                .string("since", '\0', "", "Show logs since TIMESTAMP")
                .integer("tail", '\0', -1, "Output the specified number of LINES at the end of the logs.  Defaults to -1, which prints all lines")
                .bool("timestamps", 't', "Output the timestamps in the log")
                .string("until", '\0', "", "Show logs until TIMESTAMP");
    }

    static int logs(Invocation inv) {
        Args.atLeast(inv.args, 1);
        ContainerEngine.LogOptions options = new ContainerEngine.LogOptions(inv.flags.bool("follow"),
                inv.flags.string("since"), inv.flags.string("until"), (int) inv.flags.integer("tail"),
                inv.flags.bool("timestamps"), inv.flags.bool("names") || inv.args.size() > 1);
        for (String name : inv.args) {
            inv.containers().printLogs(name, options, inv.out, inv.err);
        }
        return 0;
    }

    static int rename(Invocation inv) {
        Args.exactly(inv.args, 2);
        inv.containers().rename(inv.args.get(0), inv.args.get(1));
        return 0;
    }

    static FlagSet restartFlags() {
        return new FlagSet().integer("time", 't', -1, "Seconds to wait for stop before killing the container");
    }

    static int restart(Invocation inv) {
        Args.atLeast(inv.args, 1);
        for (String name : inv.args) {
            inv.containers().restart(name, (int) inv.flags.integer("time"));
            inv.out.println(name);
        }
        return 0;
    }

    static FlagSet pruneFlags() {
        return new FlagSet().stringArray("filter", '\0', "Provide filter values (e.g. 'label=<key>=<value>')")
                .bool("force", 'f', "Do not prompt for confirmation.  The default is false");
    }

    static int prune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.bool("force")) {
            inv.out.print("WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) {
                return 0;
            }
        }
        inv.containers().pruneContainers(inv.flags.list("filter")).forEach(inv.out::println);
        return 0;
    }

    static int cleanup(Invocation inv) {
        Args.atLeast(inv.args, 1);
        for (String name : inv.args) {
            inv.containers().cleanup(name);
        }
        return 0;
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return inv.containers().containerExists(inv.args.getFirst()) ? 0 : 1;
    }
}

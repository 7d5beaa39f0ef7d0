package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which containers a command acts on, as podman picks them: the arguments, {@code --all},
 * {@code --latest}, {@code --cidfile} files and {@code --filter}, with podman's checks
 * (validate.CheckAllLatestAndIDFile); and the commands built on that: wait, rm, stop, kill, start.
 */
final class ContainerTargets {
    private ContainerTargets() {}

    /** A container to act on: {@code given} is what podman echoes back (the argument, or the full id). */
    record Target(String given) {}

    /** podman's CheckAllLatestAndIDFile. */
    static void check(Invocation inv, boolean hasAll, boolean hasCidfile) {
        boolean all = hasAll && inv.flags.bool("all");
        boolean latest = inv.flags.bool("latest");
        boolean idFile = hasCidfile && !inv.flags.list("cidfile").isEmpty();
        if (idFile && (all || latest)) {
            throw new EngineException("--all, --latest, and --cidfile cannot be used together");
        } else if (all && latest) {
            throw new EngineException("--all and --latest cannot be used together");
        }
        if (!inv.args.isEmpty() && all) {
            throw new EngineException("no arguments are needed with --all");
        }
        if (!inv.args.isEmpty() && latest) {
            throw new EngineException("--latest and containers cannot be used together");
        }
        if (!inv.args.isEmpty() && idFile) {
            throw new EngineException("no arguments are needed with --latest or --cidfile");
        }
        boolean filtered = inv.flags.changed("filter");
        if (inv.args.isEmpty() && !all && !latest && !idFile && !filtered) {
            throw new EngineException("you must provide at least one name or id");
        }
    }

    /** The ids in {@code --cidfile} files (first line of each); a missing file is skipped when {@code ignoreMissing}. */
    static List<String> cidfiles(List<String> files, boolean ignoreMissing) {
        List<String> out = new ArrayList<>();
        for (String file : files) {
            try {
                out.add(Files.readString(Path.of(file), StandardCharsets.UTF_8).split("\n", -1)[0]);
            } catch (NoSuchFileException e) {
                if (!ignoreMissing) {
                    throw new EngineException("reading CIDFile: open " + file + ": no such file or directory");
                }
            } catch (IOException e) {
                throw new EngineException("reading CIDFile: " + e.getMessage());
            }
        }
        return out;
    }

    /** The most recently created container's id, for {@code --latest}. */
    static String latest(ContainerEngine engine) {
        List<ContainerSummary> all = engine.listContainers(true);   // in creation order
        if (all.isEmpty()) {
            throw new EngineException("no containers to act on: no such container");
        }
        return all.getLast().Id();
    }

    /** The targets from arguments, --latest, --cidfile and --filter (--all is the caller's: its set differs). */
    static List<String> resolve(Invocation inv, boolean ignoreMissingCidfiles) {
        List<String> out = new ArrayList<>(inv.args);
        if (inv.flags.bool("latest")) {
            out.add(latest(inv.containers()));
        }
        if (inv.flags.changed("cidfile")) {
            out.addAll(cidfiles(inv.flags.list("cidfile"), ignoreMissingCidfiles));
        }
        if (inv.flags.changed("filter") && inv.args.isEmpty()) {
            ContainerFilters filters = ContainerFilters.parse(inv.flags.list("filter"));
            inv.containers().listContainers(true).stream().filter(filters::matches).map(ContainerSummary::Id)
                    .forEach(out::add);
        }
        return out;
    }

    // ---- wait ----------------------------------------------------------------------------------

    static FlagSet waitFlags() {
        return new FlagSet()
                .stringSlice("condition", '\0', "Condition to wait on")
                .string("interval", 'i', "250ms", "Time Interval to wait before polling for completion")
                .bool("latest", 'l', "Act on the latest container podman is aware of");
    }

    static int waitFor(Invocation inv) {
        boolean latest = inv.flags.bool("latest");
        if (inv.args.isEmpty() && !latest) {
            throw new EngineException("\"" + inv.commandPath + "\" requires a name, id, or the \"--latest\" flag");
        }
        if (latest && !inv.args.isEmpty()) {
            throw new EngineException("--latest and containers cannot be used together");
        }
        ContainerEngine engine = inv.containers();
        List<String> targets = latest ? List.of(latest(engine)) : inv.args;
        for (String name : targets) {   // podman looks every container up before waiting on any
            if (!engine.containerExists(name)) {
                throw new EngineException("no container with name or ID \"" + name + "\" found: no such container");
            }
        }
        String interval = inv.flags.changed("interval") ? inv.flags.string("interval") : "";
        for (String name : targets) {
            inv.out.println(engine.waitFor(name, inv.flags.list("condition"), interval));
            inv.out.flush();
        }
        return 0;
    }

    // ---- rm, stop, kill ------------------------------------------------------------------------

    static FlagSet rmFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove all containers")
                .stringArray("cidfile", '\0', "Read the container ID from the file")
                .bool("depend", '\0', "Remove container and all containers that depend on the selected container")
                .stringSlice("filter", '\0', "Filter output based on conditions given")
                .bool("force", 'f', "Force removal of a running or unusable container")
                .bool("ignore", 'i', "Ignore errors when a specified container is missing")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .integer("time", 't', 10, "Seconds to wait for stop before killing the container")
                .bool("volumes", 'v', "Remove anonymous volumes associated with the container");
    }

    /**
     * {@code rm}: a running container needs {@code -f}, which stops it as {@code stop} does (its stop
     * signal, then SIGKILL after {@code -t} or its stop timeout). A container whose namespaces others join is
     * refused unless {@code --depend}, which removes those first (theirs before them, as podman does).
     */
    static int rm(Invocation inv) {
        boolean force = inv.flags.bool("force");
        if (inv.flags.changed("time") && !force) {
            throw new EngineException("--force option must be specified to use the --time option");
        }
        check(inv, true, true);
        ContainerEngine engine = inv.containers();
        boolean ignore = inv.flags.bool("ignore");
        boolean byId = inv.flags.bool("all") || inv.flags.bool("depend");
        List<String> targets = inv.flags.bool("all")
                ? engine.listContainers(true).stream()
                        .sorted((a, b) -> Boolean.compare(a.IsInfra(), b.IsInfra()))   // a pod's infra after its users
                        .map(ContainerSummary::Id).toList()
                : resolve(inv, ignore);
        // --all removes containers before those whose namespaces they joined (podman 4.3.1 refuses those instead)
        if (inv.flags.bool("depend") || inv.flags.bool("all")) {
            List<String> withDependents = new ArrayList<>();
            for (String t : targets) {
                if (engine.containerExists(t)) {
                    dependentsFirst(engine, t, withDependents);
                } else {
                    withDependents.add(t);   // reported missing below
                }
            }
            targets = withDependents;
        }
        int timeout = inv.flags.changed("time") ? (int) inv.flags.integer("time") : -1;
        // Only running ones are stopped first; removal itself kills a paused one, as libpod does.
        List<ContainerSummary> running = force ? engine.listContainers(false) : List.of();
        List<String> errors = new ArrayList<>();
        for (String name : targets) {
            try {
                if (ignore && !engine.containerExists(name)) {
                    continue;
                }
                // one that others join is refused below, with nothing stopped first
                if (running.stream().anyMatch(s -> s.Names().contains(name) || s.Id().startsWith(name))
                        && engine.dependents(name).isEmpty()) {
                    String stopped = engine.stop(name, timeout);
                    if (!engine.containerExists(stopped)) {
                        inv.out.println(byId ? stopped : name);   // a --rm container: its cleanup removed it
                        continue;
                    }
                }
                String id = engine.removeContainer(name, force, inv.flags.bool("volumes"));
                inv.out.println(byId ? id : name);   // podman echoes what it was given
            } catch (EngineException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            // podman's setExitCode: 1 for a missing container, 2 for one in the wrong state (running, paused)
            int code = errors.getFirst().contains("no such container") ? 1
                    : errors.getFirst().contains("container state improper") ? 2 : 125;
            throw new EngineException(Errors.combine(errors), code);
        }
        return 0;
    }

    /** Adds the containers that join {@code target}'s namespaces, theirs first, then {@code target}, each once. */
    private static void dependentsFirst(ContainerEngine engine, String target, List<String> out) {
        for (String d : engine.dependents(target)) {
            dependentsFirst(engine, d, out);
        }
        if (!out.contains(target)) {
            out.add(target);
        }
    }

    static FlagSet stopFlags() {
        return new FlagSet()
                .bool("all", 'a', "Stop all running containers")
                .stringArray("cidfile", '\0', "Read the container ID from the file")
                .stringSlice("filter", 'f', "Filter output based on conditions given")
                .bool("ignore", 'i', "Ignore errors when a specified container is missing")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .integer("time", 't', -1, "Seconds to wait for stop before killing the container");
    }

    static int stop(Invocation inv) {
        check(inv, true, true);
        ContainerEngine engine = inv.containers();
        boolean ignore = inv.flags.bool("ignore");
        for (String name : running(inv)) {
            if (ignore && !engine.containerExists(name)) {
                continue;
            }
            engine.stop(name, (int) inv.flags.integer("time"));
            inv.out.println(name);
        }
        return 0;
    }

    static FlagSet killFlags() {
        return new FlagSet()
                .bool("all", 'a', "Signal all running containers")
                .stringArray("cidfile", '\0', "Read the container ID from the file")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .string("signal", 's', "KILL", "Signal to send to the container");
    }

    static int kill(Invocation inv) {
        check(inv, true, true);
        for (String name : running(inv)) {
            inv.containers().kill(name, inv.flags.string("signal"));
            inv.out.println(name);
        }
        return 0;
    }

    /** The targets, or with --all every running container (by name, as podman prints them). */
    private static List<String> running(Invocation inv) {
        if (inv.flags.bool("all")) {
            return inv.containers().listContainers(false).stream().map(s -> s.Names().getFirst()).toList();
        }
        return resolve(inv, false);
    }

    // ---- start ---------------------------------------------------------------------------------

    /** start --all, --filter, --latest: every container not running (all), in id order as podman's state lists them. */
    static boolean startsMany(Invocation inv) {
        return inv.flags.bool("all") || inv.flags.changed("filter") || inv.flags.bool("latest");
    }

    static int startMany(Invocation inv) {
        if (inv.flags.bool("all") && !inv.args.isEmpty()) {
            throw new EngineException("either start all containers or the container(s) provided in the arguments");
        }
        if (inv.flags.bool("latest") && !inv.args.isEmpty()) {
            throw new EngineException("--latest and containers cannot be used together");
        }
        ContainerEngine engine = inv.containers();
        List<String> ids;
        if (inv.flags.bool("latest")) {
            ids = List.of(latest(engine));
        } else {
            ContainerFilters filters = ContainerFilters.parse(inv.flags.list("filter"));
            ids = engine.listContainers(true).stream()
                    .filter(s -> !s.State().equals("running") && !s.State().equals("paused") && filters.matches(s))
                    .map(ContainerSummary::Id).sorted().toList();
        }
        for (String id : ids) {
            engine.start(id);
            inv.out.println(id);
        }
        return 0;
    }
}

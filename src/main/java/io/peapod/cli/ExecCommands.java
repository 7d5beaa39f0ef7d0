package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;
import io.peapod.engine.ExecSpec;
import io.peapod.gotemplate.TabWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Commands on a running container's processes: exec, pause, unpause, top. */
final class ExecCommands {
    private ExecCommands() {}

    static final String TOP_DESCRIPTION = """
            Display the running processes of a container.

            The top command extends the ps(1) compatible AIX descriptors with container-specific ones as shown below.  In the presence of ps(1) specific flags (e.g, -eo), Podman will execute ps(1) inside the container.


            Format Descriptors:
              args,capamb,capbnd,capeff,capinh,capprm,comm,etime,group,groups,hgroup,hgroups,hpid,huser,label,nice,pcpu,pgid,pid,ppid,rgroup,rss,ruser,seccomp,state,stime,time,tty,user,vsz""";

    // ---- exec ----------------------------------------------------------------------------------

    static FlagSet execFlags() {
        return new FlagSet()
                .bool("detach", 'd', "Run the exec session in detached mode (backgrounded)")
                .string("detach-keys", '\0', "ctrl-p,ctrl-q", "Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _")
                .stringArray("env", 'e', "Set environment variables")
                .stringSlice("env-file", '\0', "Read in a file of environment variables")
                .bool("interactive", 'i', "Keep STDIN open even if not attached")
                .bool("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag")
                .integer("preserve-fds", '\0', 0, "Pass N additional file descriptors to the container")
                .bool("privileged", '\0', "Give the process extended Linux capabilities inside the container.  The default is false")
                .bool("tty", 't', "Allocate a pseudo-TTY. The default is false")
                .string("user", 'u', "", "Sets the username or UID used and optionally the groupname or GID for the specified command")
                .string("workdir", 'w', "", "Working directory inside the container");
    }

    static int exec(Invocation inv) {
        boolean latest = inv.flags.bool("latest");
        if (inv.args.isEmpty() && !latest) {
            throw new EngineException("exec requires the name or ID of a container or the --latest flag");
        }
        if (inv.flags.integer("preserve-fds") > 0) {
            throw new EngineException("--preserve-fds is not supported yet");
        }
        String container = latest ? latest(inv) : inv.args.getFirst();
        List<String> command = latest ? inv.args : inv.args.subList(1, inv.args.size());
        // Env files are read here, on the client, as for create (podman-remote does the same); -e wins.
        List<String> env = KeyValueFiles.envEntries(inv.flags.list("env-file"), System.getenv());
        env.addAll(inv.flags.list("env"));
        ExecSpec spec = new ExecSpec(container, command, env,
                inv.flags.string("user"), inv.flags.string("workdir"), inv.flags.bool("interactive"),
                inv.flags.bool("tty"), inv.flags.bool("privileged"));
        if (inv.flags.bool("detach")) {
            inv.out.println(inv.containers().execDetached(spec));
            return 0;
        }
        inv.out.flush();   // the process writes to our stdout directly: what we printed comes first
        return inv.containers().exec(spec, inv.err);
    }

    /** {@code --latest}: the container created last (the listing is in creation order); podman's bare "no such container" without one. */
    private static String latest(Invocation inv) {
        List<ContainerSummary> all = inv.containers().listContainers(true);
        if (all.isEmpty()) {
            throw new EngineException("no such container");
        }
        return all.getLast().Id();
    }

    // ---- pause, unpause ------------------------------------------------------------------------

    static FlagSet pauseFlags() {
        return stateFlags("Pause all running containers");
    }

    static FlagSet unpauseFlags() {
        return stateFlags("Unpause all paused containers");
    }

    private static FlagSet stateFlags(String allHelp) {
        return new FlagSet()
                .bool("all", 'a', allHelp)
                .stringArray("cidfile", '\0', "Read the container ID from the file")
                .stringSlice("filter", 'f', "Filter output based on conditions given")
                .bool("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
    }

    static int pause(Invocation inv) {
        return eachContainer(inv, "running", name -> inv.containers().pause(name));
    }

    static int unpause(Invocation inv) {
        return eachContainer(inv, "paused", name -> inv.containers().unpause(name));
    }

    /**
     * podman's pause/unpause: the named containers (all looked up before any is touched), or with
     * --all every container in {@code allState}, --latest the last created, --filter those matching;
     * prints what was given for named ones and the full id otherwise; reports every failure, the last
     * one as the command's error.
     */
    private static int eachContainer(Invocation inv, String allState, Function<String, String> action) {
        boolean all = inv.flags.bool("all");
        boolean latest = inv.flags.bool("latest");
        List<String> filters = inv.flags.list("filter");
        List<String> named = new ArrayList<>(inv.args);
        for (String file : inv.flags.list("cidfile")) {
            named.add(readCidFile(file));
        }
        if (all && latest) {
            throw new EngineException("--all and --latest cannot be used together");
        }
        if (all && !named.isEmpty()) {
            throw new EngineException("no arguments are needed with --all");
        }
        if (latest && !named.isEmpty()) {
            throw new EngineException("--latest and containers cannot be used together");
        }
        List<String> targets = new ArrayList<>();
        boolean printGiven = false;
        if (all) {
            inv.containers().listContainers(true).stream().filter(s -> s.State().equals(allState))
                    .map(ContainerSummary::Id).sorted().forEach(targets::add);
        } else if (latest) {
            targets.add(latest(inv));
        } else if (!filters.isEmpty()) {
            ContainerFilters f = ContainerFilters.parse(filters);
            inv.containers().listContainers(true).stream().filter(f::matches).map(ContainerSummary::Id)
                    .forEach(targets::add);
        } else {
            if (named.isEmpty()) {
                throw new EngineException("you must provide at least one name or id");
            }
            for (String name : named) {
                if (!inv.containers().containerExists(name)) {
                    throw new EngineException("no container with name or ID \"" + name + "\" found: no such container");
                }
            }
            targets.addAll(named);
            printGiven = true;
        }
        List<String> errors = new ArrayList<>();
        for (String target : targets) {
            try {
                String id = action.apply(target);
                inv.out.println(printGiven ? target : id);
            } catch (EngineException e) {
                errors.add(e.getMessage());
            }
        }
        return lastErrorFails(inv, errors);
    }

    private static String readCidFile(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new EngineException("reading CIDFile: open " + file + ": no such file or directory");
        }
    }

    /** podman's OutputErrors.PrintErrors: every error but the last on stderr, the last one fails the command. */
    private static int lastErrorFails(Invocation inv, List<String> errors) {
        if (errors.isEmpty()) {
            return 0;
        }
        inv.out.flush();
        for (String e : errors.subList(0, errors.size() - 1)) {
            inv.err.println("Error: " + e);
        }
        throw new EngineException(errors.getLast());
    }

    // ---- top -----------------------------------------------------------------------------------

    static FlagSet topFlags() {
        return new FlagSet()
                .bool("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag")
                .bool("list-descriptors", '\0', "").hidden("list-descriptors");
    }

    static int top(Invocation inv) {
        if (inv.flags.bool("list-descriptors")) {
            for (String d : TOP_DESCRIPTION.substring(TOP_DESCRIPTION.lastIndexOf('\n') + 1).strip().split(",")) {
                inv.out.println(d);
            }
            return 0;
        }
        boolean latest = inv.flags.bool("latest");
        if (inv.args.isEmpty() && !latest) {
            throw new EngineException("you must provide the name or id of a running container");
        }
        String container;
        List<String> descriptors;
        if (latest) {
            try {
                container = latest(inv);
            } catch (EngineException e) {
                throw new EngineException("unable to look up requested container: " + e.getMessage());
            }
            descriptors = inv.args;
        } else {
            container = inv.args.getFirst();
            descriptors = inv.args.subList(1, inv.args.size());
        }
        StringBuilder text = new StringBuilder();
        for (String line : inv.containers().top(container, descriptors)) {
            text.append(line).append('\n');
        }
        StringBuilder aligned = new StringBuilder();
        TabWriter w = TabWriter.podman(aligned);
        w.write(text.toString());
        w.flush();
        inv.out.print(aligned);
        return 0;
    }
}

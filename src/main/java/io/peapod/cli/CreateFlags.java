package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.EngineException;
import io.peapod.engine.PullOptions;
import io.peapod.engine.RegistryFlags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The create/run flags beyond the first set: --env-file, --env-host, --label-file, --annotation, --ulimit,
 * --log-driver, --log-opt, --restart, --pull, --cidfile and --replace, parsed with podman 4.3.1's rules
 * and error texts (specgenutil, go-units ParseUlimit, util.ParseRestartPolicy).
 */
final class CreateFlags {
    /** go-units' ulimit names (its version in podman 4.3.1 has no "as"). */
    private static final Set<String> ULIMIT_NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final Set<String> LOG_DRIVERS = Set.of("k8s-file", "json-file", "none", "journald", "passthrough");
    private static final Set<String> RESTART_POLICIES = Set.of("", "no", "always", "on-failure", "unless-stopped");

    private CreateFlags() {}

    static FlagSet add(FlagSet f) {
        return f.stringArray("annotation", '\0', "Add annotations to container (key=value)")
                .string("cidfile", '\0', "", "Write the container ID to the file")
                .stringArray("env-file", '\0', "Read in a file of environment variables")
                .bool("env-host", '\0', "Use all current host environment variables in container")
                .stringArray("label-file", '\0', "Read in a line delimited file of labels")
                .string("log-driver", '\0', "", "Logging driver for the container")
                .stringArray("log-opt", '\0', "Logging driver options")
                .string("pull", '\0', "missing", "Pull image before creating")
                .string("arch", '\0', "", "use `ARCH` instead of the architecture of the machine for choosing images")
                .string("authfile", '\0', "", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .string("os", '\0', "", "use `OS` instead of the running OS for choosing images")
                .string("platform", '\0', "", "Specify the platform for selecting the image.  (Conflicts with --arch and --os)")
                .bool("quiet", 'q', "Suppress output information when pulling images")
                .bool("tls-verify", '\0', true, "Require HTTPS and verify certificates when contacting registries for pulling images")
                .string("variant", '\0', "", "Use `VARIANT` instead of the running architecture variant for choosing images")
                .bool("replace", '\0', "If a container with the same name exists, replace it")
                .string("restart", '\0', "", "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|\"unless-stopped\")")
                .stringArray("ulimit", '\0', "Ulimit options");
    }

    /** {@code base} with the settings of these flags added. */
    static ContainerCreateSpec complete(ContainerCreateSpec base, ParsedFlags f) {
        checkPullPolicy(f.string("pull"));
        Map<String, String> hostEnv = System.getenv();
        List<String> env = KeyValueFiles.envEntries(f.list("env-file"), hostEnv);
        env.addAll(base.env());   // -e wins over the files
        Map<String, String> labels = new LinkedHashMap<>();
        for (String file : f.list("label-file")) {
            try {
                labels.putAll(KeyValueFiles.read(Path.of(file), KeyValueFiles.Kind.LABEL, hostEnv));
            } catch (IOException e) {
                throw new EngineException("unable to process labels: " + e.getMessage());
            }
        }
        labels.putAll(base.labels());   // -l wins over the files
        // podman 4.3.1 compares the flag's text, before parsing it: plain "on-failure" passes (the container is
        // removed once it succeeds), "on-failure:N" and invalid policies do not
        if (base.autoRemove() && !Set.of("", "no", "on-failure").contains(f.string("restart"))) {
            throw new EngineException("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"");
        }
        ContainerCreateSpec.RestartPolicy restart = restartPolicy(f.string("restart"));
        return new ContainerCreateSpec(base.image(), base.name(), base.command(), base.entrypoint(), env,
                base.workdir(), base.user(), base.hostname(), labels, base.autoRemove(), base.stopSignal(),
                base.stopTimeout(), base.network(), base.init(), base.readOnly(), base.mounts(), base.interactive(),
                base.tty(), annotations(f.list("annotation")),
                ulimits(f.list("ulimit")), f.bool("env-host"), logConfig(f.string("log-driver"), f.list("log-opt")),
                restart, f.string("cidfile"));
    }

    /**
     * Creates the container as the flags ask: the cidfile claimed first (podman refuses an existing one),
     * with --replace the container holding the name removed, and the id written once it exists.
     * Nothing is left behind when a step fails.
     */
    static String create(Invocation inv, ContainerCreateSpec spec) {
        io.peapod.engine.ContainerResources resources = ResourceFlags.parseCreate(inv.flags, inv.err);
        io.peapod.engine.UserNamespaceRequest userns = UserNamespaceFlags.parseForContainer(inv.flags, PodCommands.podFlag(inv.flags));
        io.peapod.engine.NamespaceModes namespaces = NamespaceFlags.parse(inv.flags);
        spec = pullImage(inv, spec);
        ContainerEngine engine = inv.containers();
        Path cidFile = spec.cidFile().isEmpty() ? null : Path.of(spec.cidFile());
        if (cidFile != null) {
            try {
                Files.writeString(cidFile, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new EngineException("container id file exists. Ensure another container is not using it or delete "
                        + spec.cidFile());
            } catch (IOException e) {
                throw new EngineException("opening cidfile " + spec.cidFile());
            }
        }
        String id = null;
        try {
            if (inv.flags.bool("replace")) {
                replace(engine, spec.name());
            }
            String warning = NetworkFlags.warning(spec.network());
            if (warning != null) {
                inv.err.println(warning);
            }
            id = engine.create(spec, resources, userns, namespaces);
            if (cidFile != null) {
                Files.writeString(cidFile, id, StandardCharsets.UTF_8);
            }
            return id;
        } catch (IOException | RuntimeException e) {
            if (cidFile != null) {
                deleteQuietly(cidFile);
            }
            if (id != null) {
                removeQuietly(engine, id);
            }
            if (e instanceof IOException) {
                throw new EngineException("writing cidfile " + spec.cidFile() + ": " + e.getMessage());
            }
            throw (RuntimeException) e;
        }
    }

    /** --replace: the container of that name goes first, stopped (its stop timeout) if it runs. */
    private static void replace(ContainerEngine engine, String name) {
        if (name == null || name.isEmpty()) {
            throw new EngineException("cannot replace container without --name being set");
        }
        if (engine.containerExists(name)) {
            engine.stop(name, -1);
            engine.removeContainer(name, true);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the create error is the one to report
        }
    }

    private static void removeQuietly(ContainerEngine engine, String id) {
        try {
            engine.removeContainer(id, true);
        } catch (RuntimeException ignored) {
            // the create error is the one to report
        }
    }

    /**
     * The image as --pull asks (podman's create.go pullImage): {@code missing} (the default) pulls only an
     * image the store lacks, {@code never} fails on one ({@code NAME: image not known}), {@code always}
     * pulls, {@code newer} pulls when the registry's digest differs. The progress lines go to stderr as
     * pull's. A reference with a transport is created from the pulled image's id, as podman does.
     */
    private static ContainerCreateSpec pullImage(Invocation inv, ContainerCreateSpec spec) {
        ParsedFlags f = inv.flags;
        List<String> ids = inv.images().pull(new PullOptions(spec.image(), f.string("platform"), f.string("os"),
                f.string("arch"), f.string("variant"), false, f.bool("quiet"), PullPushCommands.stderrIsTerminal(),
                new RegistryFlags("", f.string("authfile"), "", f.changed("tls-verify") ? f.bool("tls-verify") : null),
                checkPullPolicy(f.string("pull"))), inv.err);
        if (ids.isEmpty() || !hasTransport(spec.image()) && inv.images().exists(spec.image())) {
            return spec;
        }
        // a transport reference, or a name the store knows only through an alias: the image pulled or found
        return spec.withImage(ids.getFirst());
    }

    private static boolean hasTransport(String image) {
        for (String t : List.of("docker:", "oci:", "oci-archive:", "docker-archive:", "dir:", "containers-storage:")) {
            if (image.startsWith(t)) {
                return true;
            }
        }
        return false;
    }

    /** podman validates the pull policy before anything else (containers/common ParsePullPolicy). */
    static String checkPullPolicy(String value) {
        String p = value.toLowerCase();
        return switch (p) {
            case "always" -> "always";
            case "missing", "ifnotpresent", "" -> "missing";
            case "newer", "ifnewer" -> "newer";
            case "never" -> "never";
            default -> throw new EngineException("unsupported pull policy \"" + value + "\"");
        };
    }

    static Map<String, String> annotations(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : values) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new EngineException("annotations must be formatted KEY=VALUE");
            }
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }

    /** {@code --ulimit}: "host" anywhere means no --ulimit at all (podman 4.3.1 then writes its defaults). */
    static List<ContainerCreateSpec.Ulimit> ulimits(List<String> values) {
        if (values.contains("host")) {
            return List.of();
        }
        List<ContainerCreateSpec.Ulimit> out = new ArrayList<>();
        for (String u : values) {
            try {
                out.add(parseUlimit(u));
            } catch (IllegalArgumentException e) {
                throw new EngineException("ulimit option \"" + u + "\" requires name=SOFT:HARD, failed to be parsed: "
                        + e.getMessage());
            }
        }
        return out;
    }

    /** go-units ParseUlimit, message for message. */
    static ContainerCreateSpec.Ulimit parseUlimit(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value);
        }
        String name = value.substring(0, eq);
        if (!ULIMIT_NAMES.contains(name)) {
            throw new IllegalArgumentException("invalid ulimit type: " + name);
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("too many limit value arguments - " + value.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        long hard = limits.length == 2 ? GoNumbers.parseInt64(limits[1]) : 0;
        long soft = GoNumbers.parseInt64(limits[0]);
        if (limits.length == 1) {
            hard = soft;
        }
        if (hard != -1 && soft == -1) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: " + hard);
        }
        if (hard != -1 && soft > hard) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
        }
        return new ContainerCreateSpec.Ulimit(name, soft, hard);
    }

    /** util.ParseRestartPolicy, then libpod's check of the policy's name. */
    static ContainerCreateSpec.RestartPolicy restartPolicy(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 2) {
            throw new EngineException("invalid restart policy: may specify retries at most once");
        }
        int retries = 0;
        if (parts.length == 2) {
            if (!parts[0].equalsIgnoreCase("on-failure")) {
                throw new EngineException("restart policy retries can only be specified with on-failure restart policy");
            }
            try {
                retries = GoNumbers.atoi(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new EngineException("parsing restart policy retry count: " + e.getMessage());
            }
            if (retries < 0) {
                throw new EngineException("must specify restart policy retry count as a number greater than 0");
            }
        }
        if (!RESTART_POLICIES.contains(parts[0])) {
            throw new EngineException("running container create option: \"" + parts[0]
                    + "\" is not a valid restart policy: invalid argument");
        }
        return new ContainerCreateSpec.RestartPolicy(parts[0], retries);
    }

    /** --log-driver and --log-opt as specgenutil reads them: driver=, path= and max-size= are settings, the rest options. */
    static ContainerCreateSpec.LogConfig logConfig(String driverFlag, List<String> options) {
        String driver = driverFlag;
        String path = "";
        long size = -1;
        String tag = "";
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq < 0) {
                throw new EngineException("invalid log option \"" + o + "\"");
            }
            String value = o.substring(eq + 1);
            switch (o.substring(0, eq).toLowerCase()) {
                case "driver" -> driver = value;
                case "path" -> path = value;
                case "max-size" -> size = GoNumbers.fromHumanSize(value);
                case "tag" -> tag = value;
                default -> { }   // podman keeps other options without using them
            }
        }
        if (driver.isEmpty()) {
            driver = "k8s-file";
        }
        if (!LOG_DRIVERS.contains(driver)) {
            throw new EngineException("running container create option: invalid log driver: invalid argument");
        }
        if (driver.equals("journald")) {
            // conmon could write to the journal, but nothing here reads it back for `logs` yet.
            throw new EngineException("failed to initialize journal: the journald log driver is not supported by peapod yet");
        }
        if (driver.equals("passthrough")) {
            // passthrough hands the caller's own stdio to the container, which needs conmon to inherit it.
            throw new EngineException("the passthrough log driver is not supported by peapod yet");
        }
        return new ContainerCreateSpec.LogConfig(driver, path, size, tag);
    }
}

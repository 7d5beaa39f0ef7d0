package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.DetachKeys;
import io.peapod.engine.EngineException;

import java.util.Comparator;

/** Joining a container's stdio: {@code attach}, and the attaching forms of {@code run} and {@code start}. */
final class AttachCommands {
    private AttachCommands() {}

    /** podman's help text for --detach-keys (run's says `a-cf`: podman's own typo, kept). */
    private static final String DETACH_KEYS_USAGE = "Select the key sequence for detaching a container. Format is a "
            + "single character `[a-Z]` or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: "
            + "`a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`";

    static FlagSet attachFlags() {
        return new FlagSet()
                .string("detach-keys", '\0', DetachKeys.DEFAULT, DETACH_KEYS_USAGE)
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .bool("no-stdin", '\0', "Do not attach STDIN. The default is false")
                .bool("sig-proxy", '\0', true, "Proxy received signals to the process");
    }

    /** What run adds to create's flags for attaching. */
    static FlagSet addRunFlags(FlagSet flags) {
        return flags
                .string("detach-keys", '\0', DetachKeys.DEFAULT, DETACH_KEYS_USAGE.replace("Select", "Override")
                        .replace("`a-z`", "`a-cf`"))
                .bool("sig-proxy", '\0', true, "Proxy received signals to the process");
    }

    /** What start adds for attaching. */
    static FlagSet addStartFlags(FlagSet flags) {
        return flags
                .string("detach-keys", '\0', DetachKeys.DEFAULT, DETACH_KEYS_USAGE)
                .bool("interactive", 'i', "Keep STDIN open even if not attached")
                .bool("sig-proxy", '\0', "Proxy received signals to the process (default true if attaching, false otherwise)");
    }

    /** The detach sequence; checked before anything is created, so bad keys leave nothing behind. */
    static byte[] detachKeys(Invocation inv) {
        return DetachKeys.parse(inv.flags.string("detach-keys"));
    }

    private static ContainerEngine.AttachOptions options(Invocation inv, byte[] keys, boolean stdin, boolean sigProxy) {
        return new ContainerEngine.AttachOptions(stdin ? inv.in : null, inv.out, inv.err, keys, sigProxy);
    }

    /** {@code run -i/-t} in the foreground: the container's exit code, 0 when the user detached. */
    static int run(Invocation inv, String id, byte[] keys) {
        inv.out.flush();
        int code = inv.containers().startAttached(id, options(inv, keys, true, inv.flags.bool("sig-proxy")));
        return Math.max(code, 0);
    }

    /** {@code start -a [-i]}: stdin goes to a container created with -i. */
    static int start(Invocation inv, String nameOrId) {
        byte[] keys = detachKeys(inv);
        boolean sigProxy = !inv.flags.changed("sig-proxy") || inv.flags.bool("sig-proxy");
        int code = inv.containers().startAttached(nameOrId, options(inv, keys, true, sigProxy));
        return Math.max(code, 0);
    }

    static int attach(Invocation inv) {
        String target;
        if (inv.flags.bool("latest")) {
            if (!inv.args.isEmpty()) {
                throw new EngineException("--latest and containers cannot be used together");
            }
            target = inv.containers().listContainers(true).stream().max(Comparator.comparingLong(ContainerSummary::Created))
                    .map(ContainerSummary::Id).orElseThrow(() -> new EngineException("no such container"));
        } else if (inv.args.isEmpty()) {
            throw new EngineException("\"" + inv.commandPath + "\" requires a name, id, or the \"--latest\" flag");
        } else if (inv.args.size() > 1) {
            throw new EngineException("`" + inv.commandPath + "` accepts at most one argument");
        } else {
            target = inv.args.getFirst();
        }
        byte[] keys;
        try {
            keys = detachKeys(inv);
        } catch (EngineException e) {
            // podman checks the container's state first, then names the container in the key error.
            java.util.Map<String, Object> doc = inv.containers().inspectContainer(target);
            if (!(doc.get("State") instanceof java.util.Map<?, ?> state) || !"running".equals(state.get("Status"))) {
                throw new EngineException("you can only attach to running containers");
            }
            throw new EngineException("attaching to container " + doc.get("Id") + ": " + e.getMessage());
        }
        inv.out.flush();
        inv.containers().attach(target, options(inv, keys, !inv.flags.bool("no-stdin"), inv.flags.bool("sig-proxy")));
        // podman ends with a newline whether the container exited or the user detached, and exits 0.
        inv.out.print("\n");
        inv.out.flush();
        return 0;
    }
}

package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.EngineException;
import io.peapod.engine.NamespaceModes;

import java.util.Set;

/** create's and run's {@code --ipc}, {@code --pid}, {@code --uts}, and {@code --cgroupns container:}. */
final class NamespaceFlags {
    private NamespaceFlags() {}

    private static final Set<String> COMMON = Set.of("", "host", "private", "container", "ns");
    private static final Set<String> IPC = Set.of("", "host", "private", "shareable", "none", "container", "ns");

    static FlagSet add(FlagSet f) {
        return f.string("ipc", '\0', "", "IPC namespace to use")
                .string("pid", '\0', "", "PID namespace to use")
                .string("uts", '\0', "", "UTS namespace to use");
    }

    /** The modes given, each checked as podman's specgen parses it; {@code --cgroupns}' other modes are ResourceFlags'. */
    static NamespaceModes parse(ParsedFlags f) {
        String cgroupns = f.string("cgroupns");
        return new NamespaceModes(checked(f.string("ipc"), IPC), checked(f.string("pid"), COMMON),
                checked(f.string("uts"), COMMON), cgroupns.startsWith("container:") || cgroupns.equals("container") ? cgroupns : "");
    }

    private static String checked(String mode, Set<String> kinds) {
        String kind = mode.contains(":") ? mode.substring(0, mode.indexOf(':')) : mode;
        if (!kinds.contains(kind)) {
            throw new EngineException("unrecognized namespace mode " + mode + " passed");
        }
        return mode;
    }
}

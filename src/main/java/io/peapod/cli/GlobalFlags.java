package io.peapod.cli;

import io.peapod.cli.flags.FlagDef;
import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.EngineOptions;

/** podman's persistent (global) flags, accepted before or after the command name. */
final class GlobalFlags {
    static final java.util.List<String> LOG_LEVELS =
            java.util.List.of("trace", "debug", "info", "warn", "warning", "error", "fatal", "panic");

    private GlobalFlags() {}

    static FlagSet flags() {
        return new FlagSet()
                .string("root", '\0', "", "Path to the graph root directory where images, containers, etc. are stored")
                .string("runroot", '\0', "", "Path to the 'run directory' where all state information is stored")
                .string("storage-driver", '\0', "", "Select which storage driver is used to manage storage of images and containers")
                .stringArray("storage-opt", '\0', "Used to pass an option to the storage driver")
                .string("log-level", '\0', "warn", "Log messages above specified level (trace, debug, info, warn, warning, error, fatal, panic)")
                .string("runtime", '\0', "", "Path to the OCI-compatible binary used to run containers.")
                .string("cgroup-manager", '\0', "", "Cgroup manager to use (\"cgroupfs\"|\"systemd\")")
                .string("conmon", '\0', "", "Path of the conmon binary")
                .string("tmpdir", '\0', "", "Path to the tmp directory for libpod state content.")
                .string("events-backend", '\0', "", "Events backend to use (\"file\"|\"journald\"|\"none\")")
                .string("network-config-dir", '\0', "", "Path of the configuration directory for networks")
                .bool("noout", '\0', "do not output to stdout")
                .bool("help", '\0', "Help for peapod");
    }

    /** Whether {@code arg} (a flag word without "=") is a global flag that takes the next word as its value. */
    static boolean takesValue(FlagSet globals, String arg) {
        String name = arg.startsWith("--") ? arg.substring(2) : null;
        if (name == null) {
            return false;
        }
        FlagDef def = globals.lookup(name);
        return def != null && def.kind() != FlagDef.Kind.BOOL;
    }

    static EngineOptions engineOptions(ParsedFlags p) {
        return new EngineOptions(p.string("root"), p.string("runroot"), p.string("storage-driver"),
                p.list("storage-opt"), p.string("log-level"), p.string("runtime"), p.string("tmpdir"),
                p.string("network-config-dir"));
    }
}

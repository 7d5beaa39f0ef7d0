package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.SystemEngine;
import io.peapod.engine.Versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** version, info, system df/prune/reset/check and shell completion. */
final class SystemCommands {
    private SystemCommands() {}

    static FlagSet formatFlag(char shorthand) {
        return new FlagSet().string("format", shorthand, "", "Change the output format to JSON or a Go template");
    }

    static int version(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        Map<String, Object> client = new LinkedHashMap<>(Versions.document());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Client", client);
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            Output.json(inv.out, doc);
        } else if (!format.isEmpty()) {
            Output.one(inv.out, format, doc);
        } else {
            inv.out.print("Client:       Peapod Engine\n"
                    + "Version:      " + Versions.VERSION + "\n"
                    + "API Version:  " + Versions.PODMAN_COMPAT + "\n"
                    + "Java Version: " + System.getProperty("java.version") + "\n"
                    + "OS/Arch:      linux/amd64\n");
        }
        return 0;
    }

    static int info(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        Map<String, Object> doc = inv.system().info();
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            Output.json(inv.out, doc);
        } else if (!format.isEmpty()) {
            Output.one(inv.out, format, templateView(doc));
        } else {
            StringBuilder b = new StringBuilder();
            Yaml.write(b, doc, "");
            inv.out.print(b);
        }
        return 0;
    }

    /** Templates see Go's field names ({@code .Host.OCIRuntime.Name}), JSON shows the json tags. */
    @SuppressWarnings("unchecked")
    static Object templateView(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : ((Map<String, Object>) m).entrySet()) {
                out.put(goName(e.getKey()), templateView(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SystemCommands::templateView).toList();
        }
        return v;
    }

    private static String goName(String key) {
        return switch (key) {
            case "ociRuntime" -> "OCIRuntime";
            case "cgroupVersion" -> "CgroupsVersion";
            case "APIVersion", "OsArch" -> key;
            default -> key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
        };
    }

    static FlagSet dfFlags() {
        return new FlagSet()
                .string("format", '\0', "", "Pretty-print images using a Go template")
                .bool("verbose", 'v', "Show detailed information on disk usage");
    }

    static int df(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        List<SystemEngine.DiskUsage> usage = inv.system().diskUsage();
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            Output.json(inv.out, usage);
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SystemEngine.DiskUsage u : usage) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Type", u.Type());
            r.put("Total", u.Total());
            r.put("Active", u.Active());
            r.put("Size", Human.compactSize(u.Size()));
            long pct = u.Size() == 0 ? 0 : Math.round(100.0 * u.Reclaimable() / u.Size());
            r.put("Reclaimable", Human.compactSize(u.Reclaimable()) + " (" + pct + "%)");
            r.put("RawSize", u.Size());
            r.put("RawReclaimable", u.Reclaimable());
            rows.add(r);
        }
        if (format.isEmpty()) {
            format = "table {{.Type}}\t{{.Total}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
        }
        Output.rows(inv.out, format, rows, List.of("Type", "Total", "Active", "Size", "Reclaimable"), Map.of(), false);
        return 0;
    }

    static FlagSet systemPruneFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove all unused data")
                .bool("external", '\0', "Remove container data in storage not controlled by podman")
                .stringArray("filter", '\0', "Provide filter values (e.g. 'label=<key>=<value>')")
                .bool("force", 'f', "Do not prompt for confirmation.  The default is false")
                .bool("volumes", '\0', "Prune volumes");
    }

    static int systemPrune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.bool("force")) {
            inv.out.print("WARNING! This command removes:\n"
                    + "\t- all stopped containers\n"
                    + "\t- all networks not used by at least one container\n"
                    + (inv.flags.bool("volumes") ? "\t- all volumes not used by at least one container\n" : "")
                    + (inv.flags.bool("all") ? "\t- all images without at least one container associated with them\n"
                    : "\t- all dangling images\n")
                    + "\t- all build cache\n\n"
                    + "Are you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) {
                return 0;
            }
        }
        long reclaimed = 0;
        if (inv.flags.bool("volumes")) {
            List<io.peapod.engine.VolumeEngine.PrunedVolume> volumes = inv.volumes().pruneVolumes(inv.flags.list("filter"));
            if (!volumes.isEmpty()) {
                inv.out.println("Deleted Volumes");
                for (io.peapod.engine.VolumeEngine.PrunedVolume v : volumes) {
                    inv.out.println(v.name());
                    reclaimed += v.size();
                }
            }
        }
        List<String> removed = inv.images().prune(inv.flags.bool("all"));
        if (!removed.isEmpty()) {
            inv.out.println("Deleted Images");
            removed.forEach(inv.out::println);
        }
        inv.out.println("Total reclaimed space: " + Human.compactSize(reclaimed));
        return 0;
    }

    static FlagSet resetFlags() {
        return new FlagSet().bool("force", 'f', "Do not prompt for confirmation");
    }

    static int reset(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.bool("force")) {
            inv.out.print("WARNING! This will remove:\n"
                    + "        - all containers\n"
                    + "        - all pods\n"
                    + "        - all images\n"
                    + "        - all networks\n"
                    + "        - all build cache\n"
                    + "        - all machines\n"
                    + "        - all volumes\n"
                    + "Are you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) {
                return 0;
            }
        }
        inv.system().reset();
        return 0;
    }

    static int check(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        List<String> problems = inv.system().check();
        if (problems.isEmpty()) {
            return 0;
        }
        problems.forEach(inv.out::println);
        throw new EngineException("the store has " + problems.size() + " problem(s)");
    }

    static int completion(Invocation inv) {
        Args.exactly(inv.args, 1);
        String shell = inv.args.getFirst();
        String script = Completion.script(shell, Commands.root());
        if (script == null) {
            throw new EngineException("unknown shell \"" + shell + "\": choose bash, zsh or fish");
        }
        inv.out.print(script);
        return 0;
    }
}

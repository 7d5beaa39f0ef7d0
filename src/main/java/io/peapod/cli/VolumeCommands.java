package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.VolumeEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code volume create/ls/inspect/rm/prune/exists}, as podman 4.3 prints them. */
final class VolumeCommands {
    private VolumeCommands() {}

    static FlagSet createFlags() {
        return new FlagSet()
                .string("driver", '\0', "local", "Specify volume driver name")
                .stringSlice("label", 'l', "Set metadata for a volume (default [])")
                .stringArray("opt", 'o', "Set driver specific options (default [])");
    }

    static int create(Invocation inv) {
        Args.atMost(inv.args, 1);
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : inv.flags.list("opt")) {
            int eq = o.indexOf('=');
            options.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
        }
        String name = inv.args.isEmpty() ? "" : inv.args.getFirst();
        inv.out.println(inv.volumes().createVolume(new VolumeEngine.VolumeCreateOptions(name, inv.flags.string("driver"),
                keyValues(inv.flags.list("label")), options)));
        return 0;
    }

    /** "k=v" or "k" (an empty value), as podman reads labels. */
    static Map<String, String> keyValues(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : values) {
            int eq = l.indexOf('=');
            out.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return out;
    }

    static FlagSet listFlags() {
        return new FlagSet()
                .stringSlice("filter", 'f', "Filter volume output")
                .string("format", '\0', "{{range .}}{{.Driver}}\t{{.Name}}\n{{end -}}", "Format volume output using Go template")
                .bool("noheading", '\0', "Do not print headers")
                .bool("quiet", 'q', "Print volume output in quiet mode");
    }

    private static final List<String> FIELDS = List.of("Name", "Driver", "Mountpoint", "CreatedAt", "Labels", "Scope",
            "Options", "UID", "GID", "Anonymous", "MountCount", "NeedsCopyUp", "NeedsChown");
    private static final Map<String, String> HEADERS = Map.of("Name", "VOLUME NAME");

    static int list(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (inv.flags.bool("quiet") && inv.flags.changed("format")) {
            throw new EngineException("quiet and format flags cannot be used together");
        }
        List<Map<String, Object>> volumes = inv.volumes().listVolumes(inv.flags.list("filter"));
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            inv.out.println(GoJson.indentJsoniter(volumes.stream().map(VolumeCommands::jsonView).toList(), "  "));
            return 0;
        }
        if (volumes.isEmpty()) {
            return 0;   // podman prints not even the header
        }
        if (inv.flags.bool("quiet")) {
            volumes.forEach(v -> inv.out.println(v.get("Name")));
            return 0;
        }
        if (inv.flags.changed("format") && format.strip().startsWith("{{range")) {
            // a template over the whole list, as podman's own default is
            StringBuilder text = new StringBuilder();
            try {
                io.peapod.gotemplate.Template.parse(io.peapod.gotemplate.Formats.normalize(format)).execute(volumes, text);
            } catch (io.peapod.gotemplate.TemplateException e) {
                throw new EngineException(e.getMessage());
            }
            inv.out.print(text);
            return 0;
        }
        boolean byDefault = !inv.flags.changed("format");
        if (byDefault) {
            format = "table {{.Driver}}\t{{.Name}}";
        }
        Output.rows(inv.out, format, volumes, FIELDS, HEADERS, inv.flags.bool("noheading"));
        return 0;
    }

    static FlagSet inspectFlags() {
        return new FlagSet()
                .bool("all", 'a', "Inspect all volumes")
                .string("format", 'f', "json", "Format volume output using Go template");
    }

    static int inspect(Invocation inv) {
        boolean all = inv.flags.bool("all");
        if ((all && !inv.args.isEmpty()) || (!all && inv.args.isEmpty())) {
            throw new EngineException("provide one or more volume names or use --all");
        }
        List<Object> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (all) {
            docs.addAll(inv.volumes().listVolumes(List.of()));
        }
        for (String name : inv.args) {
            try {
                docs.add(inv.volumes().inspectVolume(name));
            } catch (EngineException e) {
                errors.add(e.getMessage());
            }
        }
        String format = inv.flags.string("format");
        if (Output.isJson(format) || format.isEmpty()) {
            Output.inspectJson(inv.out, docs.stream().map(d -> jsonView((Map<?, ?>) d)).toList());
        } else {
            for (Object d : docs) {
                Output.one(inv.out, format, d);
            }
        }
        if (!errors.isEmpty()) {
            throw new EngineException("inspecting object: " + Errors.combine(errors));
        }
        return 0;
    }

    /** Go's omitempty: the fields podman's JSON leaves out when they are zero. */
    static Map<String, Object> jsonView(Map<?, ?> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : doc.entrySet()) {
            Object v = e.getValue();
            boolean omitEmpty = List.of("UID", "GID", "Anonymous", "NeedsCopyUp", "NeedsChown", "Timeout").contains(e.getKey());
            if (!omitEmpty || !(Integer.valueOf(0).equals(v) || Boolean.FALSE.equals(v))) {
                out.put(String.valueOf(e.getKey()), v);
            }
        }
        return out;
    }

    static FlagSet removeFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove all volumes")
                .bool("force", 'f', "Remove a volume by force, even if it is being used by a container")
                .integer("time", 't', 10, "Seconds to wait for running containers to stop before killing the container");
    }

    /**
     * Each failure on its own "Error:" line, the last one as the command's error; the exit code is 1
     * for a missing volume and 2 for one in use, as the last such failure says (podman's setExitCode).
     */
    static int remove(Invocation inv) {
        boolean all = inv.flags.bool("all");
        boolean force = inv.flags.bool("force");
        if ((all && !inv.args.isEmpty()) || (!all && inv.args.isEmpty())) {
            throw new EngineException("choose either one or more volumes or all");
        }
        List<String> names = new ArrayList<>();
        List<EngineException> errors = new ArrayList<>();
        if (all) {
            inv.volumes().listVolumes(List.of()).forEach(v -> names.add((String) v.get("Name")));
        } else {
            for (String n : inv.args) {
                if (inv.volumes().volumeExists(n)) {
                    names.add(n);
                } else if (!force) {
                    errors.add(new EngineException("no volume with name \"" + n + "\" found: no such volume", 1));
                }
            }
        }
        for (String n : names) {
            try {
                inv.volumes().removeVolume(n, force, (int) inv.flags.integer("time"));
                inv.out.println(n);
            } catch (EngineException e) {
                errors.add(e);
            }
        }
        if (errors.isEmpty()) {
            return 0;
        }
        int code = 125;
        for (EngineException e : errors) {
            if (e.exitCode() == 1 || e.exitCode() == 2) {
                code = e.exitCode();
            }
        }
        inv.out.flush();
        for (EngineException e : errors.subList(0, errors.size() - 1)) {
            inv.err.println("Error: " + e.getMessage());
        }
        throw new EngineException(errors.getLast().getMessage(), code);
    }

    static FlagSet pruneFlags() {
        return new FlagSet()
                .stringArray("filter", '\0', "Provide filter values (e.g. 'label=<key>=<value>')")
                .bool("force", 'f', "Do not prompt for confirmation");
    }

    static int prune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        List<String> filters = inv.flags.list("filter");
        if (!inv.flags.bool("force")) {
            inv.out.println("WARNING! This will remove all volumes not used by at least one container. "
                    + "The following volumes will be removed:");
            // podman lists with its ls filters plus dangling=true, which its ls ORs together
            List<String> listing = new ArrayList<>(filters);
            listing.add("dangling=true");
            List<Map<String, Object>> candidates = inv.volumes().listVolumes(listing);
            if (candidates.isEmpty()) {
                inv.out.println("No dangling volumes found");
                return 0;
            }
            candidates.forEach(v -> inv.out.println(v.get("Name")));
            inv.out.print("Are you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!answeredYes(inv.in)) {
                return 0;
            }
        }
        for (VolumeEngine.PrunedVolume p : inv.volumes().pruneVolumes(filters)) {
            inv.out.println(p.name());
        }
        return 0;
    }

    /** podman's prompt reads a line; input that ends before a newline fails with "EOF". */
    private static boolean answeredYes(java.io.InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EngineException("EOF");
                }
                line.append((char) c);
            }
        } catch (java.io.IOException e) {
            throw new EngineException(e.getMessage());
        }
        return line.toString().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return inv.volumes().volumeExists(inv.args.getFirst()) ? 0 : 1;
    }
}

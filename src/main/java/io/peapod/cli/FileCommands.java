package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** cp, diff, export, mount, unmount and commit: moving files and filesystems in and out of containers. */
final class FileCommands {
    private FileCommands() {}

    static final String LATEST = "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag";

    // ---- cp ----------------------------------------------------------------------------------------

    static final String CP_DESCRIPTION = "Copy the contents of SRC_PATH to the DEST_PATH.\n\nYou can copy from the container's file system to the local machine or the reverse, from the local filesystem to the container. If \"-\" is specified for either the SRC_PATH or DEST_PATH, you can also stream a tar archive from STDIN or to STDOUT. The CONTAINER can be a running or stopped container. The SRC_PATH or DEST_PATH can be a file or a directory.\n";

    static FlagSet cpFlags() {
        return new FlagSet()
                .bool("archive", 'a', true, "Chown copied files to the primary uid/gid of the destination container.")
                .bool("overwrite", '\0', "Allow to overwrite directories with non-directories and vice versa");
    }

    /** podman's copy.ParseSourceAndDestination: "CONTAINER:PATH", unless it starts with "." or "/". */
    static String[] split(String input) {
        if (input.isEmpty() || input.charAt(0) == '.' || input.charAt(0) == '/') {
            return new String[] {"", input};
        }
        int colon = input.indexOf(':');
        if (colon < 0) {
            return new String[] {"", input};
        }
        return new String[] {input.substring(0, colon), input.substring(colon + 1)};
    }

    static int cp(Invocation inv) {
        Args.exactly(inv.args, 2);
        String[] src = split(inv.args.get(0));
        String[] dst = split(inv.args.get(1));
        if (src[1].isEmpty()) {
            throw new EngineException("invalid source \"" + inv.args.get(0) + "\": must contain a path");
        }
        if (dst[1].isEmpty()) {
            throw new EngineException("invalid destination \"" + inv.args.get(1) + "\": must contain a path");
        }
        inv.files().copy(new FilesEngine.CopyRequest(src[0], src[1], dst[0], dst[1], inv.flags.bool("archive"),
                inv.flags.bool("overwrite")), inv.in, inv.out);
        inv.out.flush();
        return 0;
    }

    // ---- diff --------------------------------------------------------------------------------------

    static FlagSet diffFlags() {
        return new FlagSet()
                .string("format", '\0', "", "Change the output format (json)")
                .bool("latest", 'l', LATEST);
    }

    static FlagSet imageDiffFlags() {
        return new FlagSet().string("format", '\0', "", "Change the output format (json)");
    }

    static int diff(Invocation inv) {
        String format = inv.flags.string("format");
        if (!format.isEmpty() && !format.equals("json")) {
            throw new EngineException("only supported value for '--format' is 'json'");
        }
        List<String> args = inv.args;
        if (inv.flags.changed("latest") && inv.flags.bool("latest")) {
            if (!args.isEmpty()) {
                throw new EngineException("--latest and containers cannot be used together");
            }
            args = List.of(ContainerTargets.latest(inv.containers()));
        }
        if (args.isEmpty()) {
            throw new EngineException("you must provide at least one name or id");
        }
        Args.atMost(args, 2);
        String target = args.getFirst();
        boolean containerOnly = inv.commandPath.endsWith("container diff");
        boolean imageOnly = inv.commandPath.endsWith("image diff");
        for (String a : args) {
            if (containerOnly && !inv.containers().containerExists(a)) {
                throw new EngineException(a + " not found: container not known");
            }
            if (imageOnly && !inv.images().exists(a)) {
                throw new EngineException(a + " not found: " + a + ": image not known");
            }
        }
        List<FilesEngine.Change> changes = inv.files().diff(target, args.size() > 1 ? args.get(1) : null);
        if (format.equals("json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            for (String[] kind : new String[][] {{"C", "changed"}, {"A", "added"}, {"D", "deleted"}}) {
                List<String> paths = new ArrayList<>();
                changes.stream().filter(c -> c.kind().equals(kind[0])).forEach(c -> paths.add(c.path()));
                if (!paths.isEmpty()) {
                    doc.put(kind[1], paths);
                }
            }
            Output.inspectJson(inv.out, doc);
            return 0;
        }
        StringBuilder b = new StringBuilder();
        for (FilesEngine.Change c : changes) {
            b.append(c.kind()).append(' ').append(c.path()).append('\n');
        }
        inv.out.print(b);
        return 0;
    }

    // ---- export ------------------------------------------------------------------------------------

    static FlagSet exportFlags() {
        return new FlagSet().string("output", 'o', "", "Write to a specified file (default: stdout, which must be redirected)");
    }

    static int export(Invocation inv) {
        Args.exactly(inv.args, 1);
        String output = inv.flags.string("output");
        if (output.isEmpty() && stdoutIsTerminal()) {
            throw new EngineException("refusing to export to terminal. Use -o flag or redirect");
        }
        if (!output.isEmpty() && output.contains(":")) {
            throw new EngineException("invalid filename (should not contain ':') \"" + output + "\"");
        }
        inv.files().export(inv.args.getFirst(), output.isEmpty() ? null : Path.of(output), inv.out);
        inv.out.flush();
        return 0;
    }

    /** Whether fd 1 is a terminal, read from /proc (no native call). */
    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    // ---- mount / unmount ---------------------------------------------------------------------------

    static final String MOUNT_DESCRIPTION = "peapod mount\n  Lists all mounted containers mount points if no container is specified\n\npeapod mount CONTAINER-NAME-OR-ID\n  Mounts the specified container and outputs the mountpoint\n";
    static final String UNMOUNT_DESCRIPTION = "Container storage increments a mount counter each time a container is mounted.\n\nWhen a container is unmounted, the mount counter is decremented. The container's root filesystem is physically unmounted only when the mount counter reaches zero indicating no other processes are using the mount.\n\nAn unmount can be forced with the --force flag.\n";

    static FlagSet mountFlags() {
        return new FlagSet()
                .bool("all", 'a', "Mount all containers")
                .string("format", '\0', "", "Print the mounted containers in specified format (json)")
                .bool("latest", 'l', LATEST)
                .bool("no-trunc", '\0', "Do not truncate output")
                .bool("notruncate", '\0', "Do not truncate output").hidden("notruncate");
    }

    static int mount(Invocation inv) {
        boolean all = inv.flags.bool("all");
        boolean latest = inv.flags.bool("latest");
        if (all && latest) {
            throw new EngineException("--all and --latest cannot be used together");
        }
        if (all && !inv.args.isEmpty()) {
            throw new EngineException("no arguments are needed with --all");
        }
        if (latest && !inv.args.isEmpty()) {
            throw new EngineException("--latest and containers cannot be used together");
        }
        mustAllExist(inv, inv.args);
        List<String> targets = new ArrayList<>(inv.args);
        if (latest) {
            targets.add(ContainerTargets.latest(inv.containers()));
        }
        if (all) {
            for (var c : inv.containers().listContainers(true)) {
                targets.add(c.Id());
            }
            targets = targets.reversed();   // newest first, as podman prints them
        }
        if (!targets.isEmpty()) {
            int code = 0;
            for (String t : targets) {
                try {
                    inv.out.println(inv.files().mount(t));
                } catch (EngineException e) {
                    if (targets.size() == 1) {
                        throw e;
                    }
                    inv.err.println("Error: " + e.getMessage());
                    code = 125;
                }
            }
            return code;
        }
        String format = inv.flags.string("format");
        List<FilesEngine.MountedContainer> mounted = inv.files().mounted();
        if (format.equals("json")) {
            List<Object> docs = new ArrayList<>();
            for (FilesEngine.MountedContainer m : mounted) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("id", m.id());
                d.put("Names", m.names());
                d.put("mountpoint", m.mountPoint());
                docs.add(d);
            }
            Output.inspectJson(inv.out, docs);
            return 0;
        }
        if (!format.isEmpty()) {
            throw new EngineException("unknown --format argument: \"" + format + "\"");
        }
        boolean full = inv.flags.bool("no-trunc") || inv.flags.bool("notruncate");
        StringBuilder b = new StringBuilder();
        for (FilesEngine.MountedContainer m : mounted) {
            b.append(full ? m.id() : m.id().substring(0, Math.min(12, m.id().length()))).append("  ").append(m.mountPoint()).append('\n');
        }
        inv.out.print(b);
        return 0;
    }

    /** podman looks every container up before acting on any: one unknown name and nothing is done. */
    private static void mustAllExist(Invocation inv, List<String> targets) {
        for (String t : targets) {
            if (!inv.containers().containerExists(t)) {
                throw new EngineException("no container with name or ID \"" + t + "\" found: no such container");
            }
        }
    }

    static FlagSet unmountFlags() {
        return new FlagSet()
                .bool("all", 'a', "Unmount all of the currently mounted containers")
                .bool("force", 'f', "Force the complete unmount of the specified mounted containers")
                .bool("latest", 'l', LATEST);
    }

    static int unmount(Invocation inv) {
        ContainerTargets.check(inv, true, false);
        boolean force = inv.flags.bool("force");
        if (inv.flags.bool("all")) {
            for (String id : inv.files().unmountAll(force)) {
                inv.out.println(id);
            }
            return 0;
        }
        List<String> targets = inv.flags.bool("latest") ? List.of(ContainerTargets.latest(inv.containers())) : inv.args;
        mustAllExist(inv, targets);
        int code = 0;
        for (String t : targets) {
            try {
                inv.files().unmount(t, force);
                inv.out.println(t);
            } catch (EngineException e) {
                if (targets.size() == 1) {
                    throw e;
                }
                inv.err.println("Error: " + e.getMessage());
                code = 125;
            }
        }
        return code;
    }
}

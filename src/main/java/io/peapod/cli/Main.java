package io.peapod.cli;

import io.peapod.cli.flags.FlagException;
import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ConfigFileException;
import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the peapod command: finds the command in the tree the way cobra does (global
 * flags may come before it), parses its flags with pflag's rules, runs it and maps failures to
 * podman's {@code Error: ...} on stderr with exit code 125.
 */
public final class Main {
    static final String PROGRAM = "peapod";

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = args.length > 0 && args[0].equals(AOT_TRAIN) ? train(args)
                : args.length > 0 && args[0].equals(AOT_TRAIN_BULK) ? trainBulk(args)
                : run(args, System.in, out, err);
        out.flush();
        System.exit(code);
    }

    /** Hidden: runs the everyday commands once so that {@code -XX:AOTCacheOutput} records their classes. */
    static final String AOT_TRAIN = "__aot-train";

    private static int train(String[] args) {
        List<String> globals = List.of(args).subList(1, args.length);
        String[][] lines = {
            {"images"}, {"images", "--format", "json"}, {"images", "-q"}, {"image", "ls", "--digests"},
            {"image", "inspect", "train:1"}, {"inspect", "--format", "{{.Id}} {{json .Config}}", "train:1"},
            {"history", "train:1"}, {"image", "exists", "train:1"}, {"tag", "train:1", "train:2"},
            {"untag", "train:1", "train:2"}, {"version"}, {"info", "--format", "json"}, {"images", "--help"},
            {"ps", "-a"}, {"ps", "--format", "{{.ID}} {{.Status}}"}, {"ps", "-a", "-q"},
            // The container path too (train:1 is the busybox image scripts/train-aot.sh imports).
            {"run", "--rm", "train:1", "true"}, {"create", "--name", "aot-train", "train:1", "true"},
            {"container", "inspect", "aot-train"}, {"logs", "aot-train"}, {"rm", "-f", "aot-train"},
            // Pods: the pause image is built by the first pod create.
            {"pod", "create", "--name", "aot-pod"}, {"create", "--pod", "aot-pod", "train:1", "true"}, {"pod", "ps"},
            {"pod", "inspect", "aot-pod"}, {"pod", "start", "aot-pod"}, {"pod", "rm", "-f", "-t", "0", "aot-pod"},
        };
        return runTraining(globals, lines);
    }

    /**
     * Hidden: runs the commands that move layers once, for the second AOT cache (target/peapod-bulk.aot)
     * that bin/peapod uses for them. {@code args}: the marker, a rootfs tar, a directory to write to,
     * a registry on 127.0.0.1 (or "-" for none), then global flags.
     */
    static final String AOT_TRAIN_BULK = "__aot-train-bulk";

    private static int trainBulk(String[] args) {
        String tar = args[1];
        String dir = args[2];
        String registry = args[3];
        List<String> globals = List.of(args).subList(4, args.length);
        List<String[]> lines = new ArrayList<>(List.of(
            new String[] {"import", "-q", tar, "localhost/bulk:1"},
            new String[] {"save", "-q", "-o", dir + "/archive.tar", "localhost/bulk:1"},
            new String[] {"save", "-q", "--format", "oci-dir", "-o", dir + "/oci", "localhost/bulk:1"},
            new String[] {"rmi", "localhost/bulk:1"},
            new String[] {"load", "-q", "-i", dir + "/archive.tar"},
            new String[] {"push", "-q", "localhost/bulk:1", "oci-archive:" + dir + "/oci.tar"},
            // build is a layer mover too: a cold build (RUN, COPY), then the same one from the layer cache
            new String[] {"build", "-q", "--no-cache", "--network", "none", "-t", "localhost/bulk-build:1", buildContext(dir)},
            new String[] {"build", "-q", "--network", "none", "-t", "localhost/bulk-build:1", dir + "/build"},
            new String[] {"rmi", "localhost/bulk-build:1"}));
        if (!registry.equals("-")) {
            lines.add(new String[] {"push", "-q", "--tls-verify=false", "localhost/bulk:1", registry + "/bulk/train:1"});
            lines.add(new String[] {"rmi", "localhost/bulk:1"});
            lines.add(new String[] {"pull", "-q", "--tls-verify=false", registry + "/bulk/train:1"});
        }
        return runTraining(globals, lines.toArray(String[][]::new));
    }

    /** A build context for the bulk training: a RUN and a COPY of a file of a few MB. */
    private static String buildContext(String dir) {
        java.nio.file.Path ctx = java.nio.file.Path.of(dir, "build");
        try {
            java.nio.file.Files.createDirectories(ctx);
            java.nio.file.Files.writeString(ctx.resolve("Containerfile"),
                    "FROM localhost/bulk:1\nRUN echo hi > /etc/motd\nCOPY data /opt/data\n");
            byte[] data = new byte[4 << 20];
            new java.util.Random(7).nextBytes(data);
            java.nio.file.Files.write(ctx.resolve("data"), data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ctx.toString();
    }

    private static int runTraining(List<String> globals, String[][] lines) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int failures = 0;
        for (String[] line : lines) {
            List<String> argv = new ArrayList<>(globals);
            argv.addAll(List.of(line));
            if (run(argv.toArray(String[]::new), InputStream.nullInputStream(), sink, sink) != 0) {
                System.err.println("AOT training: `peapod " + String.join(" ", line) + "` failed");
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        List<String> args = List.of(argv);
        Command root = Commands.root();
        // Walk the tree over the words that are not flags (skipping global flags' values).
        FlagSet globals = GlobalFlags.flags();
        List<String> rest = new ArrayList<>();
        Command cmd = root;
        List<String> path = new ArrayList<>(List.of(PROGRAM));
        boolean commandFound = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!commandFound || !cmd.children().isEmpty()) {
                if (a.startsWith("-") && !a.equals("-") && !a.equals("--")) {
                    rest.add(a);
                    if (!a.contains("=") && GlobalFlags.takesValue(globals, a) && i + 1 < args.size()) {
                        rest.add(args.get(++i));
                    }
                    continue;
                }
                Command next = cmd.child(a);
                if (next != null) {
                    cmd = next;
                    path.add(next.name());
                    commandFound = true;
                    continue;
                }
                if (!cmd.children().isEmpty() && !a.equals("--")) {
                    if (cmd == root && !a.equals("help")) {
                        err.println("Error: unrecognized command `" + PROGRAM + " " + a + "`");
                        err.println("Try '" + PROGRAM + " --help' for more information");
                        return 125;
                    }
                    if (cmd != root) {
                        err.println("Error: unrecognized command `" + String.join(" ", path) + " " + a + "`");
                        err.println("Try '" + String.join(" ", path) + " --help' for more information");
                        return 125;
                    }
                }
            }
            rest.addAll(args.subList(i, args.size()));
            break;
        }
        String commandPath = String.join(" ", path);
        FlagSet flags = cmd.flags().get();
        flags.addAll(globals);
        ParsedFlags parsed;
        try {
            parsed = flags.parse(rest, cmd.interspersed());
        } catch (FlagException e) {
            if (e.isHelp()) {
                out.print(Help.render(cmd, commandPath, flags));
                return 0;
            }
            err.println("Error: " + e.getMessage());
            err.println("See '" + commandPath + " --help'");
            return 125;
        }
        if (parsed.bool("help")) {
            out.print(Help.render(cmd, commandPath, flags));
            return 0;
        }
        if (cmd == root && flags.lookup("version") != null && parsed.bool("version")) {
            out.println(PROGRAM + " version " + io.peapod.engine.Versions.VERSION);
            return 0;
        }
        if (cmd.handler() == null) {
            if (!parsed.positional().isEmpty()) {
                err.println("Error: unrecognized command `" + commandPath + " " + parsed.positional().getFirst() + "`");
                err.println("Try '" + commandPath + " --help' for more information");
                return 125;
            }
            out.print(Help.render(cmd, commandPath, flags));
            out.flush();
            err.println("Error: missing command '" + commandPath + " COMMAND'");
            return 125;
        }
        EngineOptions options = GlobalFlags.engineOptions(parsed);
        if (!GlobalFlags.LOG_LEVELS.contains(options.logLevel())) {
            err.println("Log Level \"" + options.logLevel() + "\" is not supported, choose from: "
                    + String.join(", ", GlobalFlags.LOG_LEVELS));
            return 1;
        }
        try (Invocation inv = new Invocation(parsed, commandPath, options, out, err, in)) {
            inv.argv = args;
            if (cmd.usesStore()) {
                inv.prepareEngine();
            }
            return cmd.handler().run(inv);
        } catch (UsageException e) {
            // cobra reports argument-count errors without the pointer to --help that flag errors get.
            err.println("Error: " + e.getMessage());
            return 125;
        } catch (ConfigFileException e) {
            // podman cannot start on such a file: it logs the reason and exits 1
            out.flush();
            err.println("time=\"" + java.time.OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\" level=error msg=\""
                    + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            return e.exitCode();
        } catch (EngineException e) {
            out.flush();
            err.println("Error: " + e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            out.flush();
            err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if ("debug".equals(options.logLevel()) || "trace".equals(options.logLevel())) {
                e.printStackTrace(err);
            }
            return 125;
        }
    }
}

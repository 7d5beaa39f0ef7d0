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
        int code = args.length > 0 && args[0].equals(AotTraining.MARKER) ? AotTraining.run(args)
                : args.length > 0 && args[0].equals(AotTraining.MARKER_BULK) ? AotTraining.runBulk(args)
                : run(args, System.in, out, err);
        out.flush();
        System.out.flush();
        System.err.flush();
        if (needsOrderlyExit(args)) {
            System.exit(code);
        }
        // System.exit first looks for a System.Logger (JDK 21+ logs Runtime.exit): a service look-up across the class
        // path and java.util.logging's set-up, ~8 ms and ~12 ms of CPU at the end of every command here. Nothing of
        // ours needs the JVM's exit sequence (our shutdown hooks are removed once their work is done) but the
        // temporary files a build registers with deleteOnExit.
        Runtime.getRuntime().halt(code);
    }

    /**
     * A build registers files for deletion at exit (BuildCommand, core.BuildDownloads), and an AOT training run's
     * cache is written by the JVM's exit sequence: those need System.exit.
     */
    static boolean needsOrderlyExit(String[] args) {
        if (args.length > 0 && (args[0].equals(AotTraining.MARKER) || args[0].equals(AotTraining.MARKER_BULK))) {
            return true;
        }
        for (String a : args) {
            if (a.equals("build") || a.equals("buildx")) {
                return true;   // an argument of another command's may say "build" too: then it just exits the slow way
            }
        }
        return false;
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

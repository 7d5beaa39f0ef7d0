package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;

import java.util.List;
import java.util.function.Supplier;

/**
 * One command of the tree, as cobra describes it to podman: its name and aliases, help texts, a
 * supplier of its flags (built only when the command runs, to keep start-up lean), whether flags
 * may follow positional arguments, and the handler. Group commands have children and no handler.
 * {@code opensStoreEarly}: whether the store starts opening in the background before the handler
 * runs; off for the commands the image snapshot usually answers without the database.
 */
record Command(String name, List<String> aliases, String shortHelp, String usage, String longHelp,
               String examples, Supplier<FlagSet> flags, boolean interspersed, Handler handler,
               List<Command> children, boolean opensStoreEarly) {

    Command(String name, List<String> aliases, String shortHelp, String usage, String longHelp, String examples,
            Supplier<FlagSet> flags, boolean interspersed, Handler handler, List<Command> children) {
        this(name, aliases, shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, true);
    }

    @FunctionalInterface
    interface Handler {
        /** Runs the command; returns its exit code. */
        int run(Invocation inv) throws Exception;
    }

    static Command leaf(String name, String shortHelp, String usage, Supplier<FlagSet> flags, Handler handler) {
        return new Command(name, List.of(), shortHelp, usage, "", "", flags, true, handler, List.of(), true);
    }

    static Command group(String name, String shortHelp, List<Command> children) {
        return new Command(name, List.of(), shortHelp, name + " [command]", "", "", FlagSet::new, true, null, children, true);
    }

    /** podman run/create: flags end at the image, everything after it belongs to the container's command. */
    Command stopFlagsAtFirstArgument() {
        return new Command(name, aliases, shortHelp, usage, longHelp, examples, flags, false, handler, children, opensStoreEarly);
    }

    /** Served from the image snapshot when there is one: opening the database would be wasted work. */
    Command answeredBySnapshot() {
        return new Command(name, aliases, shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, false);
    }

    /** Needs no store at all (login, logout): nothing is opened in the background. */
    Command withoutStore() {
        return new Command(name, aliases, shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, false);
    }

    Command withAliases(String... aliases) {
        return new Command(name, List.of(aliases), shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, opensStoreEarly);
    }

    Command withDescription(String longHelp) {
        return new Command(name, aliases, shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, opensStoreEarly);
    }

    Command withExamples(String examples) {
        return new Command(name, aliases, shortHelp, usage, longHelp, examples, flags, interspersed, handler, children, opensStoreEarly);
    }

    /** The same command under another name, e.g. {@code images} for {@code image list}. */
    Command renamed(String newName, String newUsage) {
        return new Command(newName, List.of(), shortHelp, newUsage, longHelp, examples, flags, interspersed, handler, children, opensStoreEarly);
    }

    /** Whether running this command opens the store (everything but help, version and completion). */
    boolean usesStore() {
        return opensStoreEarly && handler != null && !name.equals("version") && !name.equals("help")
                && !name.equals("completion") && !name.equals("events");   // events reads only the events log
    }

    boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    Command child(String word) {
        for (Command c : children) {
            if (c.answersTo(word)) {
                return c;
            }
        }
        return null;
    }
}

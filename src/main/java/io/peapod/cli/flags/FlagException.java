package io.peapod.cli.flags;

/**
 * A command line that pflag would reject. The message is pflag's text, verbatim (e.g. {@code unknown flag: --foo});
 * podman prints it as {@code Error: <message>} followed by {@code See 'podman <cmd> --help'} and exits 125.
 */
public final class FlagException extends Exception {
    private static final long serialVersionUID = 1L;

    /** pflag's ErrHelp text: returned when -h / --help is given but no such flag is defined. */
    static final String HELP_REQUESTED = "pflag: help requested";

    private final boolean help;

    FlagException(String message) {
        this(message, false);
    }

    private FlagException(String message, boolean help) {
        // No stack trace: this is a user error, reported by message only, and filling it in costs start-up time.
        super(message, null, false, false);
        this.help = help;
    }

    static FlagException helpRequested() {
        return new FlagException(HELP_REQUESTED, true);
    }

    /**
     * True when this is pflag's ErrHelp: {@code --help} or {@code -h} was given and the set defines no such flag.
     * Cobra answers it by printing the command's help and exiting 0, not with an error.
     */
    public boolean isHelp() {
        return help;
    }
}

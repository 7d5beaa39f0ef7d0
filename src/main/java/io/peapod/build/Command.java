package io.peapod.build;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: exec form ({@code ["a", "b"]}, the arguments as
 * given) or shell form (one argument, the text to hand to the SHELL; empty when nothing was written).
 */
public record Command(List<String> args, boolean execForm) {
    public Command {
        args = List.copyOf(args);
    }

    static Command shell(String text) {
        return new Command(text.isEmpty() ? List.of() : List.of(text), false);
    }

    static Command exec(List<String> args) {
        return new Command(args, true);
    }

    /** What runs: the exec form as is, the shell form after {@code shell} (e.g. {@code /bin/sh -c}). */
    public List<String> argv(List<String> shell) {
        if (execForm) {
            return args;
        }
        List<String> out = new java.util.ArrayList<>(shell);
        out.addAll(args);
        return out;
    }
}

package io.peapod.cli;

import java.util.List;

/** Several failures in one message, the way podman (hashicorp/go-multierror) prints them. */
final class Errors {
    private Errors() {}

    /** One error as it is; several as "N errors occurred:" followed by a tab-indented list. */
    static String combine(List<String> errors) {
        if (errors.size() == 1) {
            return errors.getFirst();
        }
        StringBuilder b = new StringBuilder().append(errors.size()).append(" errors occurred:");
        for (String e : errors) {
            b.append("\n\t* ").append(e);
        }
        return b.toString();
    }
}

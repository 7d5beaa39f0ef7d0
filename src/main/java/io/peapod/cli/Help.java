package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;

/** Help pages laid out as podman's cobra template lays them out. */
final class Help {
    private Help() {}

    static String render(Command cmd, String commandPath, FlagSet flags) {
        StringBuilder b = new StringBuilder();
        b.append(cmd.shortHelp()).append("\n\n");
        // cobra indents only the first line; our texts are written flush, except lines podman starts with a tab.
        b.append("Description:\n  ").append(cmd.longHelp().isEmpty() ? cmd.shortHelp() : cmd.longHelp().replaceAll("\n(?=[^\n\t])", "\n  "))
                .append("\n\n");
        String parent = commandPath.contains(" ") ? commandPath.substring(0, commandPath.lastIndexOf(' ')) : "";
        b.append("Usage:\n  ").append(parent.isEmpty() ? Main.PROGRAM + " [options] [command]" : parent + " " + cmd.usage())
                .append("\n\n");
        if (!cmd.aliases().isEmpty()) {
            b.append("Aliases:\n  ").append(cmd.name());
            cmd.aliases().forEach(a -> b.append(", ").append(a));
            b.append("\n\n");
        }
        if (!cmd.examples().isEmpty()) {
            b.append("Examples:\n  ").append(cmd.examples().replace("\n", "\n  ")).append("\n\n");
        }
        if (!cmd.children().isEmpty()) {
            b.append("Available Commands:\n");
            // cobra: rpad(name, max(11, longest name)) and one space
            int width = Math.max(11, cmd.children().stream().mapToInt(c -> c.name().length()).max().orElse(0));
            for (Command c : cmd.children()) {
                b.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 1))
                        .append(c.shortHelp()).append('\n');
            }
            b.append('\n');
        }
        String usage = flags.usage();
        if (!usage.isEmpty()) {
            b.append("Options:\n").append(usage);
            if (!usage.endsWith("\n")) {
                b.append('\n');
            }
        }
        return b.toString();
    }
}

package io.peapod.cli;

import java.util.List;
import java.util.stream.Collectors;

/** Shell completion scripts for the command tree: commands and subcommands by name. */
final class Completion {
    private Completion() {}

    static String script(String shell, Command root) {
        String top = names(root.children());
        return switch (shell) {
            case "bash" -> bash(root, top);
            case "zsh" -> "#compdef peapod\n" + "autoload -U +X bashcompinit && bashcompinit\n" + bash(root, top);
            case "fish" -> fish(root);
            default -> null;
        };
    }

    private static String names(List<Command> commands) {
        return commands.stream().map(Command::name).collect(Collectors.joining(" "));
    }

    private static String bash(Command root, String top) {
        StringBuilder b = new StringBuilder("# bash completion for peapod\n_peapod() {\n")
                .append("    local cur=\"${COMP_WORDS[COMP_CWORD]}\"\n")
                .append("    if [ \"$COMP_CWORD\" -eq 1 ]; then\n")
                .append("        COMPREPLY=($(compgen -W \"").append(top).append("\" -- \"$cur\")); return\n    fi\n")
                .append("    case \"${COMP_WORDS[1]}\" in\n");
        for (Command c : root.children()) {
            if (!c.children().isEmpty()) {
                b.append("        ").append(c.name()).append(") [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W \"")
                        .append(names(c.children())).append("\" -- \"$cur\")) ;;\n");
            }
        }
        b.append("    esac\n}\ncomplete -o default -F _peapod peapod\n");
        return b.toString();
    }

    private static String fish(Command root) {
        StringBuilder b = new StringBuilder("# fish completion for peapod\n");
        for (Command c : root.children()) {
            b.append("complete -c peapod -n __fish_use_subcommand -f -a ").append(c.name())
                    .append(" -d '").append(c.shortHelp().replace("'", "\\'")).append("'\n");
            for (Command s : c.children()) {
                b.append("complete -c peapod -n '__fish_seen_subcommand_from ").append(c.name()).append("' -f -a ")
                        .append(s.name()).append(" -d '").append(s.shortHelp().replace("'", "\\'")).append("'\n");
            }
        }
        return b.toString();
    }
}

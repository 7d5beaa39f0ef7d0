package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;

import java.util.List;

/** The command tree: podman's names, aliases and help texts, each bound to its handler. */
final class Commands {
    private Commands() {}

    static Command root() {
        Command imageList = Command.leaf("list", "List images in local storage", "list [options] [IMAGE]",
                        ImageCommands::listFlags, ImageCommands::list).withAliases("ls")
                .withDescription("Lists images previously pulled to the system or created on the system.")
                .withExamples("peapod image list --format json\npeapod image list --sort repository --format \"table {{.ID}} {{.Repository}} {{.Tag}}\"");
        Command imageInspect = Command.leaf("inspect", "Display the configuration of an image",
                "inspect [options] IMAGE [IMAGE...]", ImageCommands::inspectFlags, ImageCommands::inspect);
        Command imageExists = Command.leaf("exists", "Check if an image exists in local storage", "exists IMAGE",
                FlagSet::new, ImageCommands::exists);
        Command history = Command.leaf("history", "Show history of a specified image", "history [options] IMAGE",
                ImageCommands::historyFlags, ImageCommands::history);
        Command tag = Command.leaf("tag", "Add an additional name to a local image", "tag IMAGE TARGET_NAME [TARGET_NAME...]",
                FlagSet::new, ImageCommands::tag);
        Command untag = Command.leaf("untag", "Remove a name from a local image", "untag IMAGE [IMAGE...]",
                FlagSet::new, ImageCommands::untag);
        Command rm = Command.leaf("rm", "Remove one or more images from local storage", "rm [options] IMAGE [IMAGE...]",
                ImageCommands::removeFlags, ImageCommands::remove).withAliases("remove");
        Command prune = Command.leaf("prune", "Remove unused images", "prune [options]",
                ImageCommands::pruneFlags, ImageCommands::prune);
        Command load = Command.leaf("load", "Load image(s) from a tar archive", "load [options]",
                ImageCommands::loadFlags, ImageCommands::load);
        Command save = Command.leaf("save", "Save image(s) to an archive", "save [options] IMAGE [IMAGE...]",
                ImageCommands::saveFlags, ImageCommands::save);
        Command imp = Command.leaf("import", "Import a tarball to create a filesystem image",
                "import [options] PATH [REFERENCE]", ImageCommands::importFlags, ImageCommands::importImage);

        Command tree = Command.leaf("tree", "Prints layer hierarchy of an image in a tree format", "tree [options] IMAGE",
                ImageCommands::treeFlags, ImageCommands::tree);
        Command image = Command.group("image", "Manage images",
                List.of(history, imageExists, imp, imageInspect, imageList, load, prune, rm, save, tag, tree, untag));

        Command version = Command.leaf("version", "Display the Podman version information", "version [options]",
                () -> SystemCommands.formatFlag('f'), SystemCommands::version);
        Command info = Command.leaf("info", "Display podman system information", "info [options]",
                () -> SystemCommands.formatFlag('f'), SystemCommands::info);
        Command df = Command.leaf("df", "Show podman disk usage", "df [options]", SystemCommands::dfFlags, SystemCommands::df);
        Command sysPrune = Command.leaf("prune", "Remove unused data", "prune [options]",
                SystemCommands::systemPruneFlags, SystemCommands::systemPrune);
        Command reset = Command.leaf("reset", "Reset podman storage", "reset [options]",
                SystemCommands::resetFlags, SystemCommands::reset);
        Command check = Command.leaf("check", "Check storage consistency", "check [options]",
                FlagSet::new, SystemCommands::check);
        Command system = Command.group("system", "Manage podman",
                List.of(check, df, info.renamed("info", "info [options]"), sysPrune, reset));
        Command completion = Command.leaf("completion", "Generate shell autocompletions",
                "completion [options] bash|zsh|fish", FlagSet::new, SystemCommands::completion);
        Command help = Command.leaf("help", "Help about any command", "help [command]", FlagSet::new, Commands::help);

        return new Command(Main.PROGRAM, List.of(), "Manage pods, containers and images",
                "[options] [command]", "Manage pods, containers and images", "", Commands::rootFlags, true, null, List.of(
                completion,
                help,
                history,
                image,
                imp,
                info,
                imageInspect.withDescription("Display the configuration of an image"),
                load,
                imageList.renamed("images", "images [options] [IMAGE]"),
                rm.renamed("rmi", "rmi [options] IMAGE [IMAGE...]"),
                save,
                system,
                tag,
                untag,
                version));
    }

    private static FlagSet rootFlags() {
        return new FlagSet().bool("version", 'v', "Version of Podman");
    }

    /** {@code help [command...]}: the help page of the named command. */
    private static int help(Invocation inv) {
        Command cmd = root();
        String path = Main.PROGRAM;
        for (String word : inv.args) {
            Command next = cmd.child(word);
            if (next == null) {
                throw new UsageException("unknown help topic \"" + word + "\"");
            }
            cmd = next;
            path += " " + next.name();
        }
        FlagSet flags = cmd.flags().get();
        flags.addAll(GlobalFlags.flags());
        inv.out.print(Help.render(cmd, path, flags));
        return 0;
    }
}

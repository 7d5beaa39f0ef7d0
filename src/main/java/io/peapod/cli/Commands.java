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
                "inspect [options] IMAGE [IMAGE...]", ImageCommands::inspectFlags, ImageCommands::inspect).answeredBySnapshot();
        Command imageExists = Command.leaf("exists", "Check if an image exists in local storage", "exists IMAGE",
                FlagSet::new, ImageCommands::exists).answeredBySnapshot();
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

        Command pull = Command.leaf("pull", "Pull an image from a registry", "pull [options] IMAGE [IMAGE...]",
                PullPushCommands::pullFlags, PullPushCommands::pull)
                .withDescription("Pulls an image from a registry and stores it locally.\n\nAn image can be pulled by tag or digest. If a tag is not specified, the image with the 'latest' tag is pulled.")
                .withExamples("peapod pull imageName\npeapod pull fedora:latest");
        Command push = Command.leaf("push", "Push an image to a specified destination", "push [options] IMAGE [DESTINATION]",
                PullPushCommands::pushFlags, PullPushCommands::push)
                .withDescription("Pushes a source image to a specified destination.\n\nThe Image \"DESTINATION\" uses a \"transport\":\"details\" format. See podman-push(1) section \"DESTINATION\" for the expected format.")
                .withExamples("peapod push imageID docker://registry.example.com/repository:tag\npeapod push imageID oci-archive:/path/to/layout:image:tag");
        Command tree = Command.leaf("tree", "Prints layer hierarchy of an image in a tree format", "tree [options] IMAGE",
                ImageCommands::treeFlags, ImageCommands::tree);
        Command imageDiff = Command.leaf("diff", "Inspect changes to the image's file systems",
                "diff [options] IMAGE [IMAGE]", FileCommands::imageDiffFlags, FileCommands::diff)
                .withDescription("Displays changes to the image's filesystem.  The image will be compared to its parent layer or the second argument when given.")
                .withExamples("peapod image diff myImage\npeapod image diff --format json redis:alpine");
        Command build = Command.leaf("build", "Build an image using instructions from Containerfiles",
                "build [options] [CONTEXT]", BuildCommand::flags, BuildCommand::build)
                .withDescription("Builds an OCI or Docker image using instructions from one or more Containerfiles and a specified build context directory.")
                .withExamples("peapod build .\npeapod build -t imageName -f Containerfile.simple .\npeapod build --layers --force-rm --tag imageName .");
        Command image = Command.group("image", "Manage images",
                List.of(build, imageDiff, history, imageExists, imp, imageInspect, imageList, load, prune, pull, push, rm, save, tag, tree, untag));

        Command create = Command.leaf("create", "Create but do not start a container", "create [options] IMAGE [COMMAND [ARG...]]",
                ContainerCommands::createOnlyFlags, ContainerCommands::create).stopFlagsAtFirstArgument();
        Command run = Command.leaf("run", "Run a command in a new container", "run [options] IMAGE [COMMAND [ARG...]]",
                ContainerCommands::runFlags, ContainerCommands::run).stopFlagsAtFirstArgument();
        Command start = Command.leaf("start", "Start one or more containers", "start [options] CONTAINER [CONTAINER...]",
                ContainerCommands::startFlags, ContainerCommands::start);
        Command attach = Command.leaf("attach", "Attach to a running container", "attach [options] CONTAINER",
                AttachCommands::attachFlags, AttachCommands::attach)
                .withDescription("The peapod attach command allows you to attach to a running container using the container's ID or name, either to view its ongoing output or to control it interactively.")
                .withExamples("peapod attach ctrID\npeapod attach 1234\npeapod attach --no-stdin foobar");
        Command ps = Command.leaf("ps", "List containers", "ps [options]", ContainerCommands::psFlags, ContainerCommands::ps);
        Command stop = Command.leaf("stop", "Stop one or more containers", "stop [options] CONTAINER [CONTAINER...]",
                ContainerTargets::stopFlags, ContainerTargets::stop);
        Command kill = Command.leaf("kill", "Kill one or more running containers with a specific signal",
                "kill [options] CONTAINER [CONTAINER...]", ContainerTargets::killFlags, ContainerTargets::kill);
        Command waitCmd = Command.leaf("wait", "Block on one or more containers", "wait [options] CONTAINER [CONTAINER...]",
                ContainerTargets::waitFlags, ContainerCommands::waitFor);
        Command logs = Command.leaf("logs", "Fetch the logs of one or more containers", "logs [options] CONTAINER [CONTAINER...]",
                ContainerCommands::logsFlags, ContainerCommands::logs);
        Command rename = Command.leaf("rename", "Rename an existing container", "rename CONTAINER NAME",
                FlagSet::new, ContainerCommands::rename);
        Command restart = Command.leaf("restart", "Restart one or more containers", "restart [options] CONTAINER [CONTAINER...]",
                ContainerCommands::restartFlags, ContainerCommands::restart);
        Command containerPrune = Command.leaf("prune", "Remove all non running containers", "prune [options]",
                ContainerCommands::pruneFlags, ContainerCommands::prune);
        Command rmContainer = Command.leaf("rm", "Remove one or more containers", "rm [options] CONTAINER [CONTAINER...]",
                ContainerTargets::rmFlags, ContainerTargets::rm);
        Command cleanup = Command.leaf("cleanup", "Clean up network and mountpoints of one or more containers",
                "cleanup [options] CONTAINER [CONTAINER...]", FlagSet::new, ContainerCommands::cleanup);
        Command containerExists = Command.leaf("exists", "Check if a container exists in local storage",
                "exists CONTAINER", FlagSet::new, ContainerCommands::exists);
        Command containerInspect = Command.leaf("inspect", "Display the configuration of a container",
                "inspect [options] CONTAINER [CONTAINER...]", InspectCommands::containerFlags, InspectCommands::inspectContainer);
        Command exec = Command.leaf("exec", "Run a process in a running container",
                "exec [options] CONTAINER [COMMAND [ARG...]]", ExecCommands::execFlags, ExecCommands::exec)
                .stopFlagsAtFirstArgument().withDescription("Execute the specified command inside a running container.\n")
                .withExamples("peapod exec -it ctrID ls\npeapod exec -it -w /tmp myCtr pwd\npeapod exec --user root ctrID ls");
        Command pause = Command.leaf("pause", "Pause all the processes in one or more containers",
                "pause [options] CONTAINER [CONTAINER...]", ExecCommands::pauseFlags, ExecCommands::pause)
                .withDescription("Pauses one or more running containers.  The container name or ID can be used.")
                .withExamples("peapod pause mywebserver\npeapod pause 860a4b23\npeapod pause --all");
        Command update = Command.leaf("update", "update an existing container", "update [options] CONTAINER",
                ContainerCommands::updateFlags, ContainerCommands::update)
                .withDescription("Updates the cgroup configuration of a given container")
                .withExamples("peapod update --cpus=5 foobar_container");
        Command unpause = Command.leaf("unpause", "Unpause the processes in one or more containers",
                "unpause [options] CONTAINER [CONTAINER...]", ExecCommands::unpauseFlags, ExecCommands::unpause)
                .withDescription("Unpauses one or more previously paused containers.  The container name or ID can be used.")
                .withExamples("peapod unpause ctrID\npeapod unpause --all");
        Command top = Command.leaf("top", "Display the running processes of a container",
                "top [options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]", ExecCommands::topFlags, ExecCommands::top)
                .stopFlagsAtFirstArgument().withDescription(ExecCommands.TOP_DESCRIPTION)
                .withExamples("peapod top ctrID\npeapod top --latest\npeapod top ctrID pid seccomp args %C\npeapod top ctrID -eo user,pid,comm");
        Command port = Command.leaf("port", "List port mappings or a specific mapping for the container",
                "port [options] CONTAINER [PORT]", PortCommands::flags, PortCommands::port)
                .withDescription("List port mappings for the CONTAINER, or look up the public-facing port that is NAT-ed to the PRIVATE_PORT")
                .withExamples("peapod port --all\npeapod port ctrID 80/tcp\npeapod port --latest 80");
        Command stats = Command.leaf("stats", "Display a live stream of container resource usage statistics",
                "stats [options] [CONTAINER...]", StatsCommands::flags, StatsCommands::stats)
                .withDescription("Display percentage of CPU, memory, network I/O, block I/O and PIDs for one or more containers.")
                .withExamples("peapod stats --all --no-stream\npeapod stats ctrID\n"
                        + "peapod stats --no-stream --format \"table {{.ID}} {{.Name}} {{.MemUsage}}\" ctrID");
        Command cp = Command.leaf("cp", "Copy files/folders between a container and the local filesystem",
                "cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH", FileCommands::cpFlags, FileCommands::cp)
                .withDescription(FileCommands.CP_DESCRIPTION)
                .withExamples("peapod cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH");
        Command diff = Command.leaf("diff", "Display the changes to the object's file system",
                "diff [options] {CONTAINER|IMAGE} [{CONTAINER|IMAGE}]", FileCommands::diffFlags, FileCommands::diff)
                .withDescription("Displays changes on a container or image's filesystem.  The container or image will be compared to its parent layer or the second argument when given.")
                .withExamples("peapod diff imageID\npeapod diff ctrID\npeapod diff --format json redis:alpine");
        Command containerDiff = Command.leaf("diff", "Inspect changes to the container's file systems",
                "diff [options] CONTAINER [CONTAINER]", FileCommands::diffFlags, FileCommands::diff)
                .withDescription("Displays changes to the container filesystem's'.  The container will be compared to its parent layer or the second argument when given.")
                .withExamples("peapod container diff myCtr\npeapod container diff -l --format json myCtr");
        Command export = Command.leaf("export", "Export container's filesystem contents as a tar archive",
                "export [options] CONTAINER", FileCommands::exportFlags, FileCommands::export)
                .withDescription("Exports container's filesystem contents as a tar archive and saves it on the local machine.")
                .withExamples("peapod export ctrID > myCtr.tar\npeapod export --output=\"myCtr.tar\" ctrID");
        Command mount = Command.leaf("mount", "Mount a working container's root filesystem",
                "mount [options] [CONTAINER...]", FileCommands::mountFlags, FileCommands::mount)
                .withDescription(FileCommands.MOUNT_DESCRIPTION);
        Command unmount = Command.leaf("unmount", "Unmounts working container's root filesystem",
                "unmount [options] CONTAINER [CONTAINER...]", FileCommands::unmountFlags, FileCommands::unmount)
                .withAliases("umount").withDescription(FileCommands.UNMOUNT_DESCRIPTION)
                .withExamples("peapod unmount ctrID\npeapod unmount ctrID1 ctrID2 ctrID3\npeapod unmount --all");
        Command commit = Command.leaf("commit", "Create new image based on the changed container",
                "commit [options] CONTAINER [IMAGE]", CommitCommand::flags, CommitCommand::commit)
                .withDescription("Create an image from a container's changes. Optionally tag the image created, set the author with the --author flag, set the commit message with the --message flag, and make changes to the instructions with the --change flag.")
                .withExamples("peapod commit -q --message \"committing container to image\" reverent_golick image-committed\npeapod commit -q --author \"firstName lastName\" reverent_golick image-committed\npeapod commit -q --pause=false containerID image-committed\npeapod commit containerID");
        Command container = Command.group("container", "Manage containers", List.of(attach, cleanup, commit, cp, create,
                containerDiff, exec, containerExists, export,
                containerInspect, kill, ps.renamed("list", "list [options]").withAliases("ls", "ps"), logs, mount, pause,
                port, containerPrune, rename, restart, rmContainer, run, start, stats, stop, top, unmount, unpause, update, waitCmd));

        Command volumeCreate = Command.leaf("create", "Create a new volume", "create [options] [NAME]",
                VolumeCommands::createFlags, VolumeCommands::create)
                .withDescription("If using the default driver, \"local\", the volume will be created on the host in the volumes directory under container storage.")
                .withExamples("peapod volume create myvol\npeapod volume create\npeapod volume create --label foo=bar myvol");
        Command volumeExists = Command.leaf("exists", "Volume exists", "exists VOLUME", FlagSet::new, VolumeCommands::exists)
                .withDescription("If the given volume exists, podman volume exists exits with 0, otherwise the exit code will be 1.")
                .withExamples("peapod volume exists myvol");
        Command volumeInspect = Command.leaf("inspect", "Display detailed information on one or more volumes",
                "inspect [options] VOLUME [VOLUME...]", VolumeCommands::inspectFlags, VolumeCommands::inspect)
                .withDescription("Display detailed information on one or more volumes.\n\nUse a Go template to change the format from JSON.")
                .withExamples("peapod volume inspect myvol\npeapod volume inspect --all\npeapod volume inspect --format \"{{.Driver}} {{.Scope}}\" myvol");
        Command volumeList = Command.leaf("ls", "List volumes", "ls [options]", VolumeCommands::listFlags,
                VolumeCommands::list).withAliases("list")
                .withDescription("\npodman volume ls\n\nList all available volumes. The output of the volumes can be filtered\n"
                        + "and the output format can be changed to JSON or a user specified Go template.");
        Command volumePrune = Command.leaf("prune", "Remove all unused volumes", "prune [options]",
                VolumeCommands::pruneFlags, VolumeCommands::prune)
                .withDescription("Volumes that are not currently owned by a container will be removed.\n\n"
                        + "The command prompts for confirmation which can be overridden with the --force flag.\n"
                        + "Note all data will be destroyed.");
        Command volumeRm = Command.leaf("rm", "Remove one or more volumes", "rm [options] VOLUME [VOLUME...]",
                VolumeCommands::removeFlags, VolumeCommands::remove).withAliases("remove")
                .withDescription("Remove one or more existing volumes.\n\nBy default only volumes that are not being used by any "
                        + "containers will be removed. To remove the volumes anyways, use the --force flag.")
                .withExamples("peapod volume rm myvol1 myvol2\npeapod volume rm --all\npeapod volume rm --force myvol");
        Command manifest = Command.group("manifest", "Manipulate manifest lists and image indexes", List.of(
                Command.leaf("add", "Add images to a manifest list or image index", "add [options] LIST IMAGE [IMAGE...]",
                        ManifestCommands::addFlags, ManifestCommands::add),
                Command.leaf("annotate", "Add or update information about an entry in a manifest list or image index",
                        "annotate [options] LIST IMAGE", ManifestCommands::annotateFlags, ManifestCommands::annotate),
                Command.leaf("create", "Create manifest list or image index", "create [options] LIST [IMAGE...]",
                        ManifestCommands::createFlags, ManifestCommands::create),
                Command.leaf("exists", "Check if a manifest list exists in local storage", "exists MANIFEST",
                        FlagSet::new, ManifestCommands::exists),
                Command.leaf("inspect", "Display the contents of a manifest list or image index", "inspect IMAGE",
                        ManifestCommands::inspectFlags, ManifestCommands::inspect),
                Command.leaf("push", "Push a manifest list or image index to a registry", "push [options] LIST DESTINATION",
                        ManifestCommands::pushFlags, ManifestCommands::push),
                Command.leaf("remove", "Remove an entry from a manifest list or image index", "remove LIST IMAGE",
                        FlagSet::new, ManifestCommands::remove),
                Command.leaf("rm", "Remove manifest list or image index from local storage", "rm LIST [LIST...]",
                        FlagSet::new, ManifestCommands::rm)))
                .withDescription("Creates, modifies, and pushes manifest lists and image indexes.");
        Command volume = Command.group("volume", "Manage volumes",
                List.of(volumeCreate, volumeExists, volumeInspect, volumeList, volumePrune, volumeRm))
                .withDescription("Volumes are created in and can be shared between containers");

        Command network = Command.group("network", "Manage networks", List.of(
                Command.leaf("connect", "network connect", "connect [options] NETWORK CONTAINER",
                        NetworkCommands::connectFlags, NetworkCommands::connect)
                        .withDescription("Add container to a network")
                        .withExamples("peapod network connect web secondary"),
                Command.leaf("create", "network create", "create [options] [NAME]",
                        NetworkCommands::createFlags, NetworkCommands::create)
                        .withDescription("create networks for containers and pods")
                        .withExamples("peapod network create podman1"),
                // podman 4.3.1's disconnect calls itself "network rm" in its help
                Command.leaf("disconnect", "network rm", "disconnect [options] NETWORK CONTAINER",
                        NetworkCommands::disconnectFlags, NetworkCommands::disconnect)
                        .withDescription("Remove container from a network")
                        .withExamples("peapod network disconnect web secondary"),
                Command.leaf("exists", "network exists", "exists NETWORK", FlagSet::new, NetworkCommands::exists)
                        .withDescription("If the named network exists, podman network exists exits with 0, otherwise the exit code will be 1.")
                        .withExamples("peapod network exists net1"),
                Command.leaf("inspect", "Inspect network", "inspect [options] NETWORK [NETWORK...]",
                        NetworkCommands::inspectFlags, NetworkCommands::inspect)
                        .withDescription("Displays the network configuration for one or more networks.")
                        .withExamples("peapod network inspect podman"),
                Command.leaf("ls", "network list", "ls [options]", NetworkCommands::listFlags, NetworkCommands::list)
                        .withAliases("list").withDescription("List networks")
                        .withExamples("peapod network list"),
                Command.leaf("prune", "network prune", "prune [options]", NetworkCommands::pruneFlags, NetworkCommands::prune)
                        .withDescription("Prune unused networks")
                        .withExamples("peapod network prune"),
                Command.leaf("reload", "Reload firewall rules for one or more containers", "reload [options] [CONTAINER...]",
                        NetworkCommands::reloadFlags, NetworkCommands::reload)
                        .withDescription("reload container networks, recreating firewall rules")
                        .withExamples("peapod network reload --latest\npeapod network reload 3c13ef6dd843\npeapod network reload test1 test2"),
                Command.leaf("rm", "network rm", "rm [options] NETWORK [NETWORK...]",
                        NetworkCommands::removeFlags, NetworkCommands::remove).withAliases("remove")
                        .withDescription("Remove networks")
                        .withExamples("peapod network rm podman")))
                .withDescription("Manage networks");

        Command pod = Command.group("pod", "Manage pods", List.of(
                Command.leaf("clone", "Clone an existing pod", "clone [options] POD NAME",
                        PodCloneCommand::flags, PodCloneCommand::clone)
                        .withDescription("Create an exact copy of a pod and the containers within it")
                        .withExamples("peapod pod clone pod_name new_name"),
                Command.leaf("create", "Create a new empty pod", "create [options] [NAME]",
                        PodCommands::createFlags, PodCommands::create)
                        .withDescription("After creating the pod, the pod ID is printed to stdout.\n\n"
                                + "  You can then start it at any time with the  podman pod start <pod_id> command. "
                                + "The pod will be created with the initial state 'created'."),
                Command.leaf("exists", "Check if a pod exists in local storage", "exists POD", FlagSet::new, PodCommands::exists)
                        .withDescription("If the named pod exists in local storage, podman pod exists exits with 0, otherwise the exit code will be 1."),
                Command.leaf("inspect", "Displays a pod configuration", "inspect [options] POD [POD...]",
                        PodCommands::inspectFlags, PodCommands::inspect),
                Command.leaf("kill", "Send the specified signal or SIGKILL to containers in pod", "kill [options] POD [POD...]",
                        PodCommands::killFlags, PodCommands::kill),
                Command.leaf("logs", "Fetch logs for pod with one or more containers", "logs [options] POD",
                        PodCommands::logsFlags, PodCommands::logs),
                Command.leaf("pause", "Pause one or more pods", "pause [options] POD [POD...]",
                        PodCommands::allLatestFlags, PodCommands::pause),
                Command.leaf("prune", "Remove all stopped pods and their containers", "prune [options]",
                        PodCommands::pruneFlags, PodCommands::prune),
                Command.leaf("ps", "List pods", "ps [options]", PodCommands::psFlags, PodCommands::ps)
                        .withAliases("ls", "list"),
                Command.leaf("restart", "Restart one or more pods", "restart [options] POD [POD...]",
                        PodCommands::allLatestFlags, PodCommands::restart),
                Command.leaf("rm", "Remove one or more pods", "rm [options] POD [POD...]",
                        PodCommands::rmFlags, PodCommands::rm),
                Command.leaf("start", "Start one or more pods", "start [options] POD [POD...]",
                        PodCommands::startFlags, PodCommands::start),
                Command.leaf("stats", "Display a live stream of resource usage statistics for the containers in one or more pods",
                        "stats [options] [POD...]", StatsCommands::podFlags, StatsCommands::podStats)
                        .withDescription("Display the containers' resource-usage statistics of one or more running pod")
                        .withExamples("peapod pod stats\npeapod pod stats a69b23034235 named-pod\npeapod pod stats --latest\npeapod pod stats --all"),
                Command.leaf("stop", "Stop one or more pods", "stop [options] POD [POD...]",
                        PodCommands::stopFlags, PodCommands::stop),
                Command.leaf("top", "Display the running processes of containers in a pod",
                        "top [options] POD [FORMAT-DESCRIPTORS|ARGS...]", PodCommands::topFlags, PodCommands::top)
                        .stopFlagsAtFirstArgument(),
                Command.leaf("unpause", "Unpause one or more pods", "unpause [options] POD [POD...]",
                        PodCommands::allLatestFlags, PodCommands::unpause)))
                .withDescription("Pods are a group of one or more containers sharing the same network, pid and ipc namespaces.");

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
        Command events = Command.leaf("events", "Show podman events", "events [options]",
                        EventCommands::flags, EventCommands::events)
                .withDescription("Monitor podman events.\n\nBy default, streaming mode is used, printing new events as they occur.  Previous events can be listed via --since and --until.")
                .withExamples("peapod events\npeapod events --filter event=create\npeapod events --format {{.Image}}\npeapod events --since 1h30s");
        Command login = Command.leaf("login", "Login to a container registry", "login [options] [REGISTRY]",
                        LoginCommands::loginFlags, LoginCommands::login).withoutStore()
                .withDescription("Login to a container registry on a specified server.")
                .withExamples("peapod login quay.io\npeapod login --username ... --password ... quay.io\npeapod login --authfile dir/auth.json quay.io");
        Command logout = Command.leaf("logout", "Logout of a container registry", "logout [options] [REGISTRY]",
                        LoginCommands::logoutFlags, LoginCommands::logout).withoutStore()
                .withDescription("Remove the cached username and password for the registry.")
                .withExamples("peapod logout quay.io\npeapod logout --authfile dir/auth.json quay.io\npeapod logout --all");
        Command search = Command.leaf("search", "Search registry for image", "search [options] TERM",
                        SearchCommands::flags, SearchCommands::search).withoutStore()
                .withDescription(SearchCommands.DESCRIPTION).withExamples(SearchCommands.EXAMPLES);
        Command help = Command.leaf("help", "Help about any command", "help [command]", FlagSet::new, Commands::help);

        return new Command(Main.PROGRAM, List.of(), "Manage pods, containers and images",
                "[options] [command]", "Manage pods, containers and images", "", Commands::rootFlags, true, null, List.of(
                attach,
                build,
                Command.group("buildx", "Build images", List.of(build))
                        .withDescription("Build images"),
                commit,
                completion,
                container,
                cp,
                create,
                diff,
                events,
                exec,
                export,
                help,
                history,
                image,
                imp,
                info,
                Command.leaf("inspect", "Display the configuration of object denoted by ID",
                        "inspect [options] {CONTAINER|IMAGE} [...]", InspectCommands::flags, InspectCommands::inspect),
                load,
                login,
                logout,
                logs,
                mount,
                pause,
                port,
                ps,
                pull,
                push,
                rename,
                restart,
                imageList.renamed("images", "images [options] [IMAGE]"),
                kill,
                rmContainer,
                rm.renamed("rmi", "rmi [options] IMAGE [IMAGE...]"),
                run,
                save,
                search,
                start,
                stats,
                stop,
                system,
                tag,
                top,
                unmount,
                unpause,
                untag,
                update,
                version,
                manifest,
                network,
                pod,
                volume,
                waitCmd));
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

package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.EngineException;
import io.peapod.engine.PodCloneSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pod clone POD [NAME]}: the pod's settings and containers copied into a new pod (podman 4.3.1); the
 * pod-wide flags of pod create that are given replace the original's.
 */
final class PodCloneCommand {
    private PodCloneCommand() {}

    /** pod create's pod-wide flags that podman's clone takes too; --restart and --share-parent it has not. */
    private static final List<String> POD_FLAGS = List.of("cpus", "cpuset-cpus", "cpu-shares", "memory", "memory-swap",
            "volume", "device", "security-opt", "sysctl", "shm-size", "infra-conmon-pidfile", "userns", "uidmap", "gidmap",
            "subuidname", "subgidname");

    static FlagSet flags() {
        return PodFlags.add(new FlagSet()).hidden("restart").hidden("share-parent")
                .bool("destroy", '\0', "destroy the original pod")
                .string("hostname", 'h', "", "Set container hostname")
                .string("infra-command", '\0', "", "Overwrite the default ENTRYPOINT of the image")
                .string("infra-name", '\0', "", "Assign a name to the container")
                .stringArray("label", 'l', "Set metadata on container")
                .stringArray("label-file", '\0', "Read in a line delimited file of labels")
                .string("name", 'n', "", "name the new pod")
                .bool("start", '\0', "start the new pod");
    }

    static int clone(Invocation inv) {
        if (inv.args.isEmpty() || inv.args.size() > 2) {
            throw new UsageException("accepts between 1 and 2 arg(s), received " + inv.args.size());
        }
        ParsedFlags f = inv.flags;
        String name = inv.args.size() == 2 ? inv.args.get(1) : f.string("name");
        Map<String, String> labels = PodCommands.labels(f);
        Set<String> changed = new HashSet<>();
        for (String flag : POD_FLAGS) {
            if (f.changed(flag)) {
                changed.add(flag);
            }
        }
        PodCloneSpec spec = new PodCloneSpec(name, labels, f.string("hostname"), f.string("infra-name"),
                f.string("infra-command"), f.bool("destroy"), f.bool("start"), PodFlags.parse(f), changed);
        inv.out.println(inv.pods().clonePod(inv.args.getFirst(), spec));
        return 0;
    }
}

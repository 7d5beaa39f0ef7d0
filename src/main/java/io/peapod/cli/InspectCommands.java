package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;

import java.util.ArrayList;
import java.util.List;

/** {@code inspect} (containers first, then images, as podman's --type all) and {@code container inspect}. */
final class InspectCommands {
    private InspectCommands() {}

    static FlagSet flags() {
        return new FlagSet()
                .string("format", 'f', "json", "Format the output to a Go template or json")
                .string("type", 't', "all", "Specify inspect-object type (\"image\", \"container\" or \"all\")")
                .bool("size", 's', "Display total file size");
    }

    static FlagSet containerFlags() {
        return new FlagSet()
                .string("format", 'f', "json", "Format the output to a Go template or json")
                .bool("latest", 'l', "Act on the latest container podman is aware of")
                .bool("size", 's', "Display total file size");
    }

    static int inspect(Invocation inv) {
        String type = inv.flags.string("type");
        if (!List.of("image", "container", "volume", "all").contains(type)) {
            throw new EngineException("invalid type \"" + type
                    + "\": must be \"image\", \"container\", \"pod\", \"network\", \"volume\", or \"all\"");
        }
        return print(inv, type);
    }

    static int inspectContainer(Invocation inv) {
        return print(inv, "container");
    }

    private static int print(Invocation inv, String type) {
        Args.atLeast(inv.args, 1);
        List<Object> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : inv.args) {
            boolean container = (type.equals("container") || type.equals("all")) && inv.containers().containerExists(name);
            if (container) {
                docs.add(inv.containers().inspectContainer(name));
            } else if ((type.equals("image") || type.equals("all")) && inv.images().exists(name)) {
                docs.add(inv.images().inspect(name));
            } else if ((type.equals("volume") || type.equals("all")) && inv.volumes().volumeExists(name)) {
                docs.add(VolumeCommands.jsonView(inv.volumes().inspectVolume(name)));
            } else {
                errors.add(type.equals("volume") ? "no such volume " + name : type.equals("container") ? "no such container " + name
                        : type.equals("image") ? name + ": image not known" : "no such object: \"" + name + "\"");
            }
        }
        String format = inv.flags.string("format");
        if (Output.isJson(format) || format.isEmpty()) {
            Output.inspectJson(inv.out, docs);
        } else {
            for (Object d : docs) {
                Output.one(inv.out, format, d);
            }
        }
        if (!errors.isEmpty()) {
            throw new EngineException("inspecting object: " + Errors.combine(errors));
        }
        return 0;
    }
}

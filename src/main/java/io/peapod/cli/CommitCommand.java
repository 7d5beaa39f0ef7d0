package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;

import java.nio.file.Path;
import java.util.List;

/** {@code commit}: a new image of a container's changes. */
final class CommitCommand {
    private CommitCommand() {}

    static FlagSet flags() {
        return new FlagSet()
                .string("author", 'a', "", "Set the author for the image committed")
                .stringArray("change", 'c', "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR")
                .string("format", 'f', "oci", "Format of the image manifest and metadata")
                .string("iidfile", '\0', "", "file to write the image ID to")
                .bool("include-volumes", '\0', "Include container volumes as image volumes")
                .string("message", 'm', "", "Set commit message for imported image")
                .bool("pause", 'p', "Pause container during commit")
                .bool("quiet", 'q', "Suppress output")
                .bool("squash", 's', "squash newly built layers into a single new layer");
    }

    static int commit(Invocation inv) {
        if (inv.args.isEmpty() || inv.args.size() > 2) {
            throw new UsageException("accepts between 1 and 2 arg(s), received " + inv.args.size());
        }
        String format = inv.flags.string("format");
        if (!format.equals("oci") && !format.equals("docker")) {
            throw new EngineException("unrecognized image format \"" + format + "\"");
        }
        String iid = inv.flags.string("iidfile");
        List<String> changes = inv.flags.list("change");
        String id = inv.files().commit(new FilesEngine.CommitOptions(inv.args.getFirst(),
                inv.args.size() > 1 ? inv.args.get(1) : null, inv.flags.string("message"), inv.flags.string("author"),
                changes, format, inv.flags.bool("pause"), inv.flags.bool("squash"), iid.isEmpty() ? null : Path.of(iid),
                inv.flags.bool("include-volumes")), inv.flags.bool("quiet") ? null : inv.err);
        inv.out.println(id);
        return 0;
    }
}

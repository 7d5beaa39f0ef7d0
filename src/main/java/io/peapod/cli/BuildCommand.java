package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.BuildEngine;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code build}, {@code image build}, {@code buildx build}: an image from a Containerfile, with podman 4.3.1's flags. */
final class BuildCommand {
    private BuildCommand() {}

    static FlagSet flags() {
        return new FlagSet()
                .stringArray("annotation", '\0', "Set metadata for an image (default [])")
                .stringArray("build-arg", '\0', "argument=value to supply to the builder")
                .stringArray("build-arg-file", '\0', "argfile.conf containing lines of argument=value to supply to the builder")
                .stringArray("cap-add", '\0', "add the specified capability when running (default [])")
                .stringArray("cap-drop", '\0', "drop the specified capability when running (default [])")
                .stringArray("file", 'f', "pathname or URL of a Dockerfile")
                .bool("force-rm", '\0', "always remove intermediate containers after a build, even if the build is unsuccessful.")
                .string("format", '\0', "oci", "format of the built image's manifest and metadata. Use BUILDAH_FORMAT environment variable to override.")
                .string("iidfile", '\0', "", "Write the image ID to the file")
                .string("isolation", '\0', "oci", "`type` of process isolation to use. Use BUILDAH_ISOLATION environment variable to override.")
                .stringArray("label", '\0', "Set metadata for an image (default [])")
                .bool("layers", '\0', true, "Cache intermediate layers during build. Use BUILDAH_LAYERS environment variable to override.")
                .string("network", '\0', "", "Sets the configuration for network namespaces when handling RUN instructions")
                .bool("no-cache", '\0', "Do not use existing cached images for the container build. Build from the start with a new set of cached layers.")
                .string("pull", '\0', "missing", "Pull image policy (\"always\"|\"missing\"|\"never\"|\"newer\")")
                .noOptDefault("pull", "always")
                .bool("quiet", 'q', "refrain from announcing build instructions and image read/write progress")
                .bool("rm", '\0', true, "Remove intermediate containers after a successful build")
                .stringArray("secret", '\0', "secret file to expose to the build")
                .bool("squash", '\0', "squash all image layers into a single layer")
                .stringArray("ssh", '\0', "SSH agent socket or keys to expose to the build. (format: default|<id>[=<socket>|<key>[,<key>]])")
                .bool("squash-all", '\0', "Squash all layers into a single layer")
                .stringArray("tag", 't', "tagged `name` to apply to the built image")
                .string("target", '\0', "", "set the target build stage to build")
                .stringArray("ulimit", '\0', "ulimit options")
                .stringArray("volume", 'v', "bind mount a volume into the container");
    }

    static int build(Invocation inv) throws IOException {
        if (inv.args.size() > 1) {
            throw new UsageException("accepts at most 1 arg(s), received " + inv.args.size());
        }
        String format = inv.flags.string("format");
        if (!format.equals("oci") && !format.equals("docker")) {
            throw new EngineException("unrecognized image type \"" + format + "\"");
        }
        String pull = switch (inv.flags.string("pull")) {
            case "true", "always" -> "always";
            case "false", "missing", "" -> "missing";
            case "never" -> "never";
            case "newer" -> "newer";
            default -> throw new EngineException("unsupported pull policy \"" + inv.flags.string("pull") + "\"");
        };
        String contextArg = inv.args.isEmpty() ? "." : inv.args.getFirst();
        List<String> files = inv.flags.list("file");
        boolean stdinContext = contextArg.equals("-");
        Path contextDir = stdinContext ? null : Path.of(contextArg).toAbsolutePath().normalize();
        if (contextDir != null && !Files.isDirectory(contextDir)) {
            throw new EngineException("context must be a directory: \"" + contextDir + "\"");
        }
        String fileName;
        String text;
        if (files.size() > 0 && files.getFirst().equals("-")) {
            if (stdinContext) {
                throw new EngineException("cannot read the Containerfile and the context both from stdin");
            }
            fileName = "-";
            text = new String(inv.in.readAllBytes(), StandardCharsets.UTF_8);
        } else if (!files.isEmpty()) {
            Path f = Path.of(files.getFirst());
            if (!Files.isRegularFile(f) && contextDir != null && Files.isRegularFile(contextDir.resolve(files.getFirst()))) {
                f = contextDir.resolve(files.getFirst());
            }
            if (!Files.isRegularFile(f)) {
                throw new EngineException("stat " + (contextDir == null ? f.toAbsolutePath()
                        : contextDir.resolve(files.getFirst())) + ": no such file or directory");
            }
            fileName = f.toAbsolutePath().normalize().toString();
            text = Files.readString(f, StandardCharsets.UTF_8);
        } else if (stdinContext) {
            fileName = null;
            text = null;
        } else {
            Path f = Files.isRegularFile(contextDir.resolve("Containerfile")) ? contextDir.resolve("Containerfile")
                    : contextDir.resolve("Dockerfile");
            if (!Files.isRegularFile(f)) {
                throw new EngineException("stat " + f + ": no such file or directory");   // podman 4.3.1's words
            }
            fileName = f.toString();
            text = Files.readString(f, StandardCharsets.UTF_8);
        }
        Map<String, String> buildArgs = new LinkedHashMap<>();
        for (String file : inv.flags.list("build-arg-file")) {
            buildArgs.putAll(KeyValueFiles.read(Path.of(file), KeyValueFiles.Kind.LABEL, System.getenv()));
        }
        for (String a : inv.flags.list("build-arg")) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                String v = System.getenv(a);
                if (v != null) {
                    buildArgs.put(a, v);
                }
            } else {
                buildArgs.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        List<MountRequest> volumes = new ArrayList<>();
        for (String v : inv.flags.list("volume")) {
            volumes.add(MountFlags.volume(v));
        }
        Path iid = inv.flags.string("iidfile").isEmpty() ? null : Path.of(inv.flags.string("iidfile"));
        BuildEngine.BuildRequest request = new BuildEngine.BuildRequest(contextDir, stdinContext ? inv.in : null,
                fileName, text, inv.flags.list("tag"), buildArgs, inv.flags.string("target"), iid,
                inv.flags.bool("quiet"), inv.flags.bool("rm"), inv.flags.bool("force-rm"), inv.flags.bool("no-cache"),
                inv.flags.bool("layers"), pairs(inv.flags.list("label")), pairs(inv.flags.list("annotation")), format, pull,
                inv.flags.bool("squash"), inv.flags.bool("squash-all"), inv.flags.string("network"),
                CreateFlags.ulimits(inv.flags.list("ulimit")), inv.flags.list("cap-add"), volumes,
                secrets(inv.flags.list("secret"))).withRun(BuildRunFlags.parse(inv.flags));
        inv.builds().build(request, inv.out, inv.err);
        return 0;
    }

    /** {@code --secret id=ID,src=FILE} (or {@code env=VAR}: the variable's value, spooled to a private file). */
    private static Map<String, Path> secrets(List<String> values) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String v : values) {
            String id = null;
            String src = null;
            String env = null;
            for (String part : v.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part : part.substring(0, eq);
                String val = eq < 0 ? "" : part.substring(eq + 1);
                switch (key) {
                    case "id" -> id = val;
                    case "src", "source" -> src = val;
                    case "env" -> env = val;
                    case "type" -> {
                    }
                    default -> throw new EngineException("incorrect secret flag format: should be --secret id=foo,src=bar");
                }
            }
            if (id == null || id.isEmpty() || (src == null && env == null)) {
                throw new EngineException("incorrect secret flag format: should be --secret id=foo,src=bar");
            }
            Path file;
            if (src != null) {
                file = Path.of(src).toAbsolutePath();
                if (!Files.isRegularFile(file)) {
                    throw new EngineException("could not parse secrets: stat " + src + ": no such file or directory");
                }
            } else {
                String value = System.getenv(env);
                file = Files.createTempFile("peapod-secret-", "");
                file.toFile().deleteOnExit();
                Files.writeString(file, value == null ? "" : value);
            }
            out.put(id, file);
        }
        return out;
    }

    private static Map<String, String> pairs(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            out.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
        }
        return out;
    }
}

package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.HistoryEntry;
import io.peapod.engine.ImageSummary;
import io.peapod.engine.ImportOptions;
import io.peapod.engine.RemoveReport;
import io.peapod.engine.SaveOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The local image commands: images, inspect, exists, history, tag, untag, rmi, prune, load, save, import. */
final class ImageCommands {
    private ImageCommands() {}

    static final String IMAGES_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    static final String IMAGES_DIGEST_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    static final List<String> IMAGE_FIELDS = List.of("ID", "Repository", "Tag", "Digest", "Created", "CreatedAt",
            "CreatedSince", "CreatedTime", "Size", "ReadOnly", "History", "Containers", "Labels", "Names", "Dangling");
    static final Map<String, String> IMAGE_HEADERS = Map.of("ID", "IMAGE ID", "ReadOnly", "R/O", "CreatedSince", "CREATED",
            "CreatedTime", "CREATED");

    // ---- images -------------------------------------------------------------------------------

    static FlagSet listFlags() {
        return new FlagSet()
                .bool("all", 'a', "Show all images (default hides intermediate images)")
                .bool("digests", '\0', "Show digests")
                .stringArray("filter", 'f', "Filter output based on conditions provided (default [])")
                .string("format", '\0', "", "Change the output format to JSON or a Go template")
                .bool("history", '\0', "Display the image name history")
                .bool("no-trunc", '\0', "Do not truncate output")
                .bool("noheading", 'n', "Do not print column headings")
                .bool("quiet", 'q', "Display only image IDs")
                .string("sort", '\0', "created", "Sort by created, id, repository, size, tag");
    }

    static int list(Invocation inv) {
        Args.atMost(inv.args, 1);
        String sort = inv.flags.string("sort");
        if (!List.of("created", "id", "repository", "size", "tag").contains(sort)) {
            throw new EngineException("\"" + sort + "\" is not a valid field for sorting. Choose from: size, tag, created, id, repository");
        }
        List<String> filters = new ArrayList<>(inv.flags.list("filter"));
        if (!inv.args.isEmpty()) {
            filters.add("reference=" + inv.args.getFirst());
        }
        List<ImageSummary> images = inv.images().list(true);
        ImageFilters filter = ImageFilters.parse(filters, images);
        if (!inv.flags.bool("all")) {
            images = inv.images().list(false);   // without a build's intermediate images (podman: only with -a)
        }
        images = images.stream().filter(filter::matches).toList();
        boolean noTrunc = inv.flags.bool("no-trunc");
        String format = inv.flags.string("format");
        if (Output.isJson(format)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (ImageSummary s : newestFirst(images)) {
                docs.add(jsonSummary(s));
            }
            Output.json(inv.out, docs);
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImageSummary s : images) {
            rows.addAll(rowsOf(s, noTrunc, filter));
        }
        rows.sort(rowOrder(sort));
        if (inv.flags.bool("quiet")) {
            java.util.Set<Object> seen = new java.util.LinkedHashSet<>();
            for (Map<String, Object> r : rows) {
                seen.add(r.get("ID"));
            }
            seen.forEach(inv.out::println);
            return 0;
        }
        if (format.isEmpty()) {
            format = inv.flags.bool("digests") ? IMAGES_DIGEST_FORMAT : IMAGES_FORMAT;
        }
        Output.rows(inv.out, format, rows, IMAGE_FIELDS, IMAGE_HEADERS, inv.flags.bool("noheading"));
        return 0;
    }

    private static List<ImageSummary> newestFirst(List<ImageSummary> images) {
        return images.stream().sorted(Comparator.comparingLong(ImageSummary::Created).reversed()).toList();
    }

    /** podman prints one row per repository:tag, and a {@code <none>} row for an unnamed image. */
    private static List<Map<String, Object>> rowsOf(ImageSummary s, boolean noTrunc, ImageFilters filter) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> names = s.Names().stream().filter(filter::matchesName).toList();
        if (names.isEmpty()) {
            rows.add(row(s, "<none>", "<none>", noTrunc));
        }
        for (String name : names) {
            int at = name.indexOf('@');
            int colon = name.lastIndexOf(':');
            if (at >= 0) {
                rows.add(row(s, name.substring(0, at), "<none>", noTrunc));
            } else if (colon > name.lastIndexOf('/')) {
                rows.add(row(s, name.substring(0, colon), name.substring(colon + 1), noTrunc));
            } else {
                rows.add(row(s, name, "<none>", noTrunc));
            }
        }
        return rows;
    }

    private static Map<String, Object> row(ImageSummary s, String repo, String tag, boolean noTrunc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ID", noTrunc ? "sha256:" + s.Id() : s.Id().substring(0, 12));
        r.put("Repository", repo);
        r.put("Tag", tag);
        r.put("Digest", s.Digest());
        r.put("Created", Human.ago(s.Created()));
        r.put("CreatedAt", Human.goTime(s.Created()));
        r.put("CreatedSince", Human.ago(s.Created()));
        r.put("CreatedTime", Human.goTime(s.Created()));
        r.put("Size", Human.size(s.Size()));
        r.put("ReadOnly", s.ReadOnly());
        r.put("History", String.join(", ", s.Names()));
        r.put("Containers", s.Containers());
        r.put("Labels", s.Labels());
        r.put("Names", s.Names());
        r.put("Dangling", s.Dangling());
        r.put("Id", s.Id());
        r.put("createdUnix", s.Created());
        r.put("sizeBytes", s.Size());
        return r;
    }

    private static Comparator<Map<String, Object>> rowOrder(String sort) {
        return switch (sort) {
            case "id" -> Comparator.comparing(r -> r.get("Id").toString());
            case "repository" -> Comparator.comparing(r -> r.get("Repository").toString());
            case "tag" -> Comparator.comparing(r -> r.get("Tag").toString());
            case "size" -> Comparator.comparingLong(r -> (Long) r.get("sizeBytes"));
            default -> Comparator.<Map<String, Object>>comparingLong(r -> (Long) r.get("createdUnix")).reversed();
        };
    }

    /** {@code images --format json}: podman's field names and quirks (RepoTags is null, Labels null when empty). */
    private static Map<String, Object> jsonSummary(ImageSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", s.Id());
        m.put("ParentId", s.ParentId());
        m.put("RepoTags", null);
        m.put("RepoDigests", s.RepoDigests());
        m.put("Size", s.Size());
        m.put("SharedSize", s.SharedSize());
        m.put("VirtualSize", s.VirtualSize());
        m.put("Labels", s.Labels().isEmpty() ? null : s.Labels());
        m.put("Containers", s.Containers());
        m.put("Names", s.Names().isEmpty() ? null : s.Names());
        m.put("Digest", s.Digest());
        m.put("History", s.Names().isEmpty() ? null : s.Names().reversed());
        m.put("Created", s.Created());
        m.put("CreatedAt", s.CreatedAt());
        return m;
    }

    // ---- inspect, exists, history ---------------------------------------------------------------

    static FlagSet inspectFlags() {
        return new FlagSet().string("format", 'f', "json", "Format the output to a Go template or json");
    }

    static int inspect(Invocation inv) {
        Args.atLeast(inv.args, 1);
        String format = inv.flags.string("format");
        List<Object> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : inv.args) {
            try {
                docs.add(inv.images().inspect(name));
            } catch (EngineException e) {
                errors.add(e.getMessage());
            }
        }
        if (Output.isJson(format) || format.isEmpty()) {
            Output.inspectJson(inv.out, docs);
        } else {
            for (Object d : docs) {
                Output.one(inv.out, format, d);
            }
        }
        if (!errors.isEmpty()) {
            for (int i = 0; i < errors.size() - 1; i++) {
                inv.err.println("Error: " + errors.get(i));
            }
            throw new EngineException(errors.getLast());
        }
        return 0;
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return inv.images().exists(inv.args.getFirst()) ? 0 : 1;
    }

    static FlagSet historyFlags() {
        return new FlagSet()
                .string("format", '\0', "", "Change the output to JSON or a Go template")
                .bool("human", 'H', true, "Display sizes and dates in human readable format")
                .bool("no-trunc", '\0', "Do not truncate the output")
                .bool("notruncate", '\0', "Do not truncate the output")
                .hidden("notruncate")
                .bool("quiet", 'q', "Display the numeric IDs only");
    }

    static int history(Invocation inv) {
        Args.exactly(inv.args, 1);
        List<HistoryEntry> entries = inv.images().history(inv.args.getFirst());
        String format = inv.flags.string("format");
        boolean noTrunc = inv.flags.bool("no-trunc") || inv.flags.bool("notruncate");
        boolean human = inv.flags.bool("human");
        if (Output.isJson(format)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (HistoryEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.ID());
                m.put("created", new io.peapod.engine.Timestamp(e.Created() * 1_000_000_000L));
                m.put("CreatedBy", e.CreatedBy());
                m.put("size", e.Size());
                m.put("comment", e.Comment());
                docs.add(m);
            }
            Output.json(inv.out, docs);
            return 0;
        }
        if (inv.flags.bool("quiet")) {
            entries.forEach(e -> inv.out.println(shortId(e.ID(), noTrunc)));
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HistoryEntry e : entries) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ID", shortId(e.ID(), noTrunc));
            r.put("Created", human ? Human.ago(e.Created()) : Human.goTime(e.Created()));
            r.put("CreatedBy", noTrunc || e.CreatedBy().length() <= 45 ? e.CreatedBy() : e.CreatedBy().substring(0, 42) + "...");
            r.put("Size", human ? Human.size(e.Size()) : String.valueOf(e.Size()));
            r.put("Comment", e.Comment());
            r.put("Tags", e.Tags());
            r.put("CreatedAt", Human.goTime(e.Created()));
            r.put("CreatedSince", Human.ago(e.Created()));
            rows.add(r);
        }
        if (format.isEmpty()) {
            format = "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        }
        Output.rows(inv.out, format, rows, List.of("ID", "Created", "CreatedBy", "Size", "Comment", "Tags",
                "CreatedAt", "CreatedSince"), Map.of("CreatedBy", "CREATED BY", "CreatedSince", "CREATED"), false);
        return 0;
    }

    private static String shortId(String id, boolean noTrunc) {
        if (id.equals("<missing>")) {
            return id;
        }
        return noTrunc ? "sha256:" + id : id.substring(0, 12);
    }

    static FlagSet treeFlags() {
        return new FlagSet().bool("whatrequires", '\0', "Show all child images and layers of the specified image");
    }

    /** {@code image tree}: the image and its layers, drawn as podman draws them. */
    static int tree(Invocation inv) {
        Args.exactly(inv.args, 1);
        String name = inv.args.getFirst();
        ImageSummary image = inv.images().list(true).stream()
                .filter(s -> s.Id().equals(inspectId(inv, name))).findFirst()
                .orElseThrow(() -> new EngineException(name + ": image not known"));
        List<io.peapod.engine.LayerSummary> layers = inv.images().layers(name);
        StringBuilder b = new StringBuilder();
        b.append("Image ID: ").append(image.Id(), 0, 12).append('\n');
        b.append("Tags:     [").append(String.join(" ", image.Names())).append("]\n");
        b.append("Size:     ").append(Human.compactSize(image.Size())).append('\n');
        b.append("Image Layers\n");
        for (int i = 0; i < layers.size(); i++) {
            io.peapod.engine.LayerSummary l = layers.get(i);
            b.append(i == layers.size() - 1 ? "└── " : "├── ").append("ID: ").append(l.id(), 0, 12)
                    .append(" Size: ").append(Human.compactSize(l.size()));
            if (!l.topLayerOf().isEmpty()) {
                b.append(" Top Layer of: [").append(String.join(" ", l.topLayerOf())).append(']');
            }
            b.append('\n');
        }
        inv.out.print(b);
        return 0;
    }

    private static String inspectId(Invocation inv, String name) {
        return String.valueOf(inv.images().inspect(name).get("Id"));
    }

    // ---- tag, untag, rmi, prune ------------------------------------------------------------------

    static int tag(Invocation inv) {
        Args.atLeast(inv.args, 2);
        inv.images().tag(inv.args.getFirst(), inv.args.subList(1, inv.args.size()));
        return 0;
    }

    static int untag(Invocation inv) {
        Args.atLeast(inv.args, 1);
        inv.images().untag(inv.args.getFirst(), inv.args.subList(1, inv.args.size()));
        return 0;
    }

    static FlagSet removeFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove all images")
                .bool("force", 'f', "Force Removal of the image")
                .bool("ignore", 'i', "Ignore errors if a specified image does not exist");
    }

    static int remove(Invocation inv) {
        boolean all = inv.flags.bool("all");
        if (inv.args.isEmpty() && !all) {
            throw new EngineException("image name or ID must be specified");
        }
        if (!inv.args.isEmpty() && all) {
            throw new EngineException("when using the --all switch, you may not pass any images names or IDs");
        }
        RemoveReport report = inv.images().remove(inv.args, inv.flags.bool("force"), all);
        report.untagged().forEach(n -> inv.out.println("Untagged: " + n));
        report.deleted().forEach(id -> inv.out.println("Deleted: " + id));
        List<String> errors = inv.flags.bool("ignore")
                ? report.errors().stream().filter(e -> !e.endsWith("image not known")).toList() : report.errors();
        if (errors.isEmpty()) {
            return 0;
        }
        throw new EngineException(Errors.combine(errors), report.exitCode() == 0 ? 125 : report.exitCode());
    }

    static FlagSet pruneFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove all images not in use by containers, not just dangling ones")
                .bool("external", '\0', "Remove images even when they are used by external containers (e.g., by build containers)")
                .stringArray("filter", '\0', "Provide filter values (e.g. 'label=<key>=<value>')")
                .bool("force", 'f', "Do not prompt for confirmation");
    }

    static int prune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.list("filter").isEmpty()) {
            throw new EngineException("image prune --filter is not supported yet");
        }
        if (!inv.flags.bool("force")) {
            inv.out.print(inv.flags.bool("all")
                    ? "WARNING! This command removes all images without at least one container associated with them.\n"
                    : "WARNING! This command removes all dangling images.\n");
            inv.out.print("Are you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) {
                return 0;
            }
        }
        inv.images().prune(inv.flags.bool("all")).forEach(inv.out::println);
        return 0;
    }

    // ---- load, save, import --------------------------------------------------------------------

    static FlagSet loadFlags() {
        return new FlagSet()
                .string("input", 'i', "", "Read from specified archive file (default: stdin)")
                .bool("quiet", 'q', "Suppress the output");
    }

    static int load(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        String input = inv.flags.string("input");
        if (input.isEmpty() && System.console() != null && System.console().isTerminal()) {
            throw new EngineException("cannot read from terminal, use command-line redirection or the --input flag");
        }
        List<String> names = inv.images().load(input.isEmpty() ? null : Path.of(input), inv.in);
        // podman prints the loaded names even with --quiet, which only silences copy progress.
        inv.out.println("Loaded image: " + String.join("\nLoaded image: ", names));
        return 0;
    }

    static FlagSet saveFlags() {
        return new FlagSet()
                .bool("compress", '\0', "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)")
                .string("format", '\0', "docker-archive", "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, docker-dir (directory with v2s2 manifest type)")
                .bool("multi-image-archive", 'm', "Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)")
                .string("output", 'o', "", "Write to a specified file (default: stdout, which must be redirected)")
                .bool("quiet", 'q', "Suppress the output")
                .bool("uncompressed", '\0', "Accept uncompressed layers when copying OCI images");
    }

    static int save(Invocation inv) {
        Args.atLeast(inv.args, 1);
        String output = inv.flags.string("output");
        if (output.isEmpty() && System.console() != null && System.console().isTerminal()) {
            throw new EngineException("refusing to save to terminal. Use -o flag or redirect");
        }
        List<String> images = inv.args;
        if (images.size() > 1 && !inv.flags.bool("multi-image-archive") && !inv.flags.string("format").equals("docker-archive")) {
            throw new EngineException("--multi-image-archive can only be used with docker-archive");
        }
        inv.images().save(new SaveOptions(images, inv.flags.string("format"), output.isEmpty() ? null : Path.of(output),
                inv.flags.bool("multi-image-archive")), inv.out);
        return 0;
    }

    static FlagSet importFlags() {
        return new FlagSet()
                .string("arch", '\0', "", "Set the architecture of the imported image")
                .stringArray("change", 'c', "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR")
                .string("message", 'm', "", "Set commit message for imported image")
                .string("os", '\0', "", "Set the OS of the imported image")
                .bool("quiet", 'q', "Suppress output")
                .string("variant", '\0', "", "Set the variant of the imported image");
    }

    static int importImage(Invocation inv) {
        Args.atLeast(inv.args, 1);
        Args.atMost(inv.args, 2);
        String source = inv.args.getFirst();
        String reference = inv.args.size() > 1 ? inv.args.get(1) : null;
        if (source.startsWith("http://") || source.startsWith("https://")) {
            throw new EngineException("importing from a URL is not supported yet: download the file first");
        }
        String id = inv.images().importImage(new ImportOptions(source.equals("-") ? null : Path.of(source), reference,
                inv.flags.list("change"), inv.flags.string("message"), inv.flags.string("os"), inv.flags.string("arch")), inv.in);
        inv.out.println(id);
        return 0;
    }
}

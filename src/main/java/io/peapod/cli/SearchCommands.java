package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.RegistryEngine.SearchRequest;
import io.peapod.engine.RegistryEngine.SearchResult;
import io.peapod.engine.RegistryFlags;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code search}: podman 4.3.1's flags, checks in its order, columns and JSON. */
final class SearchCommands {
    private SearchCommands() {}

    static final String DESCRIPTION = "Search registries for a given image. Can search all the default registries or a specific registry.\n\n"
            + "\tUsers can limit the number of results, and filter the output based on certain conditions.";
    static final String EXAMPLES = "peapod search --filter=is-official --limit 3 alpine\n"
            + "peapod search registry.fedoraproject.org/  # only works with v2 registries\n"
            + "peapod search --format \"table {{.Index}} {{.Name}}\" registry.fedoraproject.org/fedora";

    /** The fields of podman's ImageSearchReport, in order: header row and JSON keys. */
    private static final List<String> FIELDS = List.of("Index", "Name", "Description", "Stars", "Official", "Automated", "Tag");

    /** containers/common's report.IsJSON: {@code json} or {@code {{json .}}}. */
    private static final Pattern JSON = Pattern.compile("^\\s*(json|\\{\\{\\s*json\\s*(\\.)?\\s*}})\\s*$");

    static FlagSet flags() {
        return new FlagSet()
                .string("authfile", '\0', "", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .bool("compatible", '\0', "List stars, official and automated columns (Docker compatibility)")
                .stringSlice("filter", 'f', "Filter output based on conditions provided (default [])")
                .string("format", '\0', "", "Change the output format to JSON or a Go template")
                .integer("limit", '\0', 0, "Limit the number of results")
                .bool("list-tags", '\0', "List the tags of the input registry")
                .bool("no-trunc", '\0', "Do not truncate the output")
                .bool("tls-verify", '\0', true, "Require HTTPS and verify certificates when contacting registries");
    }

    static int search(Invocation inv) {
        Args.exactly(inv.args, 1);
        boolean listTags = inv.flags.bool("list-tags");
        List<String> filters = inv.flags.list("filter");
        if (listTags && !filters.isEmpty()) {
            throw new EngineException("filters are not applicable to list tags result");
        }
        Boolean tlsVerify = inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null;
        String authFile = inv.flags.string("authfile");
        if (!authFile.isEmpty() && !Files.exists(Path.of(authFile))) {
            throw new EngineException("stat " + authFile + ": no such file or directory");
        }
        long limit = inv.flags.integer("limit");
        int clamped = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit));
        boolean noTrunc = inv.flags.bool("no-trunc");
        List<SearchResult> results = inv.registries().search(new SearchRequest(inv.args.getFirst(), clamped, listTags,
                filters, new RegistryFlags("", authFile, "", tlsVerify)));
        if (results.isEmpty()) {
            return 0;
        }
        String format = inv.flags.string("format");
        boolean json = JSON.matcher(format).matches();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SearchResult r : results) {
            String d = r.description().replace("\n", " ");
            if (!(noTrunc || json)) {
                d = truncate(d);
            }
            rows.add(row(r, d));
        }
        if (listTags) {
            if (json) {
                inv.out.println(GoJson.indent(tagsJson(results)));
                return 0;
            }
            Output.rows(inv.out, "table {{.Name}}\t{{.Tag}}", rows, FIELDS, Map.of(), false);
            return 0;
        }
        if (json) {
            inv.out.println(GoJson.indent(rows));
            return 0;
        }
        if (!inv.flags.changed("format")) {
            format = inv.flags.bool("compatible")
                    ? "table {{.Name}}\t{{.Description}}\t{{.Stars}}\t{{.Official}}\t{{.Automated}}"
                    : "table {{.Name}}\t{{.Description}}";
        }
        Output.rows(inv.out, format, rows, FIELDS, Map.of(), false);
        return 0;
    }

    private static Map<String, Object> row(SearchResult r, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Index", r.index());
        m.put("Name", r.name());
        m.put("Description", description);
        m.put("Stars", r.stars());
        m.put("Official", r.official());
        m.put("Automated", r.automated());
        m.put("Tag", r.tag());
        return m;
    }

    /** The CLI's cut: 44 bytes, trailing space trimmed, "..." (Go slices the UTF-8 bytes). */
    static String truncate(String d) {
        byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 44) {
            return d;
        }
        return new String(bytes, 0, 44, StandardCharsets.UTF_8).strip() + "...";
    }

    /** {@code --list-tags --format json}: one entry per repository with its tags (podman's buildListTagsJSON). */
    private static List<Map<String, Object>> tagsJson(List<SearchResult> results) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (SearchResult r : results) {
            byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r.tag());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byName.forEach((name, tags) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", name);
            m.put("Tags", tags);
            out.add(m);
        });
        return out;
    }
}

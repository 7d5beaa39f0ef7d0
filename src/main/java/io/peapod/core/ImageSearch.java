package io.peapod.core;

import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.RegistryEngine.SearchRequest;
import io.peapod.engine.RegistryEngine.SearchResult;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;
import io.peapod.json.JsonReader;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code search} as podman 4.3.1 does it (common's libimage Search over containers/image's
 * docker.SearchRegistry): the registries are the one before the first {@code /} of the term, or every
 * unqualified-search registry; each is asked the v1 search API first and, when it has none (the
 * distribution registry), its {@code _catalog} filtered by substring. Results of the registries that
 * answered are returned; only when none gave a result do their errors count (podman's multierror text).
 */
final class ImageSearch {
    /** podman's default number of results per registry. */
    static final int MAX_QUERIES = 25;

    private final EngineOptions engineOptions;
    private final PrintStream debugOut;
    private final Supplier<RegistriesConf> conf;

    ImageSearch(EngineOptions engineOptions, PrintStream debugOut, Supplier<RegistriesConf> conf) {
        this.engineOptions = engineOptions;
        this.debugOut = debugOut;
        this.conf = conf;
    }

    /** With this process's registries.conf, read when first needed. */
    static ImageSearch forProcess(EngineOptions engineOptions, PrintStream debugOut) {
        RegistriesConf[] loaded = new RegistriesConf[1];
        return new ImageSearch(engineOptions, debugOut, () -> {
            if (loaded[0] == null) {
                try {
                    loaded[0] = RegistriesPolicy.loadConf(System.getenv(), "root".equals(System.getProperty("user.name")));
                } catch (RegistriesConfException e) {
                    throw new EngineException(e.getMessage());
                }
            }
            return loaded[0];
        });
    }

    /** What {@code --filter} asks for; null booleans for "either". */
    record Filter(int stars, Boolean automated, Boolean official) {
        boolean matches(int resultStars, boolean resultAutomated, boolean resultOfficial) {
            return resultStars >= stars && (automated == null || automated == resultAutomated)
                    && (official == null || official == resultOfficial);
        }
    }

    /** libimage's ParseSearchFilter, with its errors. */
    static Filter parseFilter(List<String> filters) {
        int stars = 0;
        Boolean automated = null;
        Boolean official = null;
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            String value = eq < 0 ? null : f.substring(eq + 1);
            switch (key) {
                case "stars" -> {
                    if (value == null) {
                        throw new EngineException("invalid filter " + goQuoted(filters) + ", should be stars=<value>");
                    }
                    stars = atoi(value);
                }
                case "is-automated" -> automated = !"false".equals(value);
                case "is-official" -> official = !"false".equals(value);
                default -> throw new EngineException("invalid filter type \"" + f + "\"");
            }
        }
        return new Filter(stars, automated, official);
    }

    /** Go's strconv.Atoi, with its error text. */
    private static int atoi(String s) {
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new EngineException("incorrect value type for stars filter: strconv.Atoi: parsing \"" + s
                    + "\": invalid syntax");
        }
        try {
            return Integer.parseInt(s.startsWith("+") ? digits : s);
        } catch (NumberFormatException e) {
            throw new EngineException("incorrect value type for stars filter: strconv.Atoi: parsing \"" + s
                    + "\": value out of range");
        }
    }

    /** Go's %q of a []string: {@code ["a" "b"]}. */
    private static String goQuoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return "[" + String.join(" ", quoted) + "]";
    }

    List<SearchResult> search(SearchRequest request) {
        Filter filter = parseFilter(request.filters());
        String term = request.term();
        List<String> registries;
        // Everything before the first slash is the registry: the term may hold wildcards, so it is
        // not parsed as a reference (podman does the same).
        int slash = term.indexOf('/');
        if (slash >= 0) {
            registries = List.of(term.substring(0, slash));
            term = term.substring(slash + 1);
        } else {
            registries = conf.get().searchRegistries();
        }
        RegistryAccess access = RegistryAccess.forProcess(engineOptions, request.flags(), debugOut);
        access.debug("Searching images matching term " + term + " at the following registries "
                + registries);
        List<SearchResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String registry : registries) {
            try {
                results.addAll(request.listTags() ? tags(request, access, registry, term)
                        : searchOne(request, access, filter, registry, term));
            } catch (EngineException e) {
                errors.add(e.getMessage());
            }
        }
        // One registry with results is taken to have what the user looks for (podman's optimism).
        if (!results.isEmpty() || errors.isEmpty()) {
            return results;
        }
        StringBuilder b = new StringBuilder();
        b.append(errors.size()).append(errors.size() == 1 ? " error occurred:\n" : " errors occurred:\n");
        for (String e : errors) {
            b.append("\t* ").append(e).append('\n');
        }
        b.append('\n');
        throw new EngineException(b.toString());
    }

    /**
     * Opens a client the way containers/image's newDockerClient does: a blocked registry is refused
     * before any connection (whatever --tls-verify says); {@code key} picks the credentials.
     */
    private RegistryClient open(RegistryAccess access, String registry, String key, String context) {
        RegistriesConf.Access a = conf.get().registryFor(registry);
        if (a.blocked()) {
            throw new EngineException(context + a.blockedError());
        }
        return access.open(key, a.insecure());
    }

    private List<SearchResult> searchOne(SearchRequest request, RegistryAccess access, Filter filter, String registry,
                                         String term) {
        int limit = request.limit() > 0 ? request.limit() : MAX_QUERIES;
        List<Found> found;
        try (RegistryClient client = open(access, registry, registry, "creating new docker client: ")) {
            found = find(access, client, term, limit);
        } catch (EngineException e) {
            if (e.getMessage().startsWith("creating new docker client: ")) {
                throw e;
            }
            throw new EngineException("couldn't search registry \"" + registry + "\": " + e.getMessage());
        } catch (RegistryException e) {
            if (e.getMessage().startsWith("invalid status code") || e.getMessage().startsWith("unable to retrieve auth token")
                    || e.getMessage().startsWith("too many requests")) {
                // the registry answered with an error status: containers/image logs that at error level
                logError("error getting search results from v2 endpoint \"" + registry + "\": " + e.getMessage());
            }
            throw new EngineException("couldn't search registry \"" + registry + "\": " + e.getMessage());
        }
        int count = request.limit() != 0 ? Math.min(found.size(), request.limit()) : Math.min(found.size(), MAX_QUERIES);
        String index = registry;
        String[] parts = registry.split("\\.", -1);
        boolean dockerHub = parts.length > 2 ? (parts[parts.length - 2] + "." + parts[parts.length - 1]).equals("docker.io")
                : registry.equals("docker.io");
        List<SearchResult> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Found f = found.get(i);
            if (!filter.matches(f.stars, f.automated, f.official)) {
                continue;
            }
            // podman 4.3.1 cuts descriptions in the CLI only (its JSON keeps them whole)
            String description = f.description.replace("\n", " ");
            String name = dockerHub && !f.name.contains("/") ? "docker.io/library/" + f.name : registry + "/" + f.name;
            out.add(new SearchResult(index, name, description, f.stars, f.official ? "[OK]" : "",
                    f.automated ? "[OK]" : "", ""));
        }
        return out;
    }

    /** A logrus line at level error, shown unless --log-level is fatal or panic. */
    private void logError(String line) {
        String level = engineOptions.logLevel();
        if (!"fatal".equals(level) && !"panic".equals(level)) {
            debugOut.println("time=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\" level=error msg=\"" + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    record Found(String name, String description, int stars, boolean official, boolean automated) {}

    /** docker.SearchRegistry: the v1 API when there is a term and the registry has it, else the catalog. */
    private static List<Found> find(RegistryAccess access, RegistryClient client, String term, int limit) {
        if (!term.isEmpty()) {
            access.debug("trying to talk to v1 search endpoint");
            var v1 = client.searchV1(term, limit);
            if (v1.isPresent()) {
                return parseV1(v1.get());
            }
        }
        access.debug("trying to talk to v2 search endpoint");
        List<Found> out = new ArrayList<>();
        for (String repo : client.catalog()) {
            if (out.size() == limit) {
                break;
            }
            if (repo.contains(term)) {
                out.add(new Found(repo, "", 0, false, false));
            }
        }
        return out;
    }

    /** The v1 answer: {@code {"results":[{"name","description","star_count","is_official","is_automated"}]}}. */
    static List<Found> parseV1(byte[] body) {
        Object doc;
        try {
            doc = JsonReader.parse(body);
        } catch (IllegalArgumentException e) {
            throw new EngineException("decoding search results: " + e.getMessage());
        }
        List<Found> out = new ArrayList<>();
        if (doc instanceof Map<?, ?> m && m.get("results") instanceof List<?> results) {
            for (Object o : results) {
                if (o instanceof Map<?, ?> r) {
                    out.add(new Found(str(r.get("name")), str(r.get("description")),
                            r.get("star_count") instanceof Number n ? n.intValue() : 0,
                            Boolean.TRUE.equals(r.get("is_official")), Boolean.TRUE.equals(r.get("is_automated"))));
                }
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o instanceof String s ? s : "";
    }

    /** {@code --list-tags}: the tags of {@code registry/term}, which must be one repository. */
    private List<SearchResult> tags(SearchRequest request, RegistryAccess access, String registry, String term) {
        ImageReference ref;
        try {
            ref = ImageReference.normalizeDockerHub(registry + "/" + term);
        } catch (ReferenceException e) {
            throw new EngineException("reference \"" + term + "\" must be a docker reference");
        }
        List<String> tags;
        try (RegistryClient client = open(access, ref.domain(), ref.domain() + "/" + ref.path(),
                "getting repository tags: failed to create client: ")) {
            tags = client.tags(ref.path());
        } catch (EngineException e) {
            if (e.getMessage().startsWith("getting repository tags: ")) {
                throw e;
            }
            throw new EngineException("getting repository tags: " + e.getMessage());
        } catch (RegistryException e) {
            throw new EngineException("getting repository tags: " + e.getMessage());
        }
        int count = request.limit() != 0 ? Math.min(tags.size(), request.limit()) : Math.min(tags.size(), MAX_QUERIES);
        List<SearchResult> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new SearchResult("", ref.domain() + "/" + ref.path(), "", 0, "", "", tags.get(i)));
        }
        return out;
    }
}

package io.peapod.config;

import io.peapod.config.RegistriesConf.Alias;
import io.peapod.config.RegistriesConf.Mirror;
import io.peapod.config.RegistriesConf.Registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads registries.conf, its drop-ins and short-name-aliases.conf the way containers/image 5.23 (podman
 * 4.3.1) does, with its error messages.
 *
 * <p>Per file: TOML decoding (wrongly typed keys are errors, unknown keys are ignored); the v1 format
 * ({@code [registries.search] registries = [...]}, {@code .insecure}, {@code .block}) is converted to v2,
 * is refused in drop-ins, and is refused together with any v2 key in the same file (empty arrays do not
 * count); then each {@code [[registry]]} is checked: no URI scheme, prefix defaults to location, location
 * may be empty only for a {@code *.example.com} prefix, {@code pull-from-mirror} only on mirrors and not
 * with {@code mirror-by-digest-only}, the same location may not be both insecure and not, or blocked and
 * not; a prefix repeated in one file keeps its first table.
 *
 * <p>Merging, in order main file → system drop-ins → user drop-ins (each directory's {@code *.conf} files
 * in lexical order, sub-directories ignored): a {@code [[registry]]} replaces the whole table with the same
 * prefix; {@code unqualified-search-registries} and {@code credential-helpers} replace the previous value
 * when the key is present (even as {@code []}); {@code short-name-mode} when set; aliases one by one, an
 * empty value erasing the alias.
 */
public final class RegistriesConfLoader {
    private static final String MAIN = "loading registries configuration ";
    private static final String DROP_IN = "loading drop-in registries configuration ";
    private static final String ALIAS_CACHE = "loading short-name aliases config file ";

    private RegistriesConfLoader() {}

    /**
     * Loads and merges every file.
     *
     * @throws RegistriesConfException with podman's message when a file is malformed, or when the file
     *                                  named by {@code CONTAINERS_REGISTRIES_CONF} does not exist
     */
    public static RegistriesConf load(RegistriesConfFiles files, AliasChecker checker) {
        String confPath = files.conf().toString();
        ParsedFile main;
        String text = read(files.conf(), !files.explicit(), MAIN);
        if (text == null) {
            main = null;
        } else {
            main = parseOrThrow(text, confPath, false, checker, MAIN);
        }
        Merged merged = new Merged(main);
        for (Path file : dropIns(files)) {
            String dropIn = read(file, true, DROP_IN);
            if (dropIn != null) {
                merged.update(parseOrThrow(dropIn, file.toString(), true, checker, DROP_IN));
            }
        }
        return merged.toConf(confPath, files.dropInDirDescription(), files.aliasCache());
    }

    /**
     * The aliases of short-name-aliases.conf (an {@code [aliases]} table), which win over registries.conf's.
     * A missing file has none.
     *
     * @throws RegistriesConfException {@code loading short-name aliases config file "FILE": ...}
     */
    public static Map<String, Alias> loadAliasCache(Path file, AliasChecker checker) {
        String text = read(file, true, ALIAS_CACHE);
        if (text == null) {
            return Map.of();
        }
        try {
            Toml.Document doc = parseToml(text);
            Decoder d = new Decoder(doc);
            return validateAliases(d.aliases(doc.root()), file.toString(), checker);
        } catch (InvalidConf e) {
            throw new RegistriesConfException(ALIAS_CACHE + GoText.quote(file.toString()) + ": " + e.getMessage());
        }
    }

    private static ParsedFile parseOrThrow(String text, String path, boolean forceV2, AliasChecker checker,
                                           String what) {
        try {
            return parse(text, path, forceV2, checker);
        } catch (InvalidConf e) {
            throw new RegistriesConfException(what + GoText.quote(path) + ": " + e.getMessage());
        }
    }

    /**
     * The file's text; null when it does not exist and {@code missingOk}. {@code what} starts the error
     * message ({@code loading registries configuration }, {@code loading drop-in registries configuration }...).
     */
    private static String read(Path file, boolean missingOk, String what) {
        String prefix = what + GoText.quote(file.toString()) + ": ";
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (missingOk) {
                return null;
            }
            throw new RegistriesConfException(prefix + "open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new RegistriesConfException(prefix + "open " + file + ": permission denied");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "read " + file + ": is a directory" : String.valueOf(e.getMessage());
            throw new RegistriesConfException(prefix + reason);
        }
    }

    /** The {@code *.conf} entries of each drop-in directory that is not itself a directory, sorted by name. */
    private static List<Path> dropIns(RegistriesConfFiles files) {
        List<Path> out = new ArrayList<>();
        for (Path dir : files.dropInDirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> here = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    if (p.getFileName().toString().endsWith(".conf") && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        here.add(p);
                    }
                }
            } catch (IOException e) {
                throw new RegistriesConfException("reading registries.conf.d: " + e.getMessage());
            }
            here.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            out.addAll(here);
        }
        return out;
    }

    // ---- one file ----

    /** What one file says; null fields were absent. */
    record ParsedFile(String path, List<Registry> registries, List<String> search, List<String> credentialHelpers,
                      ShortNameMode mode, Map<String, Alias> aliases) {}

    /** A file podman refuses; the message is podman's, without the "loading ... FILE:" part. */
    static final class InvalidConf extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidConf(String message) {
            super(message);
        }
    }

    /** Decodes and checks one file, as containers/image's loadConfigFile. */
    static ParsedFile parse(String text, String path, boolean forceV2, AliasChecker checker) throws InvalidConf {
        Toml.Document doc = parseToml(text);
        Map<String, Object> root = doc.root();
        Decoder d = new Decoder(doc);
        List<RawRegistry> registries = d.registries(root);
        List<String> search = d.strings(root, "unqualified-search-registries", "unqualified-search-registries");
        List<String> helpers = d.strings(root, "credential-helpers", "credential-helpers");
        String mode = d.string(root, "short-name-mode", "short-name-mode");
        Map<String, String> aliases = d.aliases(root);
        V1 v1 = d.v1(root);

        if (v1.nonEmpty()) {
            if (forceV2) {
                throw new InvalidConf("registry must be in v2 format but is in v1");
            }
            boolean v2NonEmpty = nonEmpty(registries) || nonEmpty(search) || nonEmpty(helpers)
                    || (mode != null && !mode.isEmpty()) || !aliases.isEmpty();
            if (v2NonEmpty) {
                throw new InvalidConf("mixing sysregistry v1/v2 is not supported");
            }
            registries = v1.toRegistries();
            search = v1.search;
        }
        List<Registry> checked = postProcess(registries == null ? List.of() : registries);
        if (search != null) {
            search = checkSearch(search);
        }
        ShortNameMode parsedMode = null;
        if (mode != null && !mode.isEmpty()) {
            parsedMode = ShortNameMode.fromConfig(mode);
            if (parsedMode == null) {
                throw new InvalidConf("invalid short-name mode: " + GoText.quote(mode));
            }
        }
        for (Registry r : checked) {
            String p = r.prefix();
            if (p.startsWith("*.") && (p.contains("/") || p.contains("@") || p.contains(":"))) {
                throw new InvalidConf("Wildcarded prefix should be in the format: *.example.com. Current prefix "
                        + GoText.quote(p) + " is incorrectly formatted");
            }
        }
        Map<String, Alias> validAliases;
        try {
            validAliases = validateAliases(aliases, path, checker);
        } catch (InvalidConf e) {
            throw new InvalidConf("validating short-name aliases: " + e.getMessage());
        }
        return new ParsedFile(path, checked, search, helpers, parsedMode, validAliases);
    }

    private static Toml.Document parseToml(String text) throws InvalidConf {
        try {
            return Toml.parseDocument(text);
        } catch (TomlException e) {
            throw new InvalidConf("toml: " + e.getMessage());
        }
    }

    private static boolean nonEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** containers/image's postProcessRegistries, in its order of checks. */
    private static List<Registry> postProcess(List<RawRegistry> raw) throws InvalidConf {
        List<Registry> regs = new ArrayList<>();
        Map<String, List<Registry>> byLocation = new HashMap<>();
        for (RawRegistry r : raw) {
            String location = parseLocation(r.location);
            String prefix;
            if (r.prefix.isEmpty()) {
                if (location.isEmpty()) {
                    throw new InvalidConf("invalid condition: both location and prefix are unset");
                }
                prefix = location;
            } else {
                prefix = parseLocation(r.prefix);
                if (!prefix.startsWith("*.") && location.isEmpty()) {
                    throw new InvalidConf("invalid condition: location is unset and prefix is not in the format: *.example.com");
                }
            }
            if (!r.pullFromMirror.isEmpty()) {
                throw new InvalidConf("pull-from-mirror must not be set for a non-mirror registry " + GoText.quote(prefix));
            }
            List<Mirror> mirrors = new ArrayList<>();
            for (RawMirror m : r.mirrors) {
                String mirrorLocation = parseLocation(m.location);
                if (mirrorLocation.isEmpty()) {
                    throw new InvalidConf("invalid condition: mirror location is unset");
                }
                if (r.mirrorByDigestOnly && !m.pullFromMirror.isEmpty()) {
                    throw new InvalidConf("cannot set mirror usage mirror-by-digest-only for the registry ("
                            + GoText.quote(prefix) + ") and pull-from-mirror for per-mirror ("
                            + GoText.quote(mirrorLocation) + ") at the same time");
                }
                PullFromMirror pfm = PullFromMirror.fromConfig(m.pullFromMirror);
                if (pfm == null) {
                    throw new InvalidConf("unsupported pull-from-mirror value " + GoText.quote(m.pullFromMirror)
                            + " for mirror " + GoText.quote(mirrorLocation));
                }
                mirrors.add(new Mirror(mirrorLocation, m.insecure, pfm));
            }
            Registry reg = new Registry(prefix, location, r.insecure, r.blocked, r.mirrorByDigestOnly, mirrors);
            regs.add(reg);
            byLocation.computeIfAbsent(location.isEmpty() ? prefix : location, k -> new ArrayList<>()).add(reg);
        }
        for (Registry reg : regs) {
            for (Registry other : byLocation.get(reg.location().isEmpty() ? reg.prefix() : reg.location())) {
                if (reg.insecure() != other.insecure()) {
                    throw new InvalidConf("registry '" + reg.location()
                            + "' is defined multiple times with conflicting 'insecure' setting");
                }
                if (reg.blocked() != other.blocked()) {
                    throw new InvalidConf("registry '" + reg.location()
                            + "' is defined multiple times with conflicting 'blocked' setting");
                }
            }
        }
        // The first table with a given prefix wins; the rest are ignored, as in containers/image.
        TreeMap<String, Registry> unique = new TreeMap<>();
        for (Registry reg : regs) {
            unique.putIfAbsent(reg.prefix(), reg);
        }
        return new ArrayList<>(unique.values());
    }

    private static List<String> checkSearch(List<String> search) throws InvalidConf {
        List<String> out = new ArrayList<>(search.size());
        for (String entry : search) {
            String registry = parseLocation(entry);
            if (!GoText.isDomain(registry)) {
                throw new InvalidConf("Invalid unqualified-search-registries entry " + GoText.quote(registry));
            }
            out.add(registry);
        }
        return out;
    }

    /** Trailing slashes dropped; {@code http://} and {@code https://} refused. */
    static String parseLocation(String input) throws InvalidConf {
        int end = input.length();
        while (end > 0 && input.charAt(end - 1) == '/') {
            end--;
        }
        String trimmed = input.substring(0, end);
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            throw new InvalidConf("invalid location '" + input + "': URI schemes are not supported");
        }
        return trimmed;
    }

    /**
     * Checks every alias and reports all bad ones at once, chained as Go's {@code fmt.Errorf("%v\n: %w")}
     * does (the last one first).
     */
    private static Map<String, Alias> validateAliases(Map<String, String> aliases, String origin,
                                                      AliasChecker checker) throws InvalidConf {
        Map<String, Alias> out = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            String nameError = checker.checkName(e.getKey());
            if (nameError != null) {
                errors.add(nameError);
            }
            if (e.getValue().isEmpty()) {
                out.put(e.getKey(), new Alias(null, origin));
                continue;
            }
            String valueError = checker.checkValue(e.getValue());
            if (valueError != null) {
                errors.add(valueError);
            } else {
                out.put(e.getKey(), new Alias(e.getValue(), origin));
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder(errors.getFirst());
            for (int i = 1; i < errors.size(); i++) {
                message.insert(0, errors.get(i) + "\n: ");
            }
            throw new InvalidConf(message.toString());
        }
        return out;
    }

    // ---- merging ----

    /** The merge of the main file and the drop-ins, as parsedConfig.updateWithConfigurationFrom. */
    private static final class Merged {
        final TreeMap<String, Registry> registries = new TreeMap<>();
        List<String> search = List.of();
        String searchOrigin = "";
        List<String> helpers = List.of();
        ShortNameMode mode;
        final Map<String, Alias> aliases = new LinkedHashMap<>();

        Merged(ParsedFile main) {
            if (main != null) {
                update(main);
                searchOrigin = main.path();
            }
        }

        void update(ParsedFile file) {
            for (Registry r : file.registries()) {
                registries.put(r.prefix(), r);
            }
            if (file.search() != null) {
                search = file.search();
                searchOrigin = file.path();
            }
            if (file.credentialHelpers() != null) {
                helpers = file.credentialHelpers();
            }
            if (file.mode() != null) {
                mode = file.mode();
            }
            aliases.putAll(file.aliases());
        }

        RegistriesConf toConf(String confPath, String dropInDir, Path aliasCache) {
            return new RegistriesConf(new ArrayList<>(registries.values()), search, searchOrigin,
                    mode == null ? ShortNameMode.PERMISSIVE : mode,
                    helpers.isEmpty() ? List.of(RegistriesConf.AUTH_FILE_HELPER) : helpers,
                    aliases, confPath, dropInDir, aliasCache);
        }
    }

    // ---- TOML to typed values ----

    private record RawMirror(String location, boolean insecure, String pullFromMirror) {}

    private record RawRegistry(String prefix, String location, boolean insecure, boolean blocked,
                               boolean mirrorByDigestOnly, String pullFromMirror, List<RawMirror> mirrors) {}

    /** The v1 tables; null lists were absent. */
    private record V1(List<String> search, List<String> insecure, List<String> block) {
        boolean nonEmpty() {
            return RegistriesConfLoader.nonEmpty(search) || RegistriesConfLoader.nonEmpty(insecure)
                    || RegistriesConfLoader.nonEmpty(block);
        }

        /** containers/image's ConvertToV2: blocked entries first, then insecure ones, each location once. */
        List<RawRegistry> toRegistries() throws InvalidConf {
            Map<String, boolean[]> flags = new LinkedHashMap<>(); // location -> {insecure, blocked}
            for (String b : block == null ? List.<String>of() : block) {
                flags.computeIfAbsent(parseLocation(b), k -> new boolean[2])[1] = true;
            }
            for (String i : insecure == null ? List.<String>of() : insecure) {
                flags.computeIfAbsent(parseLocation(i), k -> new boolean[2])[0] = true;
            }
            List<RawRegistry> out = new ArrayList<>();
            for (Map.Entry<String, boolean[]> e : flags.entrySet()) {
                out.add(new RawRegistry(e.getKey(), e.getKey(), e.getValue()[0], e.getValue()[1], false, "", List.of()));
            }
            return out;
        }
    }

    /**
     * Typed access to the TOML tables with BurntSushi/toml's errors for wrongly typed values:
     * {@code toml: line N (last key "a.b"): incompatible types: TOML value has type int64; destination has
     * type string}.
     */
    private static final class Decoder {
        private final Toml.Document doc;

        Decoder(Toml.Document doc) {
            this.doc = doc;
        }

        String string(Map<String, Object> table, String key, String path) throws InvalidConf {
            Object v = table.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw incompatible(table, key, path, v, "string");
            }
            return s;
        }

        boolean bool(Map<String, Object> table, String key, String path) throws InvalidConf {
            Object v = table.get(key);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw incompatible(table, key, path, v, "boolean");
            }
            return b;
        }

        List<String> strings(Map<String, Object> table, String key, String path) throws InvalidConf {
            Object v = table.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                throw incompatible(table, key, path, v, "slice");
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw incompatible(table, key, path, item, "string");
                }
                out.add(s);
            }
            return out;
        }

        /** An array of tables; null when absent. */
        List<Map<String, Object>> tables(Map<String, Object> table, String key, String path, String goType)
                throws InvalidConf {
            Object v = table.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                throw incompatible(table, key, path, v, "slice");
            }
            List<Map<String, Object>> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(asTable(table, key, path, item, goType));
            }
            return out;
        }

        /** A table; null when absent. */
        Map<String, Object> table(Map<String, Object> table, String key, String path, String goType)
                throws InvalidConf {
            Object v = table.get(key);
            return v == null ? null : asTable(table, key, path, v, goType);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> asTable(Map<String, Object> table, String key, String path, Object v,
                                            String goType) throws InvalidConf {
            if (!(v instanceof Map<?, ?> m)) {
                throw new InvalidConf(where(table, key, path) + "type mismatch for sysregistriesv2." + goType
                        + ": expected table but found " + goTypeOf(v));
            }
            return (Map<String, Object>) m;
        }

        List<RawRegistry> registries(Map<String, Object> root) throws InvalidConf {
            List<Map<String, Object>> tables = tables(root, "registry", "registry", "Registry");
            if (tables == null) {
                return null;
            }
            List<RawRegistry> out = new ArrayList<>();
            for (Map<String, Object> t : tables) {
                List<RawMirror> mirrors = new ArrayList<>();
                List<Map<String, Object>> mirrorTables = tables(t, "mirror", "registry.mirror", "Endpoint");
                for (Map<String, Object> m : mirrorTables == null ? List.<Map<String, Object>>of() : mirrorTables) {
                    mirrors.add(new RawMirror(orEmpty(string(m, "location", "registry.mirror.location")),
                            bool(m, "insecure", "registry.mirror.insecure"),
                            orEmpty(string(m, "pull-from-mirror", "registry.mirror.pull-from-mirror"))));
                }
                out.add(new RawRegistry(orEmpty(string(t, "prefix", "registry.prefix")),
                        orEmpty(string(t, "location", "registry.location")),
                        bool(t, "insecure", "registry.insecure"),
                        bool(t, "blocked", "registry.blocked"),
                        bool(t, "mirror-by-digest-only", "registry.mirror-by-digest-only"),
                        orEmpty(string(t, "pull-from-mirror", "registry.pull-from-mirror")),
                        mirrors));
            }
            return out;
        }

        /** {@code [aliases]}; a non-table {@code aliases} key is ignored, as containers/image does. */
        Map<String, String> aliases(Map<String, Object> root) throws InvalidConf {
            Map<String, String> out = new LinkedHashMap<>();
            if (root.get("aliases") instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> table = (Map<String, Object>) m;
                for (String name : table.keySet()) {
                    out.put(name, string(table, name, "aliases." + name));
                }
            }
            return out;
        }

        V1 v1(Map<String, Object> root) throws InvalidConf {
            Map<String, Object> registries = table(root, "registries", "registries", "V1TOMLConfig");
            if (registries == null) {
                return new V1(null, null, null);
            }
            return new V1(v1List(registries, "search"), v1List(registries, "insecure"), v1List(registries, "block"));
        }

        private List<String> v1List(Map<String, Object> registries, String key) throws InvalidConf {
            Map<String, Object> t = table(registries, key, "registries." + key, "V1TOMLregistries");
            return t == null ? null : strings(t, "registries", "registries." + key + ".registries");
        }

        private InvalidConf incompatible(Map<String, Object> table, String key, String path, Object value,
                                         String destination) {
            return new InvalidConf(where(table, key, path) + "incompatible types: TOML value has type "
                    + goTypeOf(value) + "; destination has type " + destination);
        }

        private String where(Map<String, Object> table, String key, String path) {
            return "toml: line " + doc.line(table, key) + " (last key " + GoText.quote(path) + "): ";
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }

        /** The Go type BurntSushi/toml decodes a TOML value into, as its errors name it. */
        private static String goTypeOf(Object v) {
            if (v instanceof String) {
                return "string";
            }
            if (v instanceof Long) {
                return "int64";
            }
            if (v instanceof Double) {
                return "float64";
            }
            if (v instanceof Boolean) {
                return "bool";
            }
            if (v instanceof List<?>) {
                return "[]interface {}";
            }
            return "map[string]interface {}";
        }
    }
}

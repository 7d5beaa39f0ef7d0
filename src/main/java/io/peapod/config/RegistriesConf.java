package io.peapod.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * registries.conf v2 after loading and merging every file podman 4.3.1 reads (see
 * {@link RegistriesConfLoader}), with the lookups pull, push and login need. Everything here works on
 * strings: callers pass image names already normalised (Docker Hub names with {@code docker.io/library/}).
 *
 * <p>Matching ({@link #findRegistry}): a {@link Registry} applies to a repository name when the name
 * equals its prefix or continues it with {@code /}, {@code :} or {@code @} (so prefix {@code example.com}
 * also matches {@code example.com:5000/x}, a containers/image quirk kept on purpose); a wildcard prefix
 * {@code *.example.com} matches any host ending in {@code .example.com}. The longest prefix wins, the
 * {@code *.} counted; on a tie the first in prefix order.
 *
 * @param registries        the {@code [[registry]]} tables, one per prefix, sorted by prefix
 * @param searchRegistries  {@code unqualified-search-registries}, in order (host[:port] entries)
 * @param searchOrigin      the file that set {@code unqualified-search-registries} (the main file even when
 *                          it set nothing), {@code ""} when no registries.conf was found at all
 * @param shortNameMode     {@code short-name-mode}, {@link ShortNameMode#PERMISSIVE} when unset
 * @param credentialHelpers {@code credential-helpers}, {@code ["containers-auth.json"]} when unset
 * @param aliases           {@code [aliases]} from registries.conf and its drop-ins, by short name; an alias
 *                          whose value is null was erased by a later file ({@code name = ""})
 * @param confPath          the main file (podman's ConfigPath), named in error messages
 * @param dropInDir         the drop-in directory podman names in error messages (the user's when it is read)
 * @param aliasCacheFile    the machine-written short-name-aliases.conf, whose aliases win over these
 */
public record RegistriesConf(List<Registry> registries, List<String> searchRegistries, String searchOrigin,
                             ShortNameMode shortNameMode, List<String> credentialHelpers,
                             Map<String, Alias> aliases, String confPath, String dropInDir, Path aliasCacheFile) {

    /** The credential helper that means "the auth.json files" (containers-auth.json(5)). */
    public static final String AUTH_FILE_HELPER = "containers-auth.json";

    public RegistriesConf {
        registries = List.copyOf(registries);
        searchRegistries = List.copyOf(searchRegistries);
        credentialHelpers = List.copyOf(credentialHelpers);
        aliases = Map.copyOf(aliases);
    }

    /** The configuration podman uses when no file exists. */
    public static RegistriesConf empty(String confPath, String dropInDir, Path aliasCacheFile) {
        return new RegistriesConf(List.of(), List.of(), "", ShortNameMode.PERMISSIVE, List.of(AUTH_FILE_HELPER),
                Map.of(), confPath, dropInDir, aliasCacheFile);
    }

    /**
     * The {@code [[registry]]} table for {@code name}: a registry ({@code host[:port]}), a repository
     * ({@code host/ns/repo}) or a full reference; empty when none matches (then nothing is rewritten,
     * mirrored, insecure or blocked). This is also the lookup for push and login.
     */
    public Optional<Registry> findRegistry(String name) {
        Registry best = null;
        int bestLength = 0;
        for (Registry r : registries) {
            if (prefixMatch(name, r.prefix()) >= 0 && r.prefix().length() > bestLength) {
                best = r;
                bestLength = r.prefix().length();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * What push and login may do with {@code name} (a {@code host[:port]} or a repository name): podman
     * looks the destination up as typed, without location rewrites or mirrors.
     */
    public Access registryFor(String name) {
        Optional<Registry> r = findRegistry(name);
        return new Access(r.isPresent() && r.get().insecure(), blockedError(name));
    }

    /** Whether push/login to {@code hostPort} may use plain HTTP or unverified TLS. */
    public boolean isInsecure(String hostPort) {
        return registryFor(hostPort).insecure();
    }

    /**
     * Podman's error when {@code name} (a physical location: what is actually contacted) falls under a
     * blocked registry, {@code registry PREFIX is blocked in CONF or DIR}; null when it may be used.
     */
    public String blockedError(String name) {
        Optional<Registry> r = findRegistry(name);
        if (r.isPresent() && r.get().blocked()) {
            return "registry " + r.get().prefix() + " is blocked in " + confPath + " or " + dropInDir;
        }
        return null;
    }

    /**
     * Where to pull a fully qualified reference from, in order: the mirrors that serve it, then the primary
     * location, each rewritten by {@link Registry#rewrite}. Without a matching table, the reference itself.
     *
     * @param name     the repository name, {@code host[:port]/path} (Docker Hub names normalised)
     * @param suffix   what follows the name in the reference: {@code ":tag"} or {@code "@digest"}
     * @param digested whether the reference has a digest (selects mirrors by pull-from-mirror and
     *                 mirror-by-digest-only)
     */
    public List<PullSource> pullSources(String name, String suffix, boolean digested) {
        String reference = name + suffix;
        Optional<Registry> match = findRegistry(name);
        if (match.isEmpty()) {
            return List.of(new PullSource(reference, false, false, blockedError(name)));
        }
        Registry r = match.get();
        List<PullSource> out = new ArrayList<>();
        if (!r.mirrorByDigestOnly() || digested) {
            for (Mirror m : r.mirrors()) {
                if (r.mirrorByDigestOnly() || m.pullFromMirror().serves(digested)) {
                    out.add(source(r.rewrite(reference, m.location()), m.insecure(), true));
                }
            }
        }
        out.add(source(r.rewrite(reference, r.location()), r.insecure(), false));
        return List.copyOf(out);
    }

    private PullSource source(String reference, boolean insecure, boolean mirror) {
        return new PullSource(reference, insecure, mirror, blockedError(repositoryOf(reference)));
    }

    /** The alias for a short name from registries.conf and drop-ins, if any (see {@link #aliases}). */
    public Optional<Alias> alias(String shortName) {
        return Optional.ofNullable(aliases.get(shortName));
    }

    /**
     * containers/image's refMatchingPrefix: the length of {@code ref} matched by {@code prefix} (what a
     * location replaces), or -1.
     */
    static int prefixMatch(String ref, String prefix) {
        if (prefix.startsWith("*.")) {
            String domain = prefix.substring(1);
            int index = ref.indexOf(domain);
            if (index < 0 || ref.substring(0, index).contains("/")) {
                return -1;
            }
            index += domain.length();
            return index == ref.length() || isSeparator(ref.charAt(index)) ? index : -1;
        }
        if (!ref.startsWith(prefix)) {
            return -1;
        }
        return ref.length() == prefix.length() || isSeparator(ref.charAt(prefix.length())) ? prefix.length() : -1;
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == '/' || c == '@';
    }

    /** The repository name of a reference string: without {@code @digest} and a {@code :tag} after the last slash. */
    static String repositoryOf(String reference) {
        int at = reference.indexOf('@');
        String s = at >= 0 ? reference.substring(0, at) : reference;
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    /**
     * One {@code [[registry]]} table.
     *
     * @param prefix             which names it applies to (defaults to {@code location}); may be a wildcard
     *                           {@code *.example.com}
     * @param location           where those names really live; {@code ""} only with a wildcard prefix,
     *                           meaning "no rewrite"
     * @param insecure           plain HTTP and unverified TLS allowed for the primary location
     * @param blocked            pulling names under this prefix is refused
     * @param mirrorByDigestOnly mirrors only for references with a digest
     * @param mirrors            {@code [[registry.mirror]]}, tried in order before the primary location
     */
    public record Registry(String prefix, String location, boolean insecure, boolean blocked,
                           boolean mirrorByDigestOnly, List<Mirror> mirrors) {
        public Registry {
            mirrors = List.copyOf(mirrors);
        }

        /**
         * {@code reference} with the part matched by this prefix replaced by {@code location} (for a
         * wildcard prefix without location: unchanged). The caller validates the result.
         */
        public String rewrite(String reference, String location) {
            int matched = prefixMatch(reference, prefix);
            if (matched < 0 || location.isEmpty()) {
                return reference;
            }
            return location + reference.substring(matched);
        }
    }

    /**
     * How push and login may reach a registry.
     *
     * @param insecure     plain HTTP and unverified TLS allowed ({@code insecure = true})
     * @param blockedError podman's {@code registry X is blocked in ...} when {@code blocked = true}, else null
     */
    public record Access(boolean insecure, String blockedError) {
        public boolean blocked() {
            return blockedError != null;
        }
    }

    /** One {@code [[registry.mirror]]} table. */
    public record Mirror(String location, boolean insecure, PullFromMirror pullFromMirror) {}

    /**
     * A short-name alias.
     *
     * @param value  the fully qualified repository it stands for, null when a later file erased it
     * @param origin the file that defined it, as podman prints in {@code Resolved "x" as an alias (FILE)}
     */
    public record Alias(String value, String origin) {}

    /**
     * One place to try when pulling.
     *
     * @param reference    the physical reference to fetch (rewritten by prefix/location)
     * @param insecure     plain HTTP and unverified TLS allowed (the mirror's own setting, or the matched
     *                     table's for the primary location)
     * @param mirror       whether this is a mirror (errors from mirrors are reported as "Mirrors also failed")
     * @param blockedError podman's error when the physical location is itself blocked, else null: the pull
     *                     must fail this source without contacting it
     */
    public record PullSource(String reference, boolean insecure, boolean mirror, String blockedError) {}
}

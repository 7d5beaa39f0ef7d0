package io.peapod.engine;

import java.util.List;

/**
 * Registry credentials: {@code login} and {@code logout} (podman's common/pkg/auth), and
 * {@code search}. Failures are {@link EngineException}s with podman's texts. Passwords pass through
 * here and are never part of a message.
 */
public interface RegistryEngine {
    /**
     * Where and how: {@code argument} as the user gave it ({@code HOST[:PORT][/NAMESPACE]} or a
     * URL; "" for the first unqualified-search registry of registries.conf), {@code authFile} from {@code --authfile} ("" for the default), {@code certDir} from
     * {@code --cert-dir} (""), {@code tlsVerify} null when {@code --tls-verify} was not given.
     */
    record LoginTarget(String argument, String authFile, String certDir, Boolean tlsVerify) {}

    /** What the auth files hold for the target: its key, registry, and username ("" when none). */
    record StoredLogin(String key, String registry, String username, boolean hasPassword) {}

    StoredLogin storedLogin(LoginTarget target);

    /** Whether the stored credentials of the target are accepted by its registry. */
    boolean storedLoginValid(LoginTarget target);

    /**
     * Checks {@code username}/{@code password} against the registry and, when accepted, stores
     * them; returns the auth file written.
     */
    String login(LoginTarget target, String username, String password);

    /** Removes the target's credentials; returns the line to print. */
    String logout(LoginTarget target);

    /** Removes every credential of the auth file. */
    void logoutAll(String authFile);

    /**
     * {@code search TERM}: {@code REGISTRY/TERM} searches that registry, a bare term every
     * unqualified-search registry of registries.conf.
     *
     * @param limit    {@code --limit} (0: podman's default of 25 per registry; negative: nothing)
     * @param listTags {@code --list-tags}: the tags of the repository TERM names, one result each
     * @param filters  {@code --filter} values ({@code stars=N}, {@code is-automated[=false]},
     *                 {@code is-official[=false]}), checked with podman's errors
     */
    record SearchRequest(String term, int limit, boolean listTags, List<String> filters, RegistryFlags flags) {
        public SearchRequest {
            filters = List.copyOf(filters);
        }
    }

    /**
     * One search result, with podman's fields (ImageSearchReport): {@code official}/{@code automated}
     * are {@code "[OK]"} or {@code ""}; {@code tag} is set only by {@code --list-tags}. Descriptions are
     * whole (newlines made spaces): cutting them for a table is the CLI's business, as in podman.
     */
    record SearchResult(String index, String name, String description, int stars, String official,
                        String automated, String tag) {}

    /** Searches; an empty list when nothing matched (or no registry is configured), as podman. */
    List<SearchResult> search(SearchRequest request);
}

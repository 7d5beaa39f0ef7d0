package io.peapod.core.registries;

import io.peapod.config.AliasCacheWriter;
import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConf.Alias;
import io.peapod.config.RegistriesConf.PullSource;
import io.peapod.config.RegistriesConfException;
import io.peapod.config.RegistriesConfFiles;
import io.peapod.config.RegistriesConfLoader;
import io.peapod.config.ShortNameMode;
import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * registries.conf applied to names, as podman 4.3.1 pulls: {@link #resolve} turns what the user typed into
 * candidate references, {@link #pullSources} turns one candidate into the places to fetch it from. Apart
 * from reading short-name-aliases.conf when a short name is resolved and writing it when the user's choice
 * is recorded ({@link #recordChoice}), nothing here does I/O; the prompt itself is {@link SelectPrompt}.
 *
 * <p>Resolution ({@link #resolve}):
 * <ol>
 *   <li>{@code name:tag@digest} loses its tag (podman pull's docker compatibility);</li>
 *   <li>a qualified name (first component with {@code .} or {@code :}, or {@code localhost}) is the only
 *       candidate, Docker Hub names normalised ({@code docker.io/alpine} → {@code docker.io/library/alpine},
 *       {@code index.docker.io} → {@code docker.io}) and {@code :latest} added;</li>
 *   <li>a short name with an alias (short-name-aliases.conf wins over registries.conf; the tag or digest
 *       typed is appended) resolves to the alias alone;</li>
 *   <li>otherwise each unqualified-search registry in order gives a candidate; none defined is podman's
 *       error {@code short-name "X" did not resolve to an alias and no unqualified-search registries are
 *       defined in "FILE"}; with several candidates, short-name-mode decides: disabled → all; on a terminal
 *       → {@link Resolution#prompt} (the caller shows {@link SelectPrompt}, then {@link #chosen}); otherwise permissive → all, enforcing → podman's error
 *       {@code short-name resolution enforced but cannot prompt without a TTY}.</li>
 * </ol>
 */
public final class RegistriesPolicy {
    private final RegistriesConf conf;

    public RegistriesPolicy(RegistriesConf conf) {
        this.conf = conf;
    }

    /**
     * Loads the configuration of this process (see {@link RegistriesConfFiles}).
     *
     * @throws io.peapod.config.RegistriesConfException with podman's message for a malformed file
     */
    public static RegistriesConf loadConf(Map<String, String> env, boolean root) {
        return RegistriesConfLoader.load(RegistriesConfFiles.forProcess(env, root), ReferenceAliasChecker.INSTANCE);
    }

    public RegistriesConf conf() {
        return conf;
    }

    /**
     * The candidates for {@code input} as typed.
     *
     * @param terminal whether stdin and stdout are both terminals (podman prompts only then)
     * @throws ReferenceException when {@code input} is not a valid reference
     * @throws EngineException    podman's short-name errors (exit 125)
     * @throws io.peapod.config.RegistriesConfException when short-name-aliases.conf is malformed
     */
    public Resolution resolve(String input, boolean terminal) {
        ImageReference ref = ImageReference.parse(input);
        if (ref.hasTag() && ref.hasDigest()) {
            ref = new ImageReference(ref.domain(), ref.path(), null, ref.digest());
        }
        String typed = ref.toString();
        if (ref.hasDomain()) {
            return new Resolution(typed, List.of(ImageReference.normalizeDockerHub(typed)), Resolution.Rationale.NONE,
                    "", false);
        }
        String shortName = ref.path();
        String suffix = suffix(ref);
        Alias alias = aliasFor(shortName);
        if (alias != null && alias.value() != null) {
            return new Resolution(shortName, List.of(ImageReference.normalizeDockerHub(alias.value() + suffix)),
                    Resolution.Rationale.ALIAS, alias.origin(), false);
        }
        if (conf.searchRegistries().isEmpty()) {
            if (!conf.searchOrigin().isEmpty()) {
                throw new EngineException("short-name \"" + typed + "\" did not resolve to an alias and no "
                        + "unqualified-search registries are defined in \"" + conf.searchOrigin() + "\"");
            }
            throw new EngineException("short-name \"" + typed + "\" did not resolve to an alias and no "
                    + "containers-registries.conf(5) was found");
        }
        List<ImageReference> candidates = new ArrayList<>();
        for (String registry : conf.searchRegistries()) {
            try {
                candidates.add(ImageReference.normalizeDockerHub(registry + "/" + typed));
            } catch (ReferenceException e) {
                throw new EngineException("creating reference with unqualified-search registry \"" + registry
                        + "\": " + e.getMessage());
            }
        }
        boolean prompt = false;
        if (conf.shortNameMode() != ShortNameMode.DISABLED && candidates.size() > 1) {
            if (terminal) {
                prompt = true;
            } else if (conf.shortNameMode() == ShortNameMode.ENFORCING) {
                throw new EngineException("short-name resolution enforced but cannot prompt without a TTY");
            }
        }
        return new Resolution(shortName, candidates, Resolution.Rationale.SEARCH, conf.searchOrigin(), prompt);
    }

    /**
     * What {@code prompted} (a {@link Resolution#prompt} one) resolves to once the user picked candidate
     * {@code index}: that candidate alone, to be recorded as an alias once pulled ({@link #recordChoice}).
     */
    public Resolution chosen(Resolution prompted, int index) {
        if (!prompted.prompt()) {
            throw new IllegalArgumentException("no prompt for " + prompted.shortName());
        }
        return new Resolution(prompted.shortName(), List.of(prompted.candidates().get(index)),
                Resolution.Rationale.USER_SELECTION, prompted.origin(), false);
    }

    /**
     * Records the user's choice, once pulled, as the short name's alias in short-name-aliases.conf
     * (containers/image's PullCandidate.Record): the candidate without tag or digest. Nothing for a
     * resolution the user did not pick.
     *
     * @throws io.peapod.config.RegistriesConfException podman's {@code recording short-name alias
     *         ("NAME"="CANDIDATE"): ...}, which podman only logs
     */
    public void recordChoice(Resolution resolution, ImageReference pulled) {
        if (resolution.rationale() != Resolution.Rationale.USER_SELECTION) {
            return;
        }
        try {
            AliasCacheWriter.add(conf.aliasCacheFile(), resolution.shortName(), pulled.withoutTagOrDigest().toString(),
                    ReferenceAliasChecker.INSTANCE);
        } catch (RegistriesConfException e) {
            throw new RegistriesConfException("recording short-name alias (\"" + resolution.shortName() + "\"=\""
                    + pulled + "\"): " + e.getMessage());
        }
    }

    /**
     * The alias of {@code shortName} (a repository without tag or digest), short-name-aliases.conf first,
     * or null when there is none (or a later file erased it).
     *
     * @throws io.peapod.config.RegistriesConfException when short-name-aliases.conf is malformed
     */
    public String aliasOf(String shortName) {
        Alias alias = aliasFor(shortName);
        return alias == null ? null : alias.value();
    }

    /** short-name-aliases.conf first (an erased alias there hides registries.conf's), then registries.conf. */
    private Alias aliasFor(String shortName) {
        Map<String, Alias> cached = RegistriesConfLoader.loadAliasCache(conf.aliasCacheFile(),
                ReferenceAliasChecker.INSTANCE);
        if (cached.containsKey(shortName)) {
            return cached.get(shortName);
        }
        return conf.alias(shortName).orElse(null);
    }

    /**
     * Where to fetch a fully qualified {@code candidate} from, in order: mirrors that serve it (by
     * pull-from-mirror / mirror-by-digest-only), then the primary location, with prefix/location rewrites.
     * A source whose physical location is blocked carries podman's error in
     * {@link PullSource#blockedError()}: the caller fails that source without contacting it (a blocked
     * table whose location points elsewhere blocks nothing, as in podman).
     *
     * @param candidate a reference from {@link #resolve} (qualified, with a tag or a digest)
     * @throws EngineException when a rewritten reference is not valid ({@code rewriting reference: ...})
     */
    public List<PullSource> pullSources(ImageReference candidate) {
        if (!candidate.hasDomain()) {
            throw new IllegalArgumentException("not a fully qualified reference: " + candidate);
        }
        List<PullSource> sources = conf.pullSources(candidate.name(), suffix(candidate), candidate.hasDigest());
        for (PullSource s : sources) {
            try {
                ImageReference.parse(s.reference());
            } catch (ReferenceException e) {
                throw new EngineException("rewriting reference: " + e.getMessage());
            }
        }
        return sources;
    }

    /**
     * insecure/blocked for push and login to {@code name} (host[:port] or repository), looked up as typed:
     * podman neither rewrites nor mirrors a push destination.
     */
    public RegistriesConf.Access registryFor(String name) {
        return conf.registryFor(name);
    }

    /** {@code @digest} when there is one, else {@code :tag}, else {@code ""}. */
    private static String suffix(ImageReference ref) {
        if (ref.hasDigest()) {
            return "@" + ref.digest();
        }
        return ref.hasTag() ? ":" + ref.tag() : "";
    }
}

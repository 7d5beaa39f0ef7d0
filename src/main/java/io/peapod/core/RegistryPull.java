package io.peapod.core;

import io.peapod.config.RegistriesConf.PullSource;
import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.core.registries.Resolution;
import io.peapod.core.registries.SelectPrompt;
import io.peapod.core.registries.TtyPromptTerminal;
import io.peapod.engine.EngineException;
import io.peapod.engine.PullOptions;
import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.Platform;
import io.peapod.image.ReferenceException;
import io.peapod.image.TransportReference;
import io.peapod.registry.Descriptor;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryException;
import io.peapod.registry.RegistrySource;
import io.peapod.state.ImageRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pull from registries, as podman 4.3.1 (libimage's copySingleImageFromRegistry and containers/image's
 * docker source) does it:
 * <ol>
 *   <li>the pull policy first: {@code never}/{@code missing} answer from the store when they can; a
 *       name found in the store is pulled under its stored name ("we must use its name");</li>
 *   <li>a name without transport is resolved through registries.conf ({@link RegistriesPolicy#resolve}:
 *       alias, or every unqualified-search registry); {@code docker://NAME} is normalised to Docker Hub
 *       instead, as containers/image parses it;</li>
 *   <li>each candidate in turn prints {@code Trying to pull NAME...} and is fetched from its pull sources
 *       (mirrors, then the primary location; a blocked one fails without being contacted); the first
 *       source whose manifest can be read is copied by {@link ImageCopy#pullOne} (verified, staged,
 *       committed in one step) under the candidate's name;</li>
 *   <li>when every candidate fails, podman's error: the only one, or {@code N errors occurred while
 *       pulling:} with one {@code  * ERROR} line each.</li>
 * </ol>
 * {@code newer} pulls a candidate only when the registry's digest for it differs from the stored image's;
 * when that cannot be checked (registry down) the stored image is used without a word, as podman does.
 */
final class RegistryPull {
    private final ImageCopy copy;
    private final ImageService service;
    private final RegistryAccess access;
    private final CopyProgress progress;
    private final Map<String, String> env;
    private RegistriesPolicy policy;
    /** --platform, --os, --arch or --variant was given: a stored image of another platform does not count. */
    private boolean explicitPlatform;

    RegistryPull(ImageCopy copy, ImageService service, RegistryAccess access, CopyProgress progress) {
        this.copy = copy;
        this.service = service;
        this.access = access;
        this.progress = progress;
        this.env = System.getenv();
    }

    /** Whether {@code input} names a registry image: no transport, or {@code docker://}. */
    static boolean handles(String input) {
        return !TransportReference.hasTransport(input) || input.startsWith("docker:");
    }

    List<String> pull(PullOptions o) throws IOException {
        String input = o.reference();
        boolean transport = TransportReference.hasTransport(input);
        String name;
        if (transport) {
            name = TransportReference.parse(input).path();   // ImageException: podman's text
        } else {
            name = input;   // parsed after the store is asked: an image id is no reference but may be stored
        }
        if (!o.platform().isEmpty() && (!o.arch().isEmpty() || !o.os().isEmpty())) {
            throw new EngineException("--platform option can not be specified with --arch or --os");
        }
        Platform wanted;
        try {
            wanted = Platform.wanted(o.platform(), o.os(), o.arch(), o.variant());
        } catch (ImageException e) {
            throw new EngineException(e.getMessage());
        }
        explicitPlatform = !o.platform().isEmpty() || !o.os().isEmpty() || !o.arch().isEmpty() || !o.variant().isEmpty();
        if (!o.allTags()) {
            return List.of(pullSingle(name, transport, input, o.policy(), wanted));
        }
        return pullAllTags(name, o, wanted);
    }

    /** {@code --all-tags}: every tag of the repository (Docker-Hub-normalised, as podman does), in the registry's order. */
    private List<String> pullAllTags(String name, PullOptions o, Platform wanted) throws IOException {
        ImageReference repo;
        try {
            repo = ImageReference.normalizeDockerHub(name);
        } catch (ReferenceException e) {
            throw new EngineException(e.getMessage());
        }
        PullSource primary = policy().pullSources(repo).getLast();
        if (primary.blockedError() != null) {
            throw new EngineException(primary.blockedError());
        }
        ImageReference physical = ImageReference.parse(primary.reference());
        List<String> tags;
        try (RegistryClient client = RegistryClient.open(physical.domain(),
                access.options(physical.name(), primary.insecure()))) {
            tags = client.tags(physical.path());
        } catch (RegistryException e) {
            throw new EngineException(e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        for (String tag : tags) {
            String tagged = repo.withoutTagOrDigest() + ":" + tag;
            ids.add(pullSingle(tagged, false, tagged, o.policy(), wanted));
        }
        return ids;
    }

    private String pullSingle(String name, boolean dockerTransport, String input, String pullPolicy, Platform wanted)
            throws IOException {
        ImageRow local = null;
        if (!dockerTransport) {
            List<ImageRow> rows = service.rows();
            local = ImageLookup.findOrNull(name, rows);
            if (local == null) {
                local = aliasedLocal(name, rows);
            }
        }
        if (local != null && explicitPlatform && !wanted.accepts(platformOf(local))) {
            local = null;   // podman's look-up with --arch/--os/--platform ignores an image of another platform
        }
        if (local != null) {
            boolean byId = local.id().startsWith(name.startsWith("sha256:") ? name.substring(7) : name);
            if (pullPolicy.equals("never") || pullPolicy.equals("missing")) {
                return local.id();
            }
            if (byId) {
                if (pullPolicy.equals("always")) {
                    throw new EngineException("pull policy is always but image has been referred to by ID (" + name + ")");
                }
                return local.id();
            }
            name = ImageLookup.nameMatching(name, local);   // podman pulls a stored image under its own name
        } else if (pullPolicy.equals("never")) {
            throw new EngineException(name + ": image not known");
        }
        Resolution resolution;
        String describe;
        try {
            if (dockerTransport) {
                resolution = new Resolution(name, List.of(ImageReference.normalizeDockerHub(name)),
                        Resolution.Rationale.NONE, "", false);
            } else {
                resolution = policy().resolve(name, TtyPromptTerminal.available());
            }
        } catch (ReferenceException | RegistriesConfException e) {
            throw new EngineException(e.getMessage());
        }
        if (resolution.prompt()) {
            resolution = policy().chosen(resolution, prompt(resolution));
        }
        List<String> errors = new ArrayList<>();
        boolean described = false;
        for (ImageReference candidate : resolution.candidates()) {
            describe = dockerTransport ? input : "docker://" + candidate;
            if (pullPolicy.equals("newer") && local != null) {
                try {
                    if (!differs(candidate, local)) {
                        access.debug("Skipping pull candidate " + candidate + " as the image is not newer (pull policy newer)");
                        continue;
                    }
                } catch (RegistryException | EngineException e) {
                    errors.add(e.getMessage());
                    continue;
                }
            }
            if (!described && resolution.description() != null) {
                progress.note(resolution.description());
            }
            described = true;
            progress.note("Trying to pull " + candidate + "...");
            try {
                String id = copyWithRetries(candidate, describe, wanted);
                recordChoice(resolution, candidate);
                return id;
            } catch (EngineException e) {
                access.debug("Error pulling candidate " + candidate + ": " + e.getMessage());
                errors.add(e.getMessage());
            }
        }
        if (local != null && pullPolicy.equals("newer")) {
            return local.id();
        }
        if (errors.size() == 1) {
            throw new EngineException(errors.getFirst());
        }
        StringBuilder sb = new StringBuilder(errors.size() + " errors occurred while pulling:");
        for (String e : errors) {
            sb.append("\n * ").append(e);
        }
        throw new EngineException(sb.toString());
    }

    /**
     * podman's "Please select an image" prompt over the candidates, on the terminal in raw mode (restored
     * whatever happens); Ctrl-C fails the pull with {@code ^C} before anything is fetched.
     */
    private static int prompt(Resolution resolution) throws IOException {
        List<String> items = resolution.candidates().stream().map(ImageReference::toString).toList();
        try (TtyPromptTerminal tty = TtyPromptTerminal.open()) {
            return new SelectPrompt(items).run(tty);
        }
    }

    /** The user's pick, once pulled, becomes the short name's alias; a failure is only logged, as podman does. */
    private void recordChoice(Resolution resolution, ImageReference candidate) {
        try {
            policy().recordChoice(resolution, candidate);
        } catch (RegistriesConfException e) {
            progress.logrusError("Error recording short-name alias \"" + candidate + "\": " + e.getMessage());
        }
    }

    /** A short name's alias as stored (podman's local look-up tries aliases too), or null. */
    private ImageRow aliasedLocal(String name, List<ImageRow> rows) {
        try {
            if (ImageReference.parse(name).hasDomain()) {
                return null;
            }
            Resolution r = policy().resolve(name, false);
            return r.rationale() == Resolution.Rationale.ALIAS ? ImageLookup.findOrNull(r.candidates().getFirst().toString(), rows)
                    : null;
        } catch (RuntimeException e) {
            return null;   // not a name, or no alias: the pull itself reports what is wrong
        }
    }

    private static Platform platformOf(ImageRow img) {
        Map<String, Object> config = io.peapod.image.Json.object(img.config(), "image config");
        return new Platform(io.peapod.image.Json.string(config.get("os")), io.peapod.image.Json.string(config.get("architecture")),
                io.peapod.image.Json.string(config.get("variant")));
    }

    /** Whether the registry's manifest for {@code candidate} (primary location) is not the stored image's. */
    private boolean differs(ImageReference candidate, ImageRow local) {
        PullSource primary = policy().pullSources(candidate).getLast();
        if (primary.blockedError() != null) {
            throw new EngineException(primary.blockedError());
        }
        ImageReference physical = ImageReference.parse(primary.reference());
        try (RegistryClient client = RegistryClient.open(physical.domain(), access.options(physical.name(), primary.insecure()))) {
            Optional<Descriptor> head = client.headManifest(physical.path(), reference(physical));
            if (head.isEmpty()) {
                throw new EngineException("reading manifest " + reference(physical) + " in " + physical.name()
                        + ": manifest unknown");
            }
            return !head.get().digest().equals(local.digest());
        }
    }

    /**
     * podman's copy retry (common/pkg/retry): a source that could not be reached for a reason that may pass
     * (a refused or reset connection, a timeout) is tried again up to 3 times, 1 s apart, with logrus's
     * warning line; a registry's answer (unknown manifest, unauthorized), an unknown host or a TLS failure is not.
     */
    private String copyWithRetries(ImageReference candidate, String describe, Platform wanted) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return copyCandidate(candidate, describe, wanted);
            } catch (SourceFailure e) {
                if (!e.retryable || attempt > RETRIES) {
                    throw e;
                }
                progress.logrusWarning("Failed, retrying in 1s ... (" + attempt + "/" + RETRIES + "). Error: " + e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int RETRIES = 3;

    /** The source could not be opened; {@code retryable} when podman's retry would try again. */
    private static final class SourceFailure extends EngineException {
        final boolean retryable;

        SourceFailure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }
    }

    /** Go's errno values that common/pkg/retry retries, as our transport errors word them. */
    private static boolean retryable(RegistryException e) {
        if (e == null || e.kind() != RegistryException.Kind.TRANSPORT) {
            return false;
        }
        String m = String.valueOf(e.getMessage());
        return m.endsWith("connect: connection refused") || m.endsWith("connection reset by peer") || m.endsWith(": EOF")
                || m.contains("i/o timeout") || m.endsWith("timeout awaiting response headers");
    }

    /** Opens the first pull source that serves {@code candidate} and copies the image; podman's errors. */
    private String copyCandidate(ImageReference candidate, String describe, Platform wanted) throws IOException {
        RegistrySource src = open(candidate, describe);
        try (src) {
            String name = candidate.toString();
            return copy.pullOne(src, () -> List.of(name), name, wanted, progress);
        } catch (IOException | RegistryException e) {
            RegistryException r = RegistrySource.registryError(e);
            throw new EngineException(r != null ? r.getMessage() : e.getMessage());
        }
    }

    /**
     * containers/image's newImageSource: each pull source in order, the first whose manifest can be read wins.
     * One source: its error as is; several: {@code (Mirrors also failed: [REF: ERR]\n[REF: ERR]): REF: ERR}.
     */
    private RegistrySource open(ImageReference candidate, String describe) {
        List<PullSource> sources = policy().pullSources(candidate);
        List<String> attempts = new ArrayList<>();
        RegistryException last = null;
        for (PullSource s : sources) {
            if (s.blockedError() != null) {
                attempts.add(s.blockedError());
                last = null;
                continue;
            }
            ImageReference physical = ImageReference.parse(s.reference());
            RegistryClient client = null;
            try {
                client = RegistryClient.open(physical.domain(), access.options(physical.name(), s.insecure()));
                RegistrySource src = new RegistrySource(client, physical.path(), reference(physical), describe);
                src.manifest();   // cached: the copy reads it again without a request
                return src;
            } catch (RegistryException e) {
                if (client != null) {
                    client.close();
                }
                access.debug("Trying to access \"" + s.reference() + "\" failed: " + e.getMessage());
                attempts.add(e.getMessage());
                last = e;
            }
        }
        String detail;
        if (attempts.size() == 1) {
            detail = attempts.getFirst();
        } else {
            List<String> extras = new ArrayList<>();
            for (int i = 0; i < attempts.size() - 1; i++) {
                extras.add("[" + sources.get(i).reference() + ": " + attempts.get(i) + "]");
            }
            detail = "(Mirrors also failed: " + String.join("\n", extras) + "): " + sources.getLast().reference() + ": "
                    + attempts.getLast();
        }
        throw new SourceFailure("initializing source " + describe + ": " + detail, retryable(last));
    }

    /** The tag or digest to ask the registry for. */
    private static String reference(ImageReference r) {
        return r.hasDigest() ? r.digest() : r.hasTag() ? r.tag() : "latest";
    }

    private RegistriesPolicy policy() {
        if (policy == null) {
            try {
                policy = new RegistriesPolicy(RegistriesPolicy.loadConf(env, "root".equals(System.getProperty("user.name"))));
            } catch (RegistriesConfException e) {
                throw new EngineException(e.getMessage());
            }
        }
        return policy;
    }
}

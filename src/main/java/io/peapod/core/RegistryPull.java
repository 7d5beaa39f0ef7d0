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
    private final RegistrySources sources;
    private final CopyProgress progress;
    /** --platform, --os, --arch or --variant was given: a stored image of another platform does not count. */
    private boolean explicitPlatform;

    RegistryPull(ImageCopy copy, ImageService service, RegistryAccess access, CopyProgress progress) {
        this.copy = copy;
        this.service = service;
        this.access = access;
        this.sources = new RegistrySources(access);
        this.progress = progress;
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
        PullSource primary = sources.policy().pullSources(repo).getLast();
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
                resolution = sources.policy().resolve(name, TtyPromptTerminal.available());
            }
        } catch (ReferenceException | RegistriesConfException e) {
            throw new EngineException(e.getMessage());
        }
        if (resolution.prompt()) {
            resolution = sources.policy().chosen(resolution, prompt(resolution));
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
            sources.policy().recordChoice(resolution, candidate);
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
            Resolution r = sources.policy().resolve(name, false);
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
        PullSource primary = sources.policy().pullSources(candidate).getLast();
        if (primary.blockedError() != null) {
            throw new EngineException(primary.blockedError());
        }
        ImageReference physical = ImageReference.parse(primary.reference());
        try (RegistryClient client = RegistryClient.open(physical.domain(), access.options(physical.name(), primary.insecure()))) {
            Optional<Descriptor> head = client.headManifest(physical.path(), RegistrySources.reference(physical));
            if (head.isEmpty()) {
                throw new EngineException("reading manifest " + RegistrySources.reference(physical) + " in " + physical.name()
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
            } catch (RegistrySources.OpenFailure e) {
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

    /** Opens the first pull source that serves {@code candidate} and copies the image; podman's errors. */
    private String copyCandidate(ImageReference candidate, String describe, Platform wanted) throws IOException {
        RegistrySource src = sources.open(candidate, describe);
        try (src) {
            String name = candidate.toString();
            String id = copy.pullOne(src, () -> List.of(name), name, wanted, progress);
            rememberBlobs(src, id);
            return id;
        } catch (IOException | RegistryException e) {
            RegistryException r = RegistrySource.registryError(e);
            throw new EngineException(r != null ? r.getMessage() : e.getMessage());
        }
    }

    /**
     * Tells the blob-info cache what this pull learned, as containers/image's copy does: where each blob
     * of the image is (so a push to another repository of that registry mounts it instead of uploading)
     * and which compressed blob each layer's diff id came as (so a push need not recompress it). Hints
     * only: a failure here never fails the pull.
     */
    private void rememberBlobs(RegistrySource src, String imageId) {
        try {
            ImageRow row = null;
            for (ImageRow r : service.rows()) {
                if (r.id().equals(imageId)) {
                    row = r;
                }
            }
            if (row == null || row.manifest() == null) {
                return;
            }
            io.peapod.image.Manifest m = io.peapod.image.Manifest.parse(row.manifest(), row.manifestType());
            List<Object> diffIds = io.peapod.image.Json.list(io.peapod.image.Json.map(
                    io.peapod.image.Json.object(row.config(), "image config").get("rootfs")).get("diff_ids"));
            new BlobInfoCache(copy.store().graphRoot()).recordPulled(src.client().registry(), src.repository(), m,
                    diffIds.stream().map(String::valueOf).toList());
        } catch (RuntimeException e) {
            access.debug("Not recording the pulled blobs in the blob-info cache: " + e.getMessage());
        }
    }
}

package io.peapod.core;

import io.peapod.config.RegistriesConf.PullSource;
import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryException;
import io.peapod.registry.RegistrySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens images in registries as containers/image's docker transport does (its newImageSource):
 * registries.conf's policy for the name (mirrors first, then the primary location; a blocked one fails
 * unseen), credentials, TLS and certificates from {@link RegistryAccess}. Shared by pull and by
 * {@code manifest add/inspect}, which read a registry image without pulling it.
 */
final class RegistrySources {
    private final RegistryAccess access;
    private final Map<String, String> env;
    private RegistriesPolicy policy;

    RegistrySources(RegistryAccess access) {
        this.access = access;
        this.env = System.getenv();
    }

    RegistryAccess access() {
        return access;
    }

    /** registries.conf (and the short-name aliases) as this process reads them; podman's error when malformed. */
    RegistriesPolicy policy() {
        if (policy == null) {
            try {
                policy = new RegistriesPolicy(RegistriesPolicy.loadConf(env, "root".equals(System.getProperty("user.name"))));
            } catch (RegistriesConfException e) {
                throw new EngineException(e.getMessage());
            }
        }
        return policy;
    }

    /**
     * The opening failed: {@code detail} is containers/image's error without the
     * {@code initializing source REF: } pull puts in front (other commands wrap it in their own words);
     * {@code retryable} when podman's copy retry would try again.
     */
    static final class OpenFailure extends EngineException {
        final String detail;
        final boolean retryable;

        OpenFailure(String describe, String detail, boolean retryable) {
            super("initializing source " + describe + ": " + detail);
            this.detail = detail;
            this.retryable = retryable;
        }
    }

    /**
     * containers/image's newImageSource: each pull source in order, the first whose manifest can be read wins.
     * One source: its error as is; several: {@code (Mirrors also failed: [REF: ERR]\n[REF: ERR]): REF: ERR}.
     * The source's manifest is read (and cached) before it is returned.
     *
     * @param describe the reference for messages ({@code docker://HOST/REPO:TAG})
     */
    RegistrySource open(ImageReference candidate, String describe) {
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
        throw new OpenFailure(describe, detail, retryable(last));
    }

    /** The tag or digest to ask the registry for. */
    static String reference(ImageReference r) {
        return r.hasDigest() ? r.digest() : r.hasTag() ? r.tag() : "latest";
    }

    /**
     * {@code docker://} and the reference as containers/image prints it (transports.ImageName): the
     * familiar form, Docker Hub's {@code docker.io/library/} left out, {@code :latest} added.
     */
    static String describe(ImageReference normalized) {
        String s = normalized.toString();
        if (s.startsWith("docker.io/")) {
            s = s.substring("docker.io/".length());
            if (s.startsWith("library/") && s.indexOf('/', "library/".length()) < 0) {
                s = s.substring("library/".length());
            }
        }
        return "docker://" + s;
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
}

package io.peapod.image;

import java.util.Locale;
import java.util.Objects;

/**
 * A parsed image reference {@code [domain/]path[:tag][@digest]}, following the grammar of
 * github.com/distribution/reference (see {@link ReferenceGrammar}).
 *
 * <p>{@code domain} is {@code null} when the reference names none; {@code tag} and {@code digest} are
 * {@code null} when absent. Empty strings are normalised to {@code null} so callers test one thing.
 *
 * <p>The first path component is the domain only if it contains a {@code '.'} or {@code ':'} (host
 * name, IP address, port, {@code [IPv6]}) or is exactly {@code localhost} — docker's and podman's
 * rule for telling {@code quay.io/x} from {@code library/x}. Unlike docker's {@code splitDockerDomain}
 * an upper-case first component is not taken as a domain: {@code Foo/bar} is rejected as upper case,
 * which is what podman's tag and inspect report.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    /**
     * Written out rather than generated: a record's generated equals/hashCode spin classes through
     * ObjectMethods on first use, which every {@code run} would pay for (image lookup keeps a set of these).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && java.util.Objects.equals(domain, r.domain)
                && java.util.Objects.equals(path, r.path) && java.util.Objects.equals(tag, r.tag)
                && java.util.Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(domain, path, tag, digest);
    }

    static final String LOCALHOST = "localhost";
    static final String DOCKER_HUB = "docker.io";
    static final String LEGACY_DOCKER_HUB = "index.docker.io";
    static final String OFFICIAL_PREFIX = "library/";
    static final String DEFAULT_TAG = "latest";

    static final String INVALID_FORMAT = "invalid reference format";
    static final String UPPERCASE = "invalid reference format: repository name must be lowercase";
    static final String NAME_EMPTY = "repository name must have at least one component";
    static final String NAME_TOO_LONG =
            "repository name must not be more than " + ReferenceGrammar.PATH_MAX + " characters";

    public ImageReference {
        domain = emptyToNull(domain);
        tag = emptyToNull(tag);
        digest = emptyToNull(digest);
        if (path == null || path.isEmpty()) {
            throw new ReferenceException(NAME_EMPTY);
        }
    }

    /**
     * Parses {@code s} strictly by the grammar, adding no defaults: {@code busybox} stays domain-less
     * and untagged. Use {@link #normalizeForLocal} or {@link #normalizeDockerHub} for podman's defaults.
     *
     * @throws ReferenceException with docker's message when {@code s} is not a valid reference
     */
    public static ImageReference parse(String s) {
        Objects.requireNonNull(s, "reference");
        ReferenceGrammar.Parts m = ReferenceGrammar.reference(s);
        if (m == null) {
            if (s.isEmpty()) {
                throw new ReferenceException(NAME_EMPTY);
            }
            // Same order as distribution's Parse: if lower-casing would fix it, say so.
            if (ReferenceGrammar.reference(s.toLowerCase(Locale.ROOT)) != null) {
                throw new ReferenceException(UPPERCASE);
            }
            throw new ReferenceException(INVALID_FORMAT);
        }
        String name = m.name();
        String domain = null;
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (isDomainLike(first) && ReferenceGrammar.isDomain(first)) {
                domain = first;
                path = name.substring(slash + 1);
            }
        }
        // The grammar accepted the first component as a (mixed-case) domain; as a path it must be lower case.
        if (!ReferenceGrammar.isPath(path)) {
            if (ReferenceGrammar.isPath(path.toLowerCase(Locale.ROOT))) {
                throw new ReferenceException(UPPERCASE);
            }
            throw new ReferenceException(INVALID_FORMAT);
        }
        if (path.length() > ReferenceGrammar.PATH_MAX) {
            throw new ReferenceException(NAME_TOO_LONG);
        }
        String digest = m.digest();
        if (digest != null) {
            Digest.parse(digest); // algorithm-specific length and case checks, as go-digest does
        }
        return new ImageReference(domain, path, m.tag(), digest);
    }

    /**
     * Normalises {@code s} the way podman names images in its local store: libimage's
     * {@code NormalizeName}, used by {@code podman tag}, {@code commit}, {@code import}, {@code build -t}
     * and for the names of loaded images.
     *
     * <ul>
     *   <li>no domain → {@code localhost/} ({@code busybox} → {@code localhost/busybox:latest},
     *       {@code foo/bar:1} → {@code localhost/foo/bar:1});</li>
     *   <li>Docker Hub names are canonicalised ({@code docker.io/busybox} →
     *       {@code docker.io/library/busybox}, {@code index.docker.io} → {@code docker.io});</li>
     *   <li>tag and digest both present → the tag is dropped (docker compat: the digest wins);</li>
     *   <li>neither present → {@code :latest}.</li>
     * </ul>
     */
    public static ImageReference normalizeForLocal(String s) {
        ImageReference ref = parse(s);
        if (!ref.hasDomain()) {
            ref = new ImageReference(LOCALHOST, ref.path, ref.tag, ref.digest);
        }
        return ref.canonicalDockerHub().withDefaultTagOrDigestOnly();
    }

    /**
     * Normalises {@code s} by docker's rules (distribution's {@code ParseDockerRef}): no domain →
     * {@code docker.io}; a single-component Docker Hub path gets {@code library/};
     * {@code index.docker.io} → {@code docker.io}; tag dropped when a digest is present; {@code :latest}
     * added when neither is. Podman uses this as the last, backwards-compatible candidate when looking up
     * a short name locally, and to resolve short names when pulling with Docker Hub as the only registry.
     *
     * @throws ReferenceException also for a bare 64-hex string, which docker reserves for image IDs
     */
    public static ImageReference normalizeDockerHub(String s) {
        Objects.requireNonNull(s, "reference");
        if (ReferenceGrammar.isFullId(s)) {
            throw new ReferenceException(
                    "invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        ImageReference ref = parse(s);
        if (!ref.hasDomain()) {
            ref = new ImageReference(DOCKER_HUB, ref.path, ref.tag, ref.digest);
        }
        return ref.canonicalDockerHub().withDefaultTagOrDigestOnly();
    }

    /**
     * Whether {@code s} could be an image ID: 1 to 64 lower-case hex digits (containers/storage resolves
     * any unique ID prefix, even one character), or {@code sha256:} followed by a full 64-hex ID.
     * Short hex strings such as {@code abc} are also valid names; podman tries names first and ID
     * prefixes after, so callers must do the same.
     */
    public static boolean looksLikeImageId(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.startsWith("sha256:")) {
            return isFullImageId(s.substring("sha256:".length()));
        }
        if (s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a full 64-hex image ID (without {@code sha256:}). Podman never treats it as a name. */
    public static boolean isFullImageId(String s) {
        return s != null && ReferenceGrammar.isFullId(s);
    }

    /**
     * Whether {@code userInput} (as typed to images/tag/rmi/inspect) names the stored image name
     * {@code storedName}. See {@link ShortNameMatcher} for the rules.
     */
    public static boolean matchesLocal(String userInput, String storedName) {
        return ShortNameMatcher.matchesLocal(userInput, storedName);
    }

    /** {@code domain/path}, or {@code path} when there is no domain. */
    public String name() {
        return domain == null ? path : domain + "/" + path;
    }

    public boolean hasDomain() {
        return domain != null;
    }

    public boolean hasTag() {
        return tag != null;
    }

    public boolean hasDigest() {
        return digest != null;
    }

    /** This reference with {@code tag} (validated); a digest is kept, as in distribution's {@code WithTag}. */
    public ImageReference withTag(String tag) {
        if (tag == null || !ReferenceGrammar.isTag(tag)) {
            throw new ReferenceException("invalid tag format");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** This reference with {@code digest} (validated); a tag is kept. */
    public ImageReference withDigest(String digest) {
        return new ImageReference(domain, path, tag, Digest.parse(digest).toString());
    }

    /** The repository alone, without tag or digest. */
    public ImageReference withoutTagOrDigest() {
        return new ImageReference(domain, path, null, null);
    }

    /** {@code name[:tag][@digest]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name());
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }

    /** {@code index.docker.io} → {@code docker.io}; {@code docker.io/x} → {@code docker.io/library/x}. */
    ImageReference canonicalDockerHub() {
        String d = LEGACY_DOCKER_HUB.equals(domain) ? DOCKER_HUB : domain;
        String p = path;
        if (DOCKER_HUB.equals(d) && p.indexOf('/') < 0) {
            p = OFFICIAL_PREFIX + p;
        }
        return new ImageReference(d, p, tag, digest);
    }

    /** Docker compat: a digest makes the tag meaningless; a bare name means {@code :latest}. */
    ImageReference withDefaultTagOrDigestOnly() {
        if (digest != null) {
            return tag == null ? this : new ImageReference(domain, path, null, digest);
        }
        return tag != null ? this : new ImageReference(domain, path, DEFAULT_TAG, null);
    }

    /** The domain test shared by docker and podman: a dot, a colon (port or IPv6) or {@code localhost}. */
    static boolean isDomainLike(String component) {
        return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || LOCALHOST.equals(component);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * A content digest {@code algorithm:hex}. Accepted algorithms are those go-digest registers:
     * sha256 (64 hex), sha384 (96) and sha512 (128), always lower-case hex.
     */
    public record Digest(String algorithm, String hex) {

        public Digest {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(hex, "hex");
        }

        /**
         * Parses and validates {@code s}, with go-digest's messages: {@code invalid checksum digest format},
         * {@code unsupported digest algorithm}, {@code invalid checksum digest length}.
         */
        public static Digest parse(String s) {
            if (s == null || !ReferenceGrammar.isDigestForm(s)) {
                throw new ReferenceException("invalid checksum digest format");
            }
            int colon = s.indexOf(':');
            String algorithm = s.substring(0, colon);
            String hex = s.substring(colon + 1);
            int expected = switch (algorithm) {
                case "sha256" -> 64;
                case "sha384" -> 96;
                case "sha512" -> 128;
                default -> throw new ReferenceException("unsupported digest algorithm");
            };
            if (hex.length() != expected) {
                throw new ReferenceException("invalid checksum digest length");
            }
            if (!ReferenceGrammar.isLowerHex(hex)) {
                throw new ReferenceException("invalid checksum digest format");
            }
            return new Digest(algorithm, hex);
        }

        /** A sha256 digest from its 64 hex digits, such as an image ID. */
        public static Digest sha256(String hex) {
            return parse("sha256:" + hex);
        }

        @Override
        public String toString() {
            return algorithm + ":" + hex;
        }
    }
}

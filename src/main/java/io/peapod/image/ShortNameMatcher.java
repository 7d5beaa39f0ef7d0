package io.peapod.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a name typed by the user finds an image in the LOCAL store (images, tag, rmi, inspect, run of a
 * present image), following containers/common libimage {@code Runtime.LookupImage}:
 *
 * <ol>
 *   <li>A full 64-hex ID, or {@code sha256:} + 64 hex, is looked up by ID only — never as a name.</li>
 *   <li>{@code name:tag@digest}: the tag is dropped; the digest alone decides.</li>
 *   <li>Exact candidates, in order ({@link #localCandidates}): for a qualified name (domain with a dot,
 *       a colon or {@code localhost}) the name itself, Docker Hub canonicalised; for a short name
 *       its short-name alias from registries.conf (the typed tag or digest appended), then
 *       {@code localhost/NAME}, then {@code REGISTRY/NAME} for each unqualified-search registry, then the
 *       docker.io form ({@code docker.io/library/NAME}), as containers/image's shortnames.ResolveLocally
 *       plus libimage's Docker Hub fallback. Without tag or digest, {@code :latest} is added.</li>
 *   <li>Then the input as an ID prefix ({@link ImageReference#looksLikeImageId}) — after names, so a
 *       name like {@code abc} wins over an ID starting with {@code abc}.</li>
 *   <li>Last, for short names only, a scan of all stored names ({@code lookupImageInDigestsAndRepoTags}):
 *       a stored name matches if its repository equals NAME or ends with {@code "/" + NAME}, and its tag
 *       equals the requested tag (default {@code latest}). So {@code busybox} finds
 *       {@code quay.io/x/busybox:latest} and {@code y:2} finds {@code docker.io/x/y:2}, but {@code box}
 *       does not find {@code busybox}. With a digest, the tag is ignored and the image must carry the
 *       digest.</li>
 * </ol>
 *
 * <p>{@link #matchesLocal} answers "does this input name this stored name" under rules 2, 3 and 5;
 * every exact candidate of a short name also satisfies rule 5, so no registry list is needed for
 * a yes/no answer. Engines that must pick one image among several use {@link #localCandidates} first.
 */
public final class ShortNameMatcher {
    private ShortNameMatcher() {}

    /**
     * Whether {@code userInput} names {@code storedName} (a fully qualified name as stored, such as
     * {@code docker.io/library/busybox:latest} or {@code quay.io/x/y@sha256:...}). Invalid input and ID
     * forms never match by name.
     */
    public static boolean matchesLocal(String userInput, String storedName) {
        return matchesLocal(userInput, storedName, Set.of());
    }

    /**
     * As {@link #matchesLocal(String, String)}, where {@code imageDigests} are the manifest digests of
     * the image holding {@code storedName}: a digested input matches a tagged stored name only when the
     * image carries that digest.
     */
    public static boolean matchesLocal(String userInput, String storedName, Collection<String> imageDigests) {
        if (userInput == null || storedName == null || isIdForm(userInput)) {
            return false;
        }
        ImageReference wanted;
        ImageReference stored;
        try {
            wanted = dropTagIfDigested(ImageReference.parse(userInput));
            stored = ImageReference.parse(storedName);
        } catch (ReferenceException e) {
            return false;
        }
        if (wanted.hasDomain()) {
            wanted = wanted.canonicalDockerHub();
            return stored.name().equals(wanted.name()) && tagOrDigestMatches(wanted, stored, imageDigests);
        }
        return repositoryEndsWith(stored.name(), wanted.path()) && tagOrDigestMatches(wanted, stored, imageDigests);
    }

    /**
     * The exact names to try, in podman's order, for {@code userInput} (rule 3 above).
     *
     * @param searchRegistries registries.conf {@code unqualified-search-registries}, in order
     * @throws ReferenceException if {@code userInput} is not a valid reference
     */
    public static List<ImageReference> localCandidates(String userInput, List<String> searchRegistries) {
        return localCandidates(userInput, null, searchRegistries);
    }

    /**
     * Whether {@code userInput} is a short name: a valid reference without a registry, and not an ID form.
     * Only these need registries.conf to be looked up.
     */
    public static boolean isShortName(String userInput) {
        if (userInput == null || isIdForm(userInput)) {
            return false;
        }
        try {
            return !ImageReference.parse(userInput).hasDomain();
        } catch (ReferenceException e) {
            return false;
        }
    }

    /**
     * As {@link #localCandidates(String, List)}, with {@code alias} the short-name alias of the input's
     * repository (a fully qualified repository, or null for none): it comes first.
     *
     * @throws ReferenceException if {@code userInput} or the alias is not a valid reference
     */
    public static List<ImageReference> localCandidates(String userInput, String alias, List<String> searchRegistries) {
        ImageReference ref = dropTagIfDigested(ImageReference.parse(userInput));
        Set<ImageReference> out = new LinkedHashSet<>();
        if (ref.hasDomain()) {
            out.add(ref.canonicalDockerHub().withDefaultTagOrDigestOnly());
            return List.copyOf(out);
        }
        if (alias != null) {
            ImageReference target = ImageReference.parse(alias);
            out.add(new ImageReference(target.domain(), target.path(), ref.tag(), ref.digest())
                    .canonicalDockerHub().withDefaultTagOrDigestOnly());
        }
        out.add(new ImageReference(ImageReference.LOCALHOST, ref.path(), ref.tag(), ref.digest())
                .withDefaultTagOrDigestOnly());
        for (String registry : searchRegistries) {
            ImageReference qualified = ImageReference.parse(registry + "/" + ref.path());
            out.add(new ImageReference(qualified.domain(), qualified.path(), ref.tag(), ref.digest())
                    .canonicalDockerHub().withDefaultTagOrDigestOnly());
        }
        out.add(ImageReference.normalizeDockerHub(ref.toString()));
        return new ArrayList<>(out);
    }

    /** Whether the input is an ID form that podman resolves by ID only (rule 1). */
    static boolean isIdForm(String s) {
        return ImageReference.isFullImageId(s) || s.startsWith("sha256:");
    }

    private static ImageReference dropTagIfDigested(ImageReference ref) {
        return ref.hasTag() && ref.hasDigest() ? new ImageReference(ref.domain(), ref.path(), null, ref.digest()) : ref;
    }

    /** {@code name} is {@code suffix} or ends with {@code "/" + suffix}: whole components only. */
    private static boolean repositoryEndsWith(String name, String suffix) {
        return name.equals(suffix) || name.endsWith("/" + suffix);
    }

    private static boolean tagOrDigestMatches(ImageReference wanted, ImageReference stored,
                                              Collection<String> imageDigests) {
        if (wanted.hasDigest()) {
            return wanted.digest().equals(stored.digest()) || imageDigests.contains(wanted.digest());
        }
        String tag = wanted.hasTag() ? wanted.tag() : ImageReference.DEFAULT_TAG;
        return tag.equals(stored.tag());
    }
}

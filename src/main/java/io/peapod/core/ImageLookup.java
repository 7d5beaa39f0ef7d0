package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;
import io.peapod.image.ShortNameMatcher;
import io.peapod.state.ImageRow;

import java.util.List;
import java.util.Set;

/**
 * Finds the stored image a user means, in podman's order (see {@link ShortNameMatcher}): a full id,
 * then exact names, then an id prefix, then a short name matched against every stored name.
 */
final class ImageLookup {
    private ImageLookup() {}

    static ImageRow find(String input, List<ImageRow> images) {
        ImageRow found = findOrNull(input, images);
        if (found == null) {
            throw new EngineException(input + ": image not known");
        }
        return found;
    }

    static ImageRow findOrNull(String input, List<ImageRow> images) {
        String id = input.startsWith("sha256:") ? input.substring("sha256:".length()) : input;
        if (ImageReference.isFullImageId(id)) {
            return images.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
        }
        List<ImageReference> candidates;
        try {
            candidates = ShortNameMatcher.localCandidates(input, List.of());
        } catch (ReferenceException e) {
            candidates = List.of();
        }
        for (ImageReference candidate : candidates) {
            for (ImageRow img : images) {
                if (names(img, candidate)) {
                    return img;
                }
            }
        }
        if (ImageReference.looksLikeImageId(input)) {
            List<ImageRow> byPrefix = images.stream().filter(i -> i.id().startsWith(id)).toList();
            if (byPrefix.size() > 1) {
                throw new EngineException("image " + input + " is ambiguous: it prefixes " + byPrefix.size() + " image ids");
            }
            if (byPrefix.size() == 1) {
                return byPrefix.getFirst();
            }
        }
        for (ImageRow img : images) {
            for (String name : img.names()) {
                if (ShortNameMatcher.matchesLocal(input, name, Set.of(img.digest()))) {
                    return img;
                }
            }
        }
        return null;
    }

    /** Whether {@code img} carries the exact reference {@code ref} (by name, or by repository and digest). */
    private static boolean names(ImageRow img, ImageReference ref) {
        if (ref.hasDigest()) {
            if (!ref.digest().equals(img.digest())) {
                return false;
            }
            return img.names().stream().anyMatch(n -> repository(n).equals(ref.name()));
        }
        return img.names().contains(ref.toString());
    }

    /** Which of {@code img}'s names {@code input} refers to (by podman's lookup rules), or its first name. */
    static String nameMatching(String input, ImageRow img) {
        for (String n : img.names()) {
            ImageRow onlyThisName = new ImageRow(img.id(), null, img.digest(), null, null, null, 0, 0, List.of(n));
            if (findOrNull(input, List.of(onlyThisName)) != null) {
                return n;
            }
        }
        return img.names().getFirst();
    }

    /** The repository part of a stored name: without its tag or digest. */
    static String repository(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    /** The tag of a stored name, or "" when it has none. */
    static String tag(String name) {
        if (name.indexOf('@') >= 0) {
            return "";
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "";
    }
}

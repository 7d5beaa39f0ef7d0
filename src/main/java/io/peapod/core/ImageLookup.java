package io.peapod.core;

import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;
import io.peapod.image.ShortNameMatcher;
import io.peapod.state.ImageRow;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the stored image a user means, in podman's order (see {@link ShortNameMatcher}): a full id,
 * then exact names (for a short name: its alias, localhost/, the unqualified-search registries and
 * docker.io, from registries.conf), then an id prefix, then a short name matched against every stored name.
 */
final class ImageLookup {
    private ImageLookup() {}

    static ImageRow find(String input, List<ImageRow> images) {
        return find(input, images, ImageLookup::processShortNames);
    }

    static ImageRow find(String input, List<ImageRow> images, Supplier<ShortNames> shortNames) {
        ImageRow found = findOrNull(input, images, shortNames);
        if (found == null) {
            throw new EngineException(input + ": image not known");
        }
        return found;
    }

    /** What registries.conf says about short names, as far as local look-ups need it. */
    interface ShortNames {
        /** The alias of a short repository name, or null. */
        String aliasOf(String shortName);

        List<String> searchRegistries();
    }

    /**
     * This process's registries.conf, read on the first short name looked up, never for an id or a
     * qualified name (so {@code inspect ID} and the container path with full names pay nothing). A CLI
     * process sees one configuration, as containers/image caches its own per process.
     */
    private static volatile ShortNames processShortNames;

    private static ShortNames processShortNames() {
        ShortNames s = processShortNames;
        if (s == null) {
            RegistriesPolicy policy = new RegistriesPolicy(RegistriesPolicy.loadConf(System.getenv(),
                    "root".equals(System.getProperty("user.name"))));
            s = new ShortNames() {
                @Override
                public String aliasOf(String shortName) {
                    return policy.aliasOf(shortName);
                }

                @Override
                public List<String> searchRegistries() {
                    return policy.conf().searchRegistries();
                }
            };
            processShortNames = s;
        }
        return s;
    }

    static ImageRow findOrNull(String input, List<ImageRow> images) {
        return findOrNull(input, images, ImageLookup::processShortNames);
    }

    /**
     * @param shortNames asked only when {@code input} is a short name; when it cannot be read
     *                   (a malformed registries.conf), the image is not known, as in podman
     */
    static ImageRow findOrNull(String input, List<ImageRow> images, Supplier<ShortNames> shortNames) {
        String id = input.startsWith("sha256:") ? input.substring("sha256:".length()) : input;
        if (ImageReference.isFullImageId(id)) {
            return images.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
        }
        List<ImageReference> candidates;
        try {
            if (ShortNameMatcher.isShortName(input)) {
                ShortNames conf = shortNames.get();
                String path = ImageReference.parse(input).path();
                candidates = ShortNameMatcher.localCandidates(input, conf.aliasOf(path), conf.searchRegistries());
            } else {
                candidates = ShortNameMatcher.localCandidates(input, List.of());
            }
        } catch (RegistriesConfException e) {
            return null;
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
        return nameMatching(input, img, ImageLookup::processShortNames);
    }

    static String nameMatching(String input, ImageRow img, Supplier<ShortNames> shortNames) {
        for (String n : img.names()) {
            ImageRow onlyThisName = new ImageRow(img.id(), null, img.digest(), null, null, null, 0, 0, List.of(n));
            if (findOrNull(input, List.of(onlyThisName), shortNames) != null) {
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

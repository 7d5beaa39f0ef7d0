package io.peapod.storage;

import io.peapod.sys.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A filesystem seen through a stack of layer directories without mounting them, as overlayfs would
 * show it: the topmost layer holding a name wins, a whiteout (a 0/0 character device) hides the name
 * below it, an opaque directory ({@code trusted.overlay.opaque=y}) hides everything below it, and a
 * non-directory hides what lower layers have under its name. With one directory (vfs, whose layers are
 * full copies) it is simply that directory.
 *
 * <p>Paths are relative ("" is the root). Nothing is followed: a symlink in a layer is a leaf.
 */
public final class LayerView {
    private final List<Path> layers;   // top first
    private final boolean whiteouts;

    /**
     * @param layers    top first
     * @param whiteouts whether the layers carry overlay whiteouts and opaque markers (overlay: yes)
     */
    public LayerView(List<Path> layers, boolean whiteouts) {
        this.layers = layers;
        this.whiteouts = whiteouts;
    }

    /** The "unix" attributes of {@code rel} as the view shows it, or null when it is not there. */
    public Map<String, Object> stat(String rel) throws IOException {
        if (rel.isEmpty()) {
            return layers.isEmpty() ? null : attributes(layers.getFirst());
        }
        for (Path layer : layers) {
            Lookup l = lookup(layer, rel);
            if (l.hidden()) {
                return null;
            }
            if (l.attributes() != null) {
                return isWhiteout(l.attributes()) ? null : l.attributes();
            }
            if (l.opaqueAbove()) {
                return null;
            }
        }
        return null;
    }

    /** Whether {@code rel} sits in the top layer itself (not only in a lower one). */
    public boolean inTopLayer(String rel) throws IOException {
        return !layers.isEmpty() && attributes(layers.getFirst().resolve(rel)) != null;
    }

    /** The names in directory {@code rel} as the view shows it, sorted. */
    public Set<String> list(String rel) throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> decided = new HashSet<>();
        for (Path layer : layers) {
            Lookup l = rel.isEmpty() ? new Lookup(attributes(layer), false, false) : lookup(layer, rel);
            if (l.hidden()) {
                break;
            }
            Map<String, Object> a = l.attributes();
            if (a != null) {
                if (!isDirectory(a)) {
                    break;   // a file here hides whatever lower layers have under this name
                }
                Path dir = rel.isEmpty() ? layer : layer.resolve(rel);
                try (var s = Files.list(dir)) {
                    for (Path child : s.toList()) {
                        String name = child.getFileName().toString();
                        if (decided.add(name)) {
                            Map<String, Object> ca = attributes(child);
                            if (ca != null && !isWhiteout(ca)) {
                                names.add(name);
                            }
                        }
                    }
                }
                if (isOpaque(dir)) {
                    break;
                }
            } else if (l.opaqueAbove()) {
                break;
            }
        }
        return names;
    }

    /**
     * What one layer says about {@code rel}: its attributes when it holds it, {@code hidden} when an
     * ancestor in this layer is a whiteout or not a directory (so lower layers are hidden too), and
     * {@code opaqueAbove} when an ancestor in this layer is an opaque directory.
     */
    private record Lookup(Map<String, Object> attributes, boolean hidden, boolean opaqueAbove) {}

    private Lookup lookup(Path layer, String rel) throws IOException {
        String[] parts = rel.split("/");
        Path current = layer;
        boolean opaque = false;
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            Map<String, Object> a = attributes(current);
            if (a == null) {
                return new Lookup(null, false, opaque);
            }
            if (isWhiteout(a) || !isDirectory(a)) {
                return new Lookup(null, true, opaque);
            }
            if (isOpaque(current)) {
                opaque = true;
            }
        }
        return new Lookup(attributes(current.resolve(parts[parts.length - 1])), false, opaque);
    }

    private boolean isWhiteout(Map<String, Object> a) {
        return whiteouts && (((Integer) a.get("mode")) & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0;
    }

    private boolean isOpaque(Path dir) {
        if (!whiteouts) {
            return false;
        }
        try {
            byte[] v = LibC.lgetxattr(dir, "trusted.overlay.opaque");
            return v != null && v.length == 1 && v[0] == 'y';
        } catch (RuntimeException e) {
            return false;   // no such attribute
        }
    }

    public static boolean isDirectory(Map<String, Object> a) {
        return (((Integer) a.get("mode")) & 0170000) == 0040000;
    }

    static Map<String, Object> attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode,uid,gid,rdev,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}

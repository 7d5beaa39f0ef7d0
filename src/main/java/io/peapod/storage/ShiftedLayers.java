package io.peapod.storage;

import io.peapod.sys.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A container layer whose files must appear owned by the ids of its user namespace ({@code --userns},
 * {@code --uidmap}): its mapping is kept in the layer's {@code idmap} file.
 *
 * <ul>
 *   <li>overlay: the image's layers are mounted through idmapped mounts ({@link IdmappedMounts}) under
 *   {@code mapped/N} only while the overlay is mounted on them (overlayfs keeps private clones of its
 *   layers, so they are detached right after), and the upper directory belongs to the mapped root. Nothing
 *   is copied: the cost is one perl process (~10 ms) per mount, whatever the image's size.</li>
 *   <li>vfs: the layer is already a copy of the image; its files are chowned to the mapped ids (setuid and
 *   setgid bits, which chown clears, put back), as containers/storage's vfs driver does.</li>
 * </ul>
 */
final class ShiftedLayers {
    static final String FILE = "idmap";

    private ShiftedLayers() {}

    /** Records the mapping in the (staging) layer directory and gives the layer's files their owners. */
    static void prepare(Driver driver, Path layerDir, IdMapping mapping) throws IOException {
        traversable(layerDir.toAbsolutePath().getParent());
        Files.writeString(layerDir.resolve(FILE), mapping.serialize());
        Path diff = layerDir.resolve("diff");
        if (driver instanceof Overlay) {
            chown(diff, mapping.hostUid(0), mapping.hostGid(0));
            return;
        }
        try (Stream<Path> s = Files.walk(diff)) {
            for (Path p : s.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                long uid = mapping.hostUid((Integer) a.get("uid"));
                long gid = mapping.hostGid((Integer) a.get("gid"));
                int mode = (Integer) a.get("mode");
                LibC.lchown(p, (int) uid, (int) gid);   // -1: an id the mapping lacks keeps its owner
                if (!Files.isSymbolicLink(p) && (mode & 06000) != 0) {
                    LibC.chmod(p, mode & 07777);
                }
            }
        }
    }

    /**
     * The runtime mounts the root filesystem and the container's files from inside the user namespace, as its
     * root, which is nobody to the host's directories: like podman, every directory above the layer gets the
     * search bit for group and others (a store under a 0700 directory becomes 0711).
     */
    private static void traversable(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            int mode = (Integer) Files.getAttribute(d, "unix:mode");
            if ((mode & 011) != 011) {
                Files.setAttribute(d, "unix:mode", (mode & 07777) | 011);
            }
        }
    }

    private static void chown(Path p, long uid, long gid) throws IOException {
        if (uid >= 0) {
            Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (gid >= 0) {
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The mapping of the container layer in {@code layerDir}; null when its files are not shifted. */
    static IdMapping mapping(Path layerDir) throws IOException {
        Path f = layerDir.resolve(FILE);
        return Files.exists(f) ? IdMapping.parse(Files.readString(f)) : null;
    }

    /** Mounts the overlay of {@code lowers} (topmost first) on {@code merged}, the lowers shifted by {@code mapping}. */
    static void mountOverlay(Path layerDir, IdMapping mapping, List<Path> lowers, Path merged) throws IOException {
        Path mapped = layerDir.resolve("mapped");
        Mounts.unmountAllUnder(mapped);   // what a killed mount left
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < lowers.size(); i++) {
            targets.add(Files.createDirectories(mapped.resolve(Integer.toString(i))));
        }
        try {
            IdmappedMounts.mount(mapping, lowers, targets);
            Overlay.mount(targets, layerDir.resolve("diff"), layerDir.resolve("work"), merged);
        } finally {
            Mounts.unmountAllUnder(mapped);
        }
    }
}

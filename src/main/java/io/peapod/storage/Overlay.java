package io.peapod.storage;

import io.peapod.sys.LibC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Kernel overlayfs: a layer directory holds only that layer's changes, in overlayfs' whiteout format. */
public record Overlay() implements Driver {
    /** statfs f_type of overlayfs: an overlay upper directory cannot itself live on overlayfs. */
    static final long OVERLAYFS_MAGIC = 0x794c7630L;

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public LayerApplier.Whiteouts whiteouts() {
        return LayerApplier.Whiteouts.OVERLAY;
    }

    @Override
    public void prepare(Path newLayerDir, Path parentLayerDir) {
        // Nothing to copy: the parent stays a separate lower directory.
    }

    /** Whether overlay can work with layers stored under {@code dir}: kernel support and a usable backing fs. */
    static boolean usableAt(Path dir) {
        try {
            if (!Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")) {
                return false;
            }
            return LibC.statfs(dir).type() != OVERLAYFS_MAGIC;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Mounts the stack {@code lowerTopFirst} (topmost first) with {@code upper} and {@code work} on
     * {@code target}; read-only when {@code upper} is null.
     */
    public static void mount(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
        String lower = lowerTopFirst.stream().map(Path::toString).collect(Collectors.joining(":"));
        String data = upper == null
                ? "lowerdir=" + lower
                : "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        if (data.length() >= 4096) {
            throw new StorageException("too many layers to mount with overlay (" + lowerTopFirst.size() + ")");
        }
        Mounts.mount("overlay", "overlay", target, upper == null ? LibC.MS_RDONLY : 0, data);
    }
}

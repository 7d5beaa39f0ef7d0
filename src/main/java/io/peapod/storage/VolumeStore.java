package io.peapod.storage;

import io.peapod.state.VolumeRow;
import io.peapod.state.VolumeRows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Volumes' files, where podman keeps them: {@code <graphroot>/volumes/<name>/_data}. Same crash
 * rules as layers: made under {@code .tmp-*} and renamed into place before the row is inserted,
 * removed from the database before the disk, so a directory without a row is debris.
 */
public final class VolumeStore {
    private final Store store;

    public VolumeStore(Store store) {
        this.store = store;
    }

    public Path root() {
        return store.graphRoot().resolve("volumes");
    }

    /** What containers mount: the volume's {@code _data} directory. */
    public Path mountpoint(String name) {
        return root().resolve(name).resolve("_data");
    }

    public List<VolumeRow> all() {
        return store.db().read(VolumeRows::all);
    }

    public VolumeRow find(String name) {
        return store.db().read(c -> VolumeRows.find(c, name));
    }

    /**
     * Makes the volume's directories (0700 and 0755, as podman) and returns them staged; {@link
     * Staged#commit} moves them into place. Must run inside {@link Store#write}.
     */
    public Staged stage(String name) throws IOException {
        if (!Files.isDirectory(root())) {
            Files.createDirectories(root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path staging = root().resolve(Store.stagingName());
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path data = Files.createDirectory(staging.resolve("_data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Staged(name, staging);
    }

    /** A volume's directory, made but not yet in place. */
    public final class Staged {
        private final String name;
        private final Path staging;
        private boolean moved;

        private Staged(String name, Path staging) {
            this.name = name;
            this.staging = staging;
        }

        /** The staged directory (holding {@code _data}), until {@link #commit}. */
        public Path dir() {
            return staging;
        }

        /** Moves the directory into place (replacing debris of a crashed write); the caller then inserts the row. */
        public void commit() throws IOException {
            Path target = root().resolve(name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Mounts.unmountAllUnder(target);
                LayerApplier.deleteTree(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        }

        /** Undoes {@link #commit} or the staging: for a create that failed after it. */
        public void discard() throws IOException {
            LayerApplier.deleteTree(moved ? root().resolve(name) : staging);
        }
    }

    /** Deletes a volume's files; its row must be gone already. Must run inside {@link Store#write}. */
    public void delete(String name) throws IOException {
        Path dir = root().resolve(name);
        Mounts.unmountAllUnder(dir);
        LayerApplier.deleteTree(dir);
    }

    /** Bytes in regular files under the volume, as podman's df counts them. */
    public long size(String name) {
        Path data = mountpoint(name);
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Whether something (a tmpfs volume's mount) is mounted on the volume. */
    public boolean isMounted(String name) throws IOException {
        return !Mounts.under(mountpoint(name)).isEmpty();
    }

    /**
     * Mounts the volume's filesystem from its driver options type/device/o, with mount(8) as podman's
     * local driver does (so any filesystem and option mount(8) knows works the same).
     */
    public void mount(String name, String type, String device, String options) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("mount"));
        if (!type.isEmpty()) {
            cmd.addAll(List.of("-t", type));
        }
        if (!options.isEmpty()) {
            cmd.addAll(List.of("-o", options));
        }
        cmd.add(device);
        cmd.add(mountpoint(name).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new StorageException(output.isEmpty() ? "mount failed" : output, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while mounting volume " + name, e);
        }
    }

    public void unmount(String name) throws IOException {
        Mounts.unmountAllUnder(mountpoint(name));
    }

    /** Volume directories without a row, and temp directories: what a killed writer left. Under the store lock. */
    void removeLeftovers() throws IOException {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<String> known = new HashSet<>();
        all().forEach(v -> known.add(v.name()));
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith(Store.TMP_PREFIX) || (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && !known.contains(name))) {
                    Mounts.unmountAllUnder(d);
                    LayerApplier.deleteTree(d);
                }
            }
        }
    }
}

package io.peapod.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the sources and destinations of the file-based transports. {@code docker://} (the registry
 * client) and {@code containers-storage:} (the local store, in core) are not opened here.
 */
public final class ImageTransports {
    private ImageTransports() {}

    /**
     * Where a registry image is asked of a command that does not read registries yet (pull and push do,
     * in core; manifest add and inspect do not).
     */
    public static final String NO_REGISTRY = "reading images from a registry (docker://) is not supported here yet: "
            + "pull the image first and use containers-storage:NAME, or oci:, oci-archive:, docker-archive: or dir:";

    /** The images {@code ref} names: one, or for a docker-archive without a name or index, all of them. */
    public static List<ImageSource> openSources(TransportReference ref) throws IOException {
        Path path = Path.of(ref.path());
        String describe = ref.toString();
        return switch (ref.transport()) {
            case OCI -> {
                if (!Files.isRegularFile(path.resolve("index.json"))) {
                    throw new ImageException("initializing source oci:" + ref.path() + ":" + (ref.ref() == null ? "" : ref.ref())
                            + ": open " + path.resolve("index.json") + ": no such file or directory");
                }
                yield List.of(new OciLayoutSource(new DirFiles(path), ref.ref(), describe));
            }
            case OCI_ARCHIVE -> {
                if (!Files.exists(path)) {
                    throw new ImageException("creating temp directory: open " + path + ": no such file or directory");
                }
                yield List.of(new OciLayoutSource(indexTar(path), ref.ref(), describe));
            }
            case DOCKER_ARCHIVE -> {
                if (!Files.exists(path)) {
                    throw new ImageException("opening file \"" + path + "\": open " + path + ": no such file or directory");
                }
                yield new ArrayList<>(DockerArchiveSource.open(indexTar(path), describe, ref.ref(), ref.index()));
            }
            case DIR -> List.of(new DirSource(path, describe));
            case DOCKER -> throw new ImageException(NO_REGISTRY);
            case CONTAINERS_STORAGE -> throw new IllegalStateException("containers-storage: is the local store");
        };
    }

    private static TarFiles indexTar(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ImageException(Files.exists(path) ? "open " + path + ": not a regular file"
                    : "open " + path + ": no such file or directory");
        }
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                throw new ImageException("compressed archive " + path + " is not supported here: decompress it first, or use load");
            }
        }
        return TarFiles.index(path);
    }

    /**
     * The destination for {@code ref}; {@code localName} is the name the image has in the store,
     * which a docker-archive records besides the reference's own.
     */
    public static ImageDestination openDestination(TransportReference ref, String localName) throws IOException {
        Path path = Path.of(ref.path());
        String describe = ref.toString();
        return switch (ref.transport()) {
            case OCI -> new OciLayoutDestination(path, ref.ref(), describe);
            case OCI_ARCHIVE -> new OciArchiveDestination(path, ref.ref(), describe);
            case DOCKER_ARCHIVE -> {
                if (ref.index() >= 0) {
                    throw new ImageException("Invalid destination docker-archive:" + ref.path() + ":@" + ref.index()
                            + ": a source index cannot be used for writing");
                }
                List<String> names = new ArrayList<>();
                if (ref.ref() != null) {
                    names.add(ref.ref());
                }
                if (localName != null && !names.contains(localName)) {
                    names.add(localName);
                }
                yield new DockerArchiveDestination(path, names, describe);
            }
            case DIR -> new DirDestination(path, describe);
            case DOCKER -> throw new IllegalStateException("docker:// destinations are the registry client's (core opens them)");
            case CONTAINERS_STORAGE -> throw new IllegalStateException("containers-storage: is the local store");
        };
    }
}

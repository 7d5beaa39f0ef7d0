package io.peapod.image;

/**
 * An image location with its transport, as podman and skopeo write it: {@code docker://NAME},
 * {@code oci:DIR[:REF]}, {@code oci-archive:PATH[:REF]}, {@code docker-archive:PATH[:NAME|@INDEX]},
 * {@code dir:PATH}, {@code containers-storage:[...]NAME}.
 *
 * @param transport which transport
 * @param path      the directory or file; for docker and containers-storage the image name
 * @param ref       the name within an archive or layout (oci's ref.name, docker-archive's tag), or null
 * @param index     docker-archive's {@code @N} source index, else -1
 */
public record TransportReference(Transport transport, String path, String ref, int index) {

    public enum Transport {
        DOCKER("docker"), OCI("oci"), OCI_ARCHIVE("oci-archive"), DOCKER_ARCHIVE("docker-archive"),
        DIR("dir"), CONTAINERS_STORAGE("containers-storage");

        public final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Transports containers/image knows but Peapod does not offer. */
    private static final java.util.List<String> UNSUPPORTED = java.util.List.of("docker-daemon", "ostree", "sif", "tarball", "atomic");

    /** Whether {@code s} starts with a transport name Peapod or containers/image knows. */
    public static boolean hasTransport(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = s.substring(0, colon);
        return transportNamed(name) != null || UNSUPPORTED.contains(name);
    }

    /**
     * Parses {@code s}.
     *
     * @throws ImageException with containers/image's wording (as podman prints it) when the transport
     *                        is unknown or the rest does not fit it
     */
    public static TransportReference parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new ImageException("Invalid image name \"" + s + "\", expected colon-separated transport:reference");
        }
        String name = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        Transport t = transportNamed(name);
        if (t == null) {
            if (UNSUPPORTED.contains(name)) {
                throw new ImageException("the " + name + " transport is not supported");
            }
            throw new ImageException("Invalid image name \"" + s + "\", unknown transport \"" + name + "\"");
        }
        return switch (t) {
            case DOCKER -> {
                if (!rest.startsWith("//")) {
                    throw new ImageException("Invalid image name \"" + s + "\", docker: image reference " + rest + " does not start with //");
                }
                String ref = rest.substring(2);
                ImageReference.parse(ref);   // throws "invalid reference format"
                yield new TransportReference(t, ref, null, -1);
            }
            case OCI, OCI_ARCHIVE -> {
                int c = rest.indexOf(':');
                String path = c < 0 ? rest : rest.substring(0, c);
                String ref = c < 0 ? null : rest.substring(c + 1);
                requirePath(s, path);
                if (ref != null && !ref.isEmpty() && !ref.matches("[a-zA-Z0-9._/:@+-]+")) {
                    throw new ImageException("Invalid image name \"" + s + "\", invalid reference: \"" + ref + "\"");
                }
                yield new TransportReference(t, path, ref == null || ref.isEmpty() ? null : ref, -1);
            }
            case DOCKER_ARCHIVE -> {
                int c = rest.indexOf(':');
                String path = c < 0 ? rest : rest.substring(0, c);
                String ref = c < 0 ? null : rest.substring(c + 1);
                requirePath(s, path);
                if (ref == null || ref.isEmpty()) {
                    yield new TransportReference(t, path, null, -1);
                }
                if (ref.startsWith("@")) {
                    int index;
                    try {
                        index = Integer.parseInt(ref.substring(1));
                    } catch (NumberFormatException e) {
                        throw new ImageException("Invalid image name \"" + s + "\", Invalid source index @" + ref.substring(1));
                    }
                    if (index < 0) {
                        throw new ImageException("Invalid image name \"" + s + "\", Invalid source index @" + index);
                    }
                    yield new TransportReference(t, path, null, index);
                }
                ImageReference named = ImageReference.normalizeDockerHub(ref);
                if (named.digest() != null) {
                    throw new ImageException("Invalid image name \"" + s + "\", docker-archive doesn't support digest references");
                }
                yield new TransportReference(t, path, named.toString(), -1);
            }
            case DIR -> {
                requirePath(s, rest);
                yield new TransportReference(t, rest, null, -1);
            }
            case CONTAINERS_STORAGE -> {
                String ref = rest;
                if (ref.startsWith("[")) {
                    int close = ref.indexOf(']');
                    if (close < 0) {
                        throw new ImageException("Invalid image name \"" + s + "\", invalid reference \"" + rest + "\"");
                    }
                    ref = ref.substring(close + 1);
                }
                if (ref.isEmpty()) {
                    throw new ImageException("Invalid image name \"" + s + "\", invalid reference \"" + rest + "\"");
                }
                yield new TransportReference(t, ref, null, -1);
            }
        };
    }

    private static void requirePath(String s, String path) {
        if (path.isEmpty()) {
            throw new ImageException("Invalid image name \"" + s + "\", path \"\" is empty");
        }
    }

    private static Transport transportNamed(String name) {
        for (Transport t : Transport.values()) {
            if (t.prefix.equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return switch (transport) {
            case DOCKER -> "docker://" + path;
            case DOCKER_ARCHIVE -> transport.prefix + ":" + path + (ref != null ? ":" + ref : index >= 0 ? ":@" + index : "");
            // containers/image's oci references print as DIR:REF, with an empty REF too
            case OCI, OCI_ARCHIVE -> transport.prefix + ":" + path + ":" + (ref != null ? ref : "");
            default -> transport.prefix + ":" + path + (ref != null ? ":" + ref : "");
        };
    }
}

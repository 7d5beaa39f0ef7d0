package io.peapod.image;

/** Manifest, config and layer media types of OCI and docker schema 2, and how a layer is compressed. */
public final class MediaTypes {
    private MediaTypes() {}

    public static final String OCI_MANIFEST = ArchiveWriter.OCI_MANIFEST;
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = ArchiveWriter.OCI_CONFIG;
    public static final String OCI_LAYER = ArchiveWriter.OCI_LAYER;
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String DOCKER_MANIFEST = ArchiveWriter.DOCKER_MANIFEST;
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = ArchiveWriter.DOCKER_CONFIG;
    public static final String DOCKER_LAYER = ArchiveWriter.DOCKER_LAYER;
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** How a layer blob is stored. */
    public enum Compression { NONE, GZIP, ZSTD }

    public static boolean isIndex(String type) {
        return OCI_INDEX.equals(type) || DOCKER_LIST.equals(type);
    }

    public static boolean isDocker(String manifestType) {
        return DOCKER_MANIFEST.equals(manifestType) || DOCKER_LIST.equals(manifestType);
    }

    /** The layer media type for a manifest of {@code manifestType} holding a blob compressed with {@code c}. */
    public static String layerType(String manifestType, Compression c) {
        if (isDocker(manifestType)) {
            return switch (c) {
                case NONE -> DOCKER_LAYER;
                case GZIP -> DOCKER_LAYER_GZIP;
                case ZSTD -> throw new ImageException("zstd compression is not supported for docker v2s2 manifests: use --format oci");
            };
        }
        return switch (c) {
            case NONE -> OCI_LAYER;
            case GZIP -> OCI_LAYER_GZIP;
            case ZSTD -> OCI_LAYER_ZSTD;
        };
    }

    public static String configType(String manifestType) {
        return isDocker(manifestType) ? DOCKER_CONFIG : OCI_CONFIG;
    }
}

package io.peapod.registry;

/**
 * A manifest or index exactly as the registry sent it: its bytes (which its digest is computed
 * over, so they must never be re-serialised), their digest, and the media type.
 */
public record Manifest(String mediaType, String digest, byte[] bytes) {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_V2S2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_V2S1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_V2S1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** What a GET asks for: every type we can use, never schema 1. */
    static final String ACCEPT = OCI_MANIFEST + ", " + OCI_INDEX + ", " + DOCKER_V2S2 + ", " + DOCKER_LIST;

    /** Whether this is a list of manifests (OCI index or Docker manifest list) rather than one image. */
    public boolean isIndex() {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}

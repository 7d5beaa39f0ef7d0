package io.peapod.image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference to a blob: what it is, its digest and size, and for an index's instances the platform.
 *
 * @param digest      {@code sha256:...}; null when the source does not know it (a docker-archive's
 *                    compressed member), in which case only the layer's diff id can be checked
 * @param size        bytes, or -1 when unknown
 * @param platform    the platform of an index instance, else null
 * @param annotations may be empty, never null
 */
public record Descriptor(String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {
    public Descriptor {
        annotations = annotations == null ? Map.of() : annotations;
    }

    public Descriptor(String mediaType, String digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    public Descriptor withMediaType(String type) {
        return new Descriptor(type, digest, size, platform, annotations);
    }

    /** Reads a descriptor object of a manifest or index. */
    static Descriptor parse(Object o) {
        Map<String, Object> m = Json.map(o);
        String digest = Json.string(m.get("digest"));
        if (digest == null || !digest.startsWith("sha256:") || !digest.substring(7).matches("[a-f0-9]{64}")) {
            throw new ImageException("invalid digest \"" + digest + "\" in manifest");
        }
        Object size = m.get("size");
        Platform platform = null;
        if (m.get("platform") instanceof Map<?, ?>) {
            Map<String, Object> p = Json.map(m.get("platform"));
            platform = new Platform(Json.string(p.get("os")), Json.string(p.get("architecture")), Json.string(p.get("variant")));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        Json.map(m.get("annotations")).forEach((k, v) -> annotations.put(k, String.valueOf(v)));
        return new Descriptor(Json.string(m.get("mediaType")), digest,
                size instanceof Number n ? n.longValue() : -1, platform, annotations);
    }

    /** The descriptor as a JSON object in the OCI field order (mediaType, digest, size, annotations). */
    Map<String, Object> toOciJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", mediaType);
        m.put("digest", digest);
        m.put("size", size);
        if (!annotations.isEmpty()) {
            m.put("annotations", new LinkedHashMap<>(annotations));
        }
        return m;
    }

    /** The descriptor in docker schema 2's field order (mediaType, size, digest), as Go serialises it. */
    Map<String, Object> toDockerJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", mediaType);
        m.put("size", size);
        m.put("digest", digest);
        return m;
    }
}

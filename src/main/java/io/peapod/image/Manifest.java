package io.peapod.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest or an index as a source gives it: the exact bytes (their digest names the image) and what
 * they say.
 *
 * @param raw       the bytes as read; the digest is taken over these
 * @param mediaType the manifest's media type (from the document, or as the transport reports it)
 * @param config    the config descriptor; null for an index
 * @param layers    the layer descriptors, base first; empty for an index
 * @param instances an index's per-platform manifests; empty for an image manifest
 */
public record Manifest(byte[] raw, String mediaType, Descriptor config, List<Descriptor> layers,
                       List<Descriptor> instances) {

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    public String digest() {
        return io.peapod.storage.Digests.of(raw);
    }

    /** Parses {@code raw}; {@code reportedType} is what the transport says (may be null). */
    public static Manifest parse(byte[] raw, String reportedType) {
        Map<String, Object> m = Json.object(raw, "manifest");
        String type = Json.string(m.get("mediaType"));
        if (type == null || type.isEmpty()) {
            type = reportedType;
        }
        Object schemaVersion = m.get("schemaVersion");
        if (schemaVersion instanceof Number n && n.intValue() == 1
                || DOCKER_SCHEMA1.equals(type) || DOCKER_SCHEMA1_SIGNED.equals(type)) {
            throw new ImageException("docker schema 1 manifests are not supported: the image must be rebuilt or copied with a newer tool");
        }
        if (m.containsKey("manifests")) {
            List<Descriptor> instances = new ArrayList<>();
            for (Object o : Json.list(m.get("manifests"))) {
                instances.add(Descriptor.parse(o));
            }
            if (type == null || !MediaTypes.isIndex(type)) {
                type = MediaTypes.OCI_INDEX;
            }
            return new Manifest(raw, type, null, List.of(), instances);
        }
        if (!(m.get("config") instanceof Map<?, ?>)) {
            throw new ImageException("invalid manifest: no config");
        }
        Descriptor config = Descriptor.parse(m.get("config"));
        List<Descriptor> layers = new ArrayList<>();
        for (Object o : Json.list(m.get("layers"))) {
            layers.add(Descriptor.parse(o));
        }
        if (type == null || type.isEmpty()) {
            type = MediaTypes.DOCKER_CONFIG.equals(config.mediaType()) ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        }
        return new Manifest(raw, type, config, List.copyOf(layers), List.of());
    }

    private static final String DOCKER_SCHEMA1 = MediaTypes.DOCKER_SCHEMA1;
    private static final String DOCKER_SCHEMA1_SIGNED = MediaTypes.DOCKER_SCHEMA1_SIGNED;

    /**
     * A manifest of {@code manifestType} for {@code config} and {@code layers}, serialised as
     * containers/image writes it: OCI without a top-level mediaType (podman 4.3's OCI manifests have
     * none) and descriptors as mediaType/digest/size; docker schema 2 with mediaType/size/digest.
     */
    public static Manifest build(String manifestType, Descriptor config, List<Descriptor> layers) {
        return build(manifestType, config, layers, Map.of());
    }

    /** As above with the manifest's annotations (OCI only: a docker manifest has none, as containers/image drops them). */
    public static Manifest build(String manifestType, Descriptor config, List<Descriptor> layers,
                                 Map<String, String> annotations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        boolean docker = MediaTypes.isDocker(manifestType);
        if (docker) {
            m.put("mediaType", manifestType);
        }
        m.put("config", docker ? config.toDockerJson() : config.toOciJson());
        List<Object> ls = new ArrayList<>();
        for (Descriptor d : layers) {
            ls.add(docker ? d.toDockerJson() : d.toOciJson());
        }
        m.put("layers", ls);
        if (!docker && !annotations.isEmpty()) {
            m.put("annotations", new java.util.TreeMap<>(annotations));
        }
        byte[] raw = Json.bytes(m);
        return new Manifest(raw, manifestType, config, List.copyOf(layers), List.of());
    }

    /** The annotations of a stored image manifest (an OCI one's; none for docker or unreadable JSON). */
    public static Map<String, String> annotationsOf(byte[] manifest) {
        if (manifest == null || manifest.length == 0) {
            return Map.of();
        }
        try {
            Map<String, String> out = new LinkedHashMap<>();
            Json.map(Json.object(manifest, "manifest").get("annotations")).forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public String toString() {
        return new String(raw, StandardCharsets.UTF_8);
    }
}

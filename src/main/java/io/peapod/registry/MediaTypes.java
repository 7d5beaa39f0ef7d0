package io.peapod.registry;

import io.peapod.json.JsonReader;

import java.util.Locale;
import java.util.Map;

/** A manifest's media type from the {@code Content-Type} header, or guessed from its JSON when the header is generic. */
final class MediaTypes {
    private MediaTypes() {}

    static String of(String contentType, byte[] body) {
        String type = strip(contentType);
        if (isManifest(type) || type.equals(Manifest.DOCKER_V2S1) || type.equals(Manifest.DOCKER_V2S1_SIGNED)) {
            return type;
        }
        return guess(body, type);
    }

    /** The type without parameters ({@code ; charset=utf-8}), lower-cased. */
    static String strip(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    static boolean isManifest(String type) {
        return type.equals(Manifest.OCI_MANIFEST) || type.equals(Manifest.OCI_INDEX)
                || type.equals(Manifest.DOCKER_V2S2) || type.equals(Manifest.DOCKER_LIST);
    }

    /** containers/image's GuessMIMEType, for registries that answer text/plain or application/json. */
    private static String guess(byte[] body, String fallback) {
        try {
            if (JsonReader.parse(body) instanceof Map<?, ?> doc) {
                if (doc.get("mediaType") instanceof String t && !t.isEmpty()) {
                    return t;
                }
                Object version = doc.get("schemaVersion");
                if (version instanceof Number n && n.intValue() == 1) {
                    return doc.containsKey("signatures") ? Manifest.DOCKER_V2S1_SIGNED : Manifest.DOCKER_V2S1;
                }
                if (doc.containsKey("manifests")) {
                    return Manifest.OCI_INDEX;
                }
                if (doc.containsKey("config") || doc.containsKey("layers")) {
                    return Manifest.OCI_MANIFEST;
                }
            }
        } catch (IllegalArgumentException notJson) {
            // the header's type stands
        }
        return fallback;
    }
}

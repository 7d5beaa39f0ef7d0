package io.peapod.registry;

import io.peapod.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small images for registry tests: a config blob, one layer blob of random bytes, and a manifest naming them. */
record TestImages(byte[] config, byte[] layer, byte[] manifest, String mediaType) {

    static TestImages oci(int layerSize, long seed) {
        return make(layerSize, seed, Manifest.OCI_MANIFEST, "application/vnd.oci.image.config.v1+json",
                "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    static TestImages docker(int layerSize, long seed) {
        return make(layerSize, seed, Manifest.DOCKER_V2S2, "application/vnd.docker.container.image.v1+json",
                "application/vnd.docker.image.rootfs.diff.tar.gzip");
    }

    private static TestImages make(int layerSize, long seed, String type, String configType, String layerType) {
        byte[] layer = new byte[layerSize];
        new Random(seed).nextBytes(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digests.sha256(layer) + "\"]},\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", type);
        m.put("config", descriptor(configType, config));
        m.put("layers", List.of(descriptor(layerType, layer)));
        return new TestImages(config, layer, JsonWriter.write(m, true), type);
    }

    private static Map<String, Object> descriptor(String type, byte[] data) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", type);
        d.put("digest", Digests.sha256(data));
        d.put("size", data.length);
        return d;
    }

    String configDigest() {
        return Digests.sha256(config);
    }

    String layerDigest() {
        return Digests.sha256(layer);
    }

    String manifestDigest() {
        return Digests.sha256(manifest);
    }

    /** Uploads both blobs (the layer in chunks of {@code chunk} bytes, 0 for one PUT) and the manifest under {@code tag}. */
    void push(RegistryClient client, String repo, String tag, long chunk) {
        client.upload(repo, configDigest(), config.length, BlobSource.of(config), 0);
        client.upload(repo, layerDigest(), layer.length, BlobSource.of(layer), chunk);
        client.putManifest(repo, tag, mediaType, manifest);
    }
}

package io.peapod.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes OCI layouts by hand, for images Peapod cannot make itself (several layers, indexes, damage). */
final class OciLayoutBuilder {
    final Path dir;

    OciLayoutBuilder(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    record Blob(String digest, long size) {}

    /** An image: its config's digest (the image id), its manifest blob. */
    record Image(Blob config, Blob manifest, List<Blob> layers, List<String> diffIds) {}

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gzip(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            { def.setLevel(level); }
        }) {
            z.write(data);
        }
        return out.toByteArray();
    }

    Blob put(byte[] data) throws IOException {
        String d = sha256(data);
        Files.write(dir.resolve("blobs/sha256").resolve(d.substring(7)), data);
        return new Blob(d, data.length);
    }

    /** An image of gzip-compressed layers (the given uncompressed tars) built for {@code arch}. */
    Image image(List<byte[]> tars, String arch) throws IOException {
        List<Blob> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : tars) {
            diffIds.add(sha256(tar));
            layers.add(put(gzip(tar, Deflater.DEFAULT_COMPRESSION)));
        }
        String config = "{\"created\":\"2024-01-02T03:04:05Z\",\"architecture\":\"" + arch + "\",\"os\":\"linux\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + String.join(",", diffIds.stream().map(d -> "\"" + d + "\"").toList()) + "]}}";
        Blob configBlob = put(config.getBytes(StandardCharsets.UTF_8));
        return new Image(configBlob, put(manifest(configBlob, layers).getBytes(StandardCharsets.UTF_8)), layers, diffIds);
    }

    static String manifest(Blob config, List<Blob> layers) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest()
                + "\",\"size\":" + config.size() + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            Blob l = layers.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(l.digest()).append("\",\"size\":").append(l.size()).append('}');
        }
        return sb.append("]}").toString();
    }

    /** index.json naming one image manifest. */
    void index(Blob manifest) throws IOException {
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest.digest() + "\",\"size\":"
                + manifest.size() + "}]}");
    }

    /** index.json naming an image index with one instance per image, each for "linux/ARCH". */
    Blob multiPlatformIndex(List<Image> images, List<String> arches) throws IOException {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
        for (int i = 0; i < images.size(); i++) {
            Blob m = images.get(i).manifest();
            sb.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(m.digest()).append("\",\"size\":").append(m.size())
                    .append(",\"platform\":{\"architecture\":\"").append(arches.get(i)).append("\",\"os\":\"linux\"}}");
        }
        Blob index = put(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + index.digest() + "\",\"size\":"
                + index.size() + "}]}");
        return index;
    }

    Path blobFile(Blob b) {
        return dir.resolve("blobs/sha256").resolve(b.digest().substring(7));
    }
}

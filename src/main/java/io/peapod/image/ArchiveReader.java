package io.peapod.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the images in an archive or directory, whatever its format: an OCI layout
 * ({@code oci-layout} + {@code index.json}), a docker-archive ({@code manifest.json} listing images),
 * or a {@code dir:} copy ({@code manifest.json} being the manifest itself).
 */
public final class ArchiveReader {
    private ArchiveReader() {}

    public static List<ArchivedImage> read(ArchiveFiles files) throws IOException {
        if (files.exists("index.json") && files.exists("oci-layout")) {
            return readOci(files);
        }
        if (files.exists("manifest.json")) {
            byte[] manifest = files.read("manifest.json");
            String text = new String(manifest, java.nio.charset.StandardCharsets.UTF_8).trim();
            return text.startsWith("[") ? readDockerArchive(files, manifest) : readDir(files, manifest);
        }
        throw new ImageException("no image found: the input is neither a docker-archive nor an OCI layout");
    }

    private static List<ArchivedImage> readDockerArchive(ArchiveFiles files, byte[] manifestJson) throws IOException {
        List<ArchivedImage> images = new ArrayList<>();
        for (Object o : Json.array(manifestJson, "manifest.json")) {
            Map<String, Object> entry = Json.map(o);
            String configPath = Json.string(entry.get("Config"));
            if (configPath == null) {
                throw new ImageException("manifest.json entry without Config");
            }
            List<ArchivedImage.ArchivedLayer> layers = new ArrayList<>();
            for (Object l : Json.list(entry.get("Layers"))) {
                String path = l.toString();
                layers.add(new ArchivedImage.ArchivedLayer(path, digestFromPath(path)));
            }
            List<String> names = new ArrayList<>();
            for (Object t : Json.list(entry.get("RepoTags"))) {
                names.add(t.toString());
            }
            images.add(new ArchivedImage(files.read(configPath), null, null, layers, names));
        }
        return images;
    }

    /** New docker versions name blobs {@code blobs/sha256/<hex>}: the path states the digest. */
    private static String digestFromPath(String path) {
        if (path.startsWith("blobs/sha256/") && path.length() == "blobs/sha256/".length() + 64) {
            return "sha256:" + path.substring("blobs/sha256/".length());
        }
        return null;
    }

    private static List<ArchivedImage> readOci(ArchiveFiles files) throws IOException {
        List<ArchivedImage> images = new ArrayList<>();
        Map<String, Object> index = Json.object(files.read("index.json"), "index.json");
        for (Object o : Json.list(index.get("manifests"))) {
            Map<String, Object> desc = Json.map(o);
            String refName = Json.string(Json.map(desc.get("annotations")).get("org.opencontainers.image.ref.name"));
            addOciManifest(files, Json.string(desc.get("digest")), Json.string(desc.get("mediaType")),
                    refName == null ? List.of() : List.of(refName), images);
        }
        return images;
    }

    private static void addOciManifest(ArchiveFiles files, String digest, String mediaType, List<String> names,
                                       List<ArchivedImage> into) throws IOException {
        byte[] manifest = files.read(blobPath(digest));
        Map<String, Object> m = Json.object(manifest, "manifest " + digest);
        String type = mediaType != null ? mediaType : Json.string(m.get("mediaType"));
        if (m.containsKey("manifests")) {
            // An index: take the image for this platform.
            for (Object o : Json.list(m.get("manifests"))) {
                Map<String, Object> d = Json.map(o);
                Map<String, Object> platform = Json.map(d.get("platform"));
                if (platform.isEmpty() || ("linux".equals(platform.get("os")) && "amd64".equals(platform.get("architecture")))) {
                    addOciManifest(files, Json.string(d.get("digest")), Json.string(d.get("mediaType")), names, into);
                    return;
                }
            }
            throw new ImageException("no image for linux/amd64 in index " + digest);
        }
        Map<String, Object> config = Json.map(m.get("config"));
        List<ArchivedImage.ArchivedLayer> layers = new ArrayList<>();
        for (Object o : Json.list(m.get("layers"))) {
            String d = Json.string(Json.map(o).get("digest"));
            layers.add(new ArchivedImage.ArchivedLayer(blobPath(d), d));
        }
        into.add(new ArchivedImage(files.read(blobPath(Json.string(config.get("digest")))), manifest, type, layers, names));
    }

    private static List<ArchivedImage> readDir(ArchiveFiles files, byte[] manifest) throws IOException {
        Map<String, Object> m = Json.object(manifest, "manifest.json");
        String configDigest = Json.string(Json.map(m.get("config")).get("digest"));
        if (configDigest == null) {
            throw new ImageException("manifest.json has no config");
        }
        List<ArchivedImage.ArchivedLayer> layers = new ArrayList<>();
        for (Object o : Json.list(m.get("layers"))) {
            String d = Json.string(Json.map(o).get("digest"));
            layers.add(new ArchivedImage.ArchivedLayer(hexOf(d), d));
        }
        String type = Json.string(m.get("mediaType"));
        return List.of(new ArchivedImage(files.read(hexOf(configDigest)), manifest, type, layers, List.of()));
    }

    private static String blobPath(String digest) {
        if (digest == null || !digest.contains(":")) {
            throw new ImageException("invalid blob digest " + digest);
        }
        String algo = digest.substring(0, digest.indexOf(':'));
        return "blobs/" + algo + "/" + hexOf(digest);
    }

    private static String hexOf(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        if (!hex.matches("[a-f0-9]{32,128}")) {
            throw new ImageException("invalid blob digest " + digest);
        }
        return hex;
    }
}

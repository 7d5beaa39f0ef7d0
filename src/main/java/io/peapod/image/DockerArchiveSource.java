package io.peapod.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One image of a docker-archive ({@code docker save}'s format: manifest.json listing config and layer
 * files). The archive has no manifest of the registry kind, so one is made as containers/image makes
 * it: docker schema 2 whose layers are named by their diff ids and marked gzip whatever they hold
 * (that quirk is what gives podman's manifest digest for these images, so it is kept).
 */
public final class DockerArchiveSource implements ImageSource {
    private final ArchiveFiles files;
    private final String describe;
    private final String configPath;
    private final List<String> layerPaths;
    private final List<String> names;

    private DockerArchiveSource(ArchiveFiles files, String describe, String configPath, List<String> layerPaths,
                                List<String> names) {
        this.files = files;
        this.describe = describe;
        this.configPath = configPath;
        this.layerPaths = layerPaths;
        this.names = names;
    }

    /**
     * The images in the archive: the one tagged {@code ref}, the one at {@code index}, or every image
     * when neither is given.
     */
    public static List<DockerArchiveSource> open(ArchiveFiles files, String describe, String ref, int index)
            throws IOException {
        if (!files.exists("manifest.json")) {
            throw new ImageException("loading tar component manifest.json: file does not exist");
        }
        List<Object> entries = Json.array(files.read("manifest.json"), "manifest.json");
        List<DockerArchiveSource> all = new ArrayList<>();
        for (Object o : entries) {
            Map<String, Object> entry = Json.map(o);
            String config = Json.string(entry.get("Config"));
            if (config == null) {
                throw new ImageException("manifest.json entry without Config");
            }
            List<String> layers = new ArrayList<>();
            for (Object l : Json.list(entry.get("Layers"))) {
                layers.add(l.toString());
            }
            List<String> tags = new ArrayList<>();
            for (Object t : Json.list(entry.get("RepoTags"))) {
                tags.add(t.toString());
            }
            all.add(new DockerArchiveSource(files, describe, config, layers, tags));
        }
        if (index >= 0) {
            if (index >= all.size()) {
                throw new ImageException("Invalid source index @" + index + ", only " + all.size() + " manifest items available");
            }
            return List.of(all.get(index));
        }
        if (ref != null) {
            for (DockerArchiveSource s : all) {
                for (String tag : s.names) {
                    if (ref.equals(normalize(tag))) {
                        return List.of(s.withNames(List.of(ref)));
                    }
                }
            }
            throw new ImageException("Tag \"" + ref + "\" not found");
        }
        if (all.isEmpty()) {
            throw new ImageException("no images in docker-archive " + describe);
        }
        return all;
    }

    private static String normalize(String tag) {
        try {
            return ImageReference.normalizeDockerHub(tag).toString();
        } catch (ReferenceException e) {
            return tag;
        }
    }

    private DockerArchiveSource withNames(List<String> n) {
        return new DockerArchiveSource(files, describe, configPath, layerPaths, n);
    }

    @Override
    public String describe() {
        return describe;
    }

    private Manifest manifest;

    @Override
    public synchronized Manifest manifest() throws IOException {
        if (manifest == null) {
            manifest = makeManifest();
        }
        return manifest;
    }

    private Manifest makeManifest() throws IOException {
        byte[] config = files.read(configPath);
        List<Object> diffIds = Json.list(Json.map(Json.object(config, "image config").get("rootfs")).get("diff_ids"));
        if (diffIds.size() != layerPaths.size()) {
            throw new ImageException("image config lists " + diffIds.size() + " layers but the archive has "
                    + layerPaths.size());
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerPaths.size(); i++) {
            layers.add(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, diffIds.get(i).toString(), files.size(layerPaths.get(i))));
        }
        Descriptor configDesc = new Descriptor(MediaTypes.DOCKER_CONFIG, io.peapod.storage.Digests.of(config), config.length);
        return Manifest.build(MediaTypes.DOCKER_MANIFEST, configDesc, layers);
    }

    @Override
    public Manifest instance(Descriptor d) {
        throw new ImageException("a docker-archive has no manifest list");
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        Manifest m = manifest();
        if (d.digest().equals(m.config().digest())) {
            return files.open(configPath);
        }
        for (int i = 0; i < m.layers().size(); i++) {
            if (m.layers().get(i).digest().equals(d.digest())) {
                return files.open(layerPaths.get(i));
            }
        }
        throw new ImageException("blob " + d.digest() + " not found in " + describe);
    }

    /** The layer descriptors name diff ids: a compressed member's own digest is not known beforehand. */
    @Override
    public boolean layerDigestsAreDiffIds() {
        return true;
    }

    @Override
    public List<String> names() {
        return names;
    }
}

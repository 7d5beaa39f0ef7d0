package io.peapod.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An image in an OCI layout: the {@code oci:} directory or the {@code oci-archive:} tar. */
public final class OciLayoutSource implements ImageSource {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private final ArchiveFiles files;
    private final String describe;
    private final Descriptor chosen;

    /** Opens the layout and picks the image named {@code ref} (null: the only one). */
    public OciLayoutSource(ArchiveFiles files, String ref, String describe) throws IOException {
        this.files = files;
        this.describe = describe;
        if (!files.exists("index.json")) {
            throw new ImageException("open " + describe + ": no index.json: not an OCI layout");
        }
        Map<String, Object> index = Json.object(files.read("index.json"), "index.json");
        List<Descriptor> all = new ArrayList<>();
        for (Object o : Json.list(index.get("manifests"))) {
            all.add(Descriptor.parse(o));
        }
        this.chosen = choose(all, ref);
    }

    /** containers/image's oci layout rules: a ref picks by ref.name; without one there must be exactly one image. */
    private static Descriptor choose(List<Descriptor> all, String ref) {
        if (ref == null) {
            if (all.size() != 1) {
                throw new ImageException(all.isEmpty() ? "no images in the OCI layout"
                        : "more than one image in oci, choose an image");
            }
            return all.getFirst();
        }
        for (Descriptor d : all) {
            if (ref.equals(d.annotations().get(REF_NAME))) {
                return d;
            }
        }
        throw new ImageException("no descriptor found for reference \"" + ref + "\"");
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Manifest manifest() throws IOException {
        return instance(chosen);
    }

    @Override
    public Manifest instance(Descriptor d) throws IOException {
        return Manifest.parse(readBlob(d), d.mediaType());
    }

    private byte[] readBlob(Descriptor d) throws IOException {
        try (InputStream in = blob(d)) {
            return in.readAllBytes();
        }
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        return files.open("blobs/sha256/" + io.peapod.storage.Digests.hex(d.digest()));
    }

    @Override
    public List<String> names() {
        String name = chosen.annotations().get(CONTAINERD_NAME);
        if (name == null || name.isEmpty()) {
            name = chosen.annotations().get(REF_NAME);
        }
        return name == null || name.isEmpty() ? List.of() : List.of(name);
    }

    @Override
    public void close() throws IOException {
        if (files instanceof Closeable c) {
            c.close();
        }
    }
}

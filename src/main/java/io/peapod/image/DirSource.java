package io.peapod.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image in a {@code dir:} directory: manifest.json and blobs named by their hex digest. */
public final class DirSource implements ImageSource {
    private final DirFiles files;
    private final String describe;

    public DirSource(Path dir, String describe) {
        if (!Files.isDirectory(dir)) {
            throw new ImageException("open " + dir + "/manifest.json: no such file or directory");
        }
        this.files = new DirFiles(dir);
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Manifest manifest() throws IOException {
        if (!files.exists("manifest.json")) {
            throw new ImageException("open " + files.dir().resolve("manifest.json") + ": no such file or directory");
        }
        return Manifest.parse(files.read("manifest.json"), null);
    }

    /** dir: stores an index's instances as {@code <hex>.manifest.json}. */
    @Override
    public Manifest instance(Descriptor d) throws IOException {
        return Manifest.parse(files.read(io.peapod.storage.Digests.hex(d.digest()) + ".manifest.json"), d.mediaType());
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        return files.open(io.peapod.storage.Digests.hex(d.digest()));
    }
}

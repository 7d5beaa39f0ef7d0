package io.peapod.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A read-only copy of what {@code image inspect} shows for every image, kept beside the database so
 * that the most frequent read needs neither SQLite nor the store lock.
 *
 * <p>Coherence: every change to the images table first deletes the file ({@link #invalidate}, under
 * the store lock), and the writer writes a fresh one after its change, still under the lock (temp
 * file + rename). So the file, when it exists, matches the database; when it does not (a writer is
 * busy, or one was killed in between) readers use the database, and the next image write recreates
 * it. A reader holding the old file while a writer replaces it sees the state before that write,
 * as a database reader would.
 *
 * <p>Format (text, UTF-8): a header line {@code peapod-image-snapshot 1 <driver> <graph root>}, then
 * one line per image: id, digest, created (unix nanos), names (space separated), and the inspect
 * document as compact JSON, separated by tabs. Compact JSON holds no raw tab or newline.
 */
public final class ImageSnapshot {
    static final String FILE = "image-snapshot";
    private static final String MAGIC = "peapod-image-snapshot 1";

    /** One image: what lookup needs, and its inspect document (compact JSON). */
    public record Entry(String id, String digest, long created, List<String> names, byte[] document) {}

    private ImageSnapshot() {}

    static Path file(Path graphRoot) {
        return graphRoot.resolve(FILE);
    }

    /**
     * The snapshot of the store at {@code graphRoot}, if there is a current one written for this
     * root and, when {@code driver} is not empty, this driver.
     */
    public static Optional<List<Entry>> read(Path graphRoot, String driver) {
        byte[] data;
        try {
            data = Files.readAllBytes(file(graphRoot));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();   // unreadable: the database answers instead
        }
        String text = new String(data, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        if (eol < 0) {
            return Optional.empty();
        }
        String[] header = text.substring(0, eol).split(" ", 4);
        if (header.length != 4 || !(header[0] + " " + header[1]).equals(MAGIC)
                || !header[3].equals(graphRoot.toString())
                || (driver != null && !driver.isEmpty() && !Driver.named(driver).name().equals(header[2]))) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        int start = eol + 1;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                return Optional.empty();   // a torn file cannot happen (rename), but never trust one
            }
            String[] f = text.substring(start, end).split("\t", 5);
            if (f.length != 5) {
                return Optional.empty();
            }
            List<String> names = f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(" "));
            entries.add(new Entry(f[0], f[1], Long.parseLong(f[2]), names, f[4].getBytes(StandardCharsets.UTF_8)));
            start = end + 1;
        }
        return Optional.of(entries);
    }

    /** Removes the snapshot: before any change to the images. Must run under the store lock. */
    static void invalidate(Path graphRoot) {
        try {
            Files.deleteIfExists(file(graphRoot));
        } catch (IOException e) {
            throw new UncheckedIOException("removing the image snapshot: " + e.getMessage(), e);
        }
    }

    /** Writes a snapshot of the images as they are now. Must run under the store lock. */
    static void write(Path graphRoot, String driver, List<Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder(MAGIC).append(' ').append(driver).append(' ').append(graphRoot).append('\n');
        for (Entry e : entries) {
            String doc = new String(e.document(), StandardCharsets.UTF_8);
            if (doc.indexOf('\n') >= 0 || doc.indexOf('\t') >= 0) {
                throw new IllegalArgumentException("an inspect document for the snapshot must be compact JSON");
            }
            b.append(e.id()).append('\t').append(e.digest()).append('\t').append(e.created()).append('\t')
                    .append(String.join(" ", e.names())).append('\t').append(doc).append('\n');
        }
        Path tmp = graphRoot.resolve(FILE + ".tmp");   // one writer at a time: the store lock
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file(graphRoot), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package io.peapod.core;

import io.peapod.engine.Timestamp;
import io.peapod.image.Json;
import io.peapod.state.ImageRow;
import io.peapod.storage.ImageSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code image inspect} answered from the {@link ImageSnapshot} instead of the database: the same
 * lookup rules ({@link ImageLookup}) over the snapshot's ids, digests and names, and the document
 * the writer rendered with {@link ImageService#inspect}.
 */
final class ImageDocuments {
    private final List<ImageSnapshot.Entry> entries;
    private final List<ImageRow> rows = new ArrayList<>();

    ImageDocuments(List<ImageSnapshot.Entry> entries) {
        this.entries = entries;
        for (ImageSnapshot.Entry e : entries) {
            rows.add(new ImageRow(e.id(), null, e.digest(), null, null, null, e.created(), 0, e.names()));
        }
    }

    /** What the writer stores for {@code img}: its inspect document, with the time as JSON writes it. */
    static ImageSnapshot.Entry entry(ImageRow img, Map<String, Object> document) {
        Map<String, Object> doc = new LinkedHashMap<>(document);
        doc.put("Created", new Timestamp(img.created()).rfc3339Nano());
        return new ImageSnapshot.Entry(img.id(), img.digest(), img.created(), img.names(), Json.bytes(doc));
    }

    /** The key of a document that stands for a lookup error (a manifest list without a local image for this platform). */
    private static final String LOOKUP_ERROR = "peapod.lookupError";

    static ImageSnapshot.Entry failedEntry(ImageRow img, String message) {
        return new ImageSnapshot.Entry(img.id(), img.digest(), img.created(), img.names(),
                Json.bytes(Map.of(LOOKUP_ERROR, message)));
    }

    boolean exists(String nameOrId) {
        ImageRow found = ImageLookup.findOrNull(nameOrId, rows);
        return found != null && !document(found).containsKey(LOOKUP_ERROR);
    }

    private Map<String, Object> document(ImageRow found) {
        ImageSnapshot.Entry e = null;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == found) {   // identity: a record's equals() would spin classes at run time
                e = entries.get(i);
            }
        }
        return Json.object(e.document(), "image snapshot");
    }

    Map<String, Object> inspect(String nameOrId) {
        ImageRow found = ImageLookup.find(nameOrId, rows);
        ImageSnapshot.Entry e = null;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == found) {
                e = entries.get(i);
            }
        }
        Map<String, Object> doc = Json.object(e.document(), "image snapshot");
        if (doc.get(LOOKUP_ERROR) instanceof String message) {
            throw new io.peapod.engine.EngineException(message);
        }
        doc.put("Created", new Timestamp(e.created()));   // a time again, for --format templates
        return doc;
    }
}

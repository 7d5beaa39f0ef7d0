package io.peapod.storage;

import io.peapod.storage.tar.TarEntry;
import io.peapod.storage.tar.TarWriter;
import io.peapod.sys.LibC;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A layer tar made from a list of changes (docker's ExportChanges): an added or changed entry is written
 * as it is in {@code top}, the directory holding the new state (its children are changes of their own),
 * a deleted one as a whiteout {@code .wh.NAME}. Members are named "./path" as containers/storage names a
 * layer's. Only {@code security.capability} of the extended attributes is kept, as the naive diff compares it.
 */
public final class LayerDiff {
    /** One change: kind "A", "C" or "D" and the path with its leading "/". */
    public record Change(String kind, String path) {}

    private LayerDiff() {}

    /** Writes the layer tar of {@code changes} (sorted by path, parents first) to {@code out}. */
    public static void write(Path top, List<Change> changes, OutputStream out) throws IOException {
        write(top, changes, out, null);
    }

    /** Likewise for a container layer whose files belong to the host ids of {@code mapping} (null: none). */
    public static void write(Path top, List<Change> changes, OutputStream out, IdMapping mapping) throws IOException {
        TarWriter tar = new TarWriter(out);
        TreeArchiver archiver = new TreeArchiver(tar, TreeArchiver.Owners.NONE, true).unshifted(mapping);
        for (Change c : changes) {
            String rel = c.path().substring(1);
            if (c.kind().equals("D")) {
                int slash = rel.lastIndexOf('/');
                String name = slash < 0 ? ".wh." + rel : rel.substring(0, slash + 1) + ".wh." + rel.substring(slash + 1);
                tar.entry(new TarEntry("./" + name, TarEntry.REGULAR, 0, 0, 0, 0, "", 0, 0, 0, 0, Map.of()), null, null);
                tar.end();
                continue;
            }
            Path source = top.resolve(rel);
            Map<String, Object> a = TreeArchiver.attributes(source);
            if (a == null) {
                continue;   // gone since the diff was taken
            }
            Map<String, byte[]> xattrs = Map.of();
            byte[] cap = capability(source, a);
            if (cap != null) {
                xattrs = Map.of("security.capability", cap);
            }
            archiver.member(source, "./" + rel, a, xattrs);
        }
        tar.close();
    }

    private static byte[] capability(Path p, Map<String, Object> a) {
        if ((((Integer) a.get("mode")) & 0170000) != 0100000) {
            return null;
        }
        try {
            return LibC.lgetxattr(p, "security.capability");
        } catch (RuntimeException e) {
            return null;
        }
    }
}

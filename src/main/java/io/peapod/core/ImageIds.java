package io.peapod.core;

import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The highest user or group id an image names in its /etc/passwd and /etc/group: what {@code --userns=auto}
 * must map at least (containers/storage also counts the owners of the layers' files, which it records when
 * it unpacks a layer; Peapod does not record them, so an image whose files belong to ids its passwd and group
 * files do not list gets the minimum size unless {@code size=} is given).
 */
final class ImageIds {
    private ImageIds() {}

    static long maxId(Store store, ImageRow image) {
        long max = 0;
        for (String name : new String[]{"etc/passwd", "etc/group"}) {
            Path file = find(store, image, name);
            if (file == null) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    String[] f = line.split(":");
                    if (f.length > 2) {
                        try {
                            max = Math.max(max, Long.parseLong(f[2].strip()));
                        } catch (NumberFormatException e) {
                            // not an entry
                        }
                    }
                }
            } catch (IOException e) {
                // an unreadable file names no id
            }
        }
        return max;
    }

    /** The file in the topmost layer that has it (a whiteout ends the search), or null. */
    private static Path find(Store store, ImageRow image, String name) {
        for (String id = image.topLayer(); id != null; ) {
            Path p = store.layers().diffDir(id).resolve(name);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p.resolveSibling(".wh." + p.getFileName()), LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            LayerRow row = store.layers().find(id);
            id = row == null ? null : row.parent();
        }
        return null;
    }
}

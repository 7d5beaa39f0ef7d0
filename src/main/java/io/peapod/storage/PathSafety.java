package io.peapod.storage;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps archive paths inside their root. A name is cleaned lexically (as Go's path.Clean), then
 * refused if it is absolute or climbs above the root; resolving it refuses any parent component
 * that is a symlink, so nothing is ever written through a link to somewhere else.
 */
public final class PathSafety {
    private PathSafety() {}

    /** The cleaned relative form of an archive name: "" for the root itself. */
    public static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.startsWith("/")) {
            throw new LayerException("refusing absolute path \"" + name + "\" in archive");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new LayerException("refusing path \"" + name + "\": it leads outside the root");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /**
     * {@code root/rel} for a cleaned {@code rel}, refusing when an existing parent component is a
     * symlink (the final component may be one: callers replace or create it, never follow it).
     */
    public static Path resolve(Path root, String rel) {
        if (rel.isEmpty()) {
            return root;
        }
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (Files.isSymbolicLink(current)) {
                throw new LayerException("refusing path \"" + rel + "\": it passes through the symlink \""
                        + String.join("/", java.util.Arrays.copyOf(parts, i + 1)) + "\"");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                // A file where a directory is needed: the caller's createDirectories will fail clearly.
                break;
            }
        }
        return root.resolve(rel);
    }
}

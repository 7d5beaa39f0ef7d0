package io.peapod.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a container's root filesystem the way the container itself would see it,
 * as if the process were chrooted there: {@code ..} stops at the root, and a symlink's target, absolute
 * or relative, is followed inside the root. Whatever the links say, the result is the root or below it,
 * never a host path outside (a link to {@code /etc} means the container's {@code /etc}).
 *
 * <p>The result is a lexical path under {@code root} whose parent components are real directories or do
 * not exist yet: callers create or open it without following links again in between ({@link #resolve}
 * follows the last component too unless told not to).
 */
public final class RootedPath {
    /** Linux's own limit for links followed while resolving one path (MAXSYMLINKS). */
    static final int MAX_LINKS = 40;

    /**
     * @param rel  the resolved path relative to the root, "" for the root itself, without "." or ".."
     * @param host {@code root/rel}
     */
    public record Resolved(String rel, Path host) {
        /** The path as the container sees it: "/" + rel. */
        public String inContainer() {
            return "/" + rel;
        }
    }

    private RootedPath() {}

    /**
     * {@code path} (absolute or not: both start at the root) resolved inside {@code root}.
     *
     * @param followLast whether a symlink in the last component is followed too
     * @throws StorageException after {@link #MAX_LINKS} links ("too many levels of symbolic links")
     */
    public static Resolved resolve(Path root, String path, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();   // the root's parent is the root
                continue;
            }
            Path candidate = root.resolve(join(done, part));
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            if ((followLast || !last) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new StorageException("resolving \"" + path + "\": too many levels of symbolic links");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new StorageException("resolving \"" + path + "\": " + e.getMessage(), e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        String rel = String.join("/", done);
        return new Resolved(rel, rel.isEmpty() ? root : root.resolve(rel));
    }

    /** Puts the components of {@code path} in front of {@code todo}, in order. */
    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.addFirst(parts[i]);
        }
    }

    private static String join(Deque<String> done, String part) {
        return done.isEmpty() ? part : String.join("/", done) + "/" + part;
    }

    /** Whether {@code host} lies inside {@code root} lexically: a last check before writing. */
    public static boolean inside(Path root, Path host) {
        Path r = root.toAbsolutePath().normalize();
        return host.toAbsolutePath().normalize().startsWith(r);
    }
}

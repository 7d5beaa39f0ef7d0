package io.peapod.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A build's context: a directory, or a tar read from stdin and unpacked (safely) into a scratch directory.
 *
 * <p>Paths inside the context are resolved as buildah's copier does, as if the context root were {@code /}
 * (chroot-like): {@code ..} stops at the root and a symlink to {@code /etc/passwd} means
 * {@code CONTEXT/etc/passwd}, so no COPY source can reach outside the context.
 */
public final class BuildContext implements AutoCloseable {
    private static final int MAX_SYMLINKS = 255;

    private final Path root;
    private final IgnoreRules ignore;
    private final BuildContextException ignoreError;
    private final Path ignoreFile;
    private final boolean scratch;

    private BuildContext(Path root, Path ignoreFile, boolean scratch) throws IOException {
        this.root = root;
        this.scratch = scratch;
        this.ignoreFile = ignoreFile;
        IgnoreRules rules = IgnoreRules.NONE;
        BuildContextException error = null;
        if (ignoreFile != null) {
            try {
                rules = IgnoreRules.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8));
            } catch (BuildContextException e) {
                // buildah reports a bad pattern when a COPY needs the rules: keep it for select().
                error = e;
            }
        }
        this.ignore = rules;
        this.ignoreError = error;
    }

    /** A directory context; its rules come from {@code .containerignore}, else {@code .dockerignore}. */
    public static BuildContext directory(Path dir) throws IOException {
        return directory(dir, null);
    }

    /**
     * A directory context with an explicit ignore file ({@code --ignorefile}), or null for the context's
     * {@code .containerignore}, else {@code .dockerignore}.
     */
    public static BuildContext directory(Path dir, Path ignoreFile) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString());
        }
        return new BuildContext(root, ignoreFile != null ? ignoreFile.toAbsolutePath() : defaultIgnoreFile(root), false);
    }

    /**
     * A directory read with no ignore rules, chroot-like all the same: a stage's or an image's filesystem for
     * {@code COPY --from}, which no ignore file filters.
     */
    public static BuildContext unfiltered(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString());
        }
        return new BuildContext(root, null, false);
    }

    /**
     * A tar context (plain, gzip or zstd), unpacked into {@code scratch} (created if missing, and deleted by
     * {@link #close()}, or at once if unpacking fails): members named with {@code ..}, members under a symlink and
     * hard links to names outside are refused ({@link BuildContextException}); symlinks are kept as they are.
     */
    public static BuildContext tar(InputStream in, Path scratch) throws IOException {
        Path root = scratch.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try {
            ContextTar.extract(ContextTar.decompressed(in), root);
            return new BuildContext(root, defaultIgnoreFile(root), true);
        } catch (IOException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    private static Path defaultIgnoreFile(Path root) {
        for (String name : List.of(".containerignore", ".dockerignore")) {
            Path p = root.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The context's directory on the host. */
    public Path root() {
        return root;
    }

    /**
     * The context's ignore rules.
     *
     * @throws BuildContextException when the ignore file has a malformed pattern (buildah's wording)
     */
    public IgnoreRules ignore() {
        if (ignoreError != null) {
            throw ignoreError;
        }
        return ignore;
    }

    /** The ignore file the rules come from, or null when there is none. */
    public Path ignoreFile() {
        return ignoreFile;
    }

    /**
     * COPY/ADD sources (relative to the context; globs as Go's filepath.Match; a leading / means the context root)
     * → the entries to copy to dest, with their paths relative to dest. As buildah (podman 4.3.1):
     * <ul>
     * <li>a directory source copies its contents (the directory itself is not an entry: dest is created as a
     *     0755 directory if missing); a file source, or a symlink source (followed, chroot-like), is one entry;
     *     inside a directory, symlinks are entries of their own, never followed;</li>
     * <li>dest is a file (the single entry has target {@code ""}) only for one source whose first match is a
     *     regular file and a dest not ending in "/" (nor "." ); otherwise files go under dest by name. Unlike
     *     Docker, several sources with a dest not ending in "/" are not an error: dest becomes a directory. A
     *     glob source matching several files with such a dest gives them all target {@code ""} (the last one
     *     wins, as in podman). A caller whose dest is the WORKDIR should pass it with a trailing "/";</li>
     * <li>excluded paths are skipped; an excluded directory is still walked when an exception may re-include
     *     something under it ({@link IgnoreRules#mayIncludeUnder}), and its included members are listed without
     *     the directory itself: create missing parents as 0755 directories, as buildah does;</li>
     * <li>entries come in walk order (each directory before its members, names sorted);</li>
     * <li>errors: a missing source is {@code checking on sources under "CTX": copier: stat: "/SRC": no such file
     *     or directory} (with {@code possible escaping context directory error: } before {@code copier} when SRC
     *     climbs out with {@code ..}, which is otherwise clamped at the root), a glob without match is podman's
     *     {@code checking on sources under "CTX": Rel: can't make  relative to CTX; copier: stat: ["/SRC"]: no
     *     such file or directory}, a source whose matches are all excluded is {@code no items matching glob
     *     "CTX/SRC" copied (N filtered out using IGNOREFILE): no such file or directory}.</li>
     * </ul>
     */
    public List<CopyEntry> select(List<String> sources, String dest) throws BuildContextException {
        return select(sources, dest, false);
    }

    /**
     * {@link #select(List, String)}, for ADD when {@code add}: a source file that {@link #isArchive} comes back as an
     * {@link CopyEntry.Type#ARCHIVE} entry with target {@code ""}, to unpack into dest (then a directory), as
     * buildah does for local archives (files inside a directory source are never unpacked).
     */
    public List<CopyEntry> select(List<String> sources, String dest, boolean add) throws BuildContextException {
        IgnoreRules rules = ignore();
        // First every source must exist (buildah stats them all before copying any).
        List<List<Match>> matched = new ArrayList<>();
        for (String source : sources) {
            matched.add(matches(source));
        }
        boolean destIsDir = sources.size() > 1 || dest.isEmpty() || dest.endsWith("/") || dest.equals(".")
                || dest.endsWith("/.");
        boolean destIsFile = false;
        if (!destIsDir && !matched.isEmpty() && !matched.getFirst().isEmpty()) {
            Match first = matched.getFirst().getFirst();
            destIsFile = Files.isRegularFile(first.resolved(), LinkOption.NOFOLLOW_LINKS)
                    && !(add && isArchiveQuietly(first.resolved()));
        }
        List<CopyEntry> entries = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int copied = 0;
            int filtered = 0;
            for (Match m : matched.get(i)) {
                boolean isDir = Files.isDirectory(m.resolved(), LinkOption.NOFOLLOW_LINKS);
                // A symlink source is checked as itself and as what it leads to (buildah's get excludes the latter).
                boolean excluded = (!m.rel().isEmpty() && rules.excluded(m.rel()))
                        || (!m.resolvedRel().isEmpty() && rules.excluded(m.resolvedRel()));
                if (excluded && !(isDir && rules.mayIncludeUnder(m.resolvedRel()))) {
                    filtered++;
                    continue;
                }
                if (isDir) {
                    int before = entries.size();
                    walk(rules, m.resolved(), m.resolvedRel(), "", entries);
                    if (excluded && entries.size() == before) {
                        filtered++;   // reopened by an exception that re-included nothing
                        continue;
                    }
                    copied++;
                    continue;
                }
                copied++;
                if (add && isArchiveQuietly(m.resolved())) {
                    entries.add(new CopyEntry(m.resolved(), "", CopyEntry.Type.ARCHIVE));
                } else {
                    entries.add(new CopyEntry(m.resolved(), destIsFile ? "" : m.name(), CopyEntry.Type.FILE));
                }
            }
            if (copied == 0) {
                String glob = root + display(sources.get(i));
                throw new BuildContextException("no items matching glob " + ContextTar.quote(glob) + " copied ("
                        + filtered + " filtered out" + (ignoreFile != null ? " using " + ignoreFile : "")
                        + "): no such file or directory");
            }
        }
        return entries;
    }

    /** A source's match: its path relative to the root as matched, and where it leads with symlinks followed. */
    private record Match(String rel, Path resolved, String resolvedRel) {
        String name() {
            int slash = rel.lastIndexOf('/');
            return slash < 0 ? rel : rel.substring(slash + 1);
        }
    }

    /** The source as buildah's copier names it: cleaned, from the root. */
    private static String display(String source) {
        return GoPath.clean("/" + source);
    }

    /** filepath.Glob of one source inside the root, every match followed to what it leads to. */
    private List<Match> matches(String source) {
        String display = display(source);
        List<String> parts = display.equals("/") ? List.of() : Arrays.asList(display.substring(1).split("/"));
        List<List<String>> current = new ArrayList<>();
        current.add(List.of());
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            List<List<String>> next = new ArrayList<>();
            for (List<String> dir : current) {
                List<String> names = new ArrayList<>();
                if (!GoPath.hasMeta(part)) {
                    names.add(part);
                } else {
                    names.addAll(list(dir, part));
                }
                for (String name : names) {
                    List<String> candidate = append(dir, name);
                    if (last) {
                        if (Files.exists(root.resolve(String.join("/", candidate)), LinkOption.NOFOLLOW_LINKS)) {
                            next.add(candidate);
                        }
                    } else {
                        List<String> r = resolve(candidate, true);
                        if (r != null && Files.isDirectory(at(r), LinkOption.NOFOLLOW_LINKS)) {
                            next.add(r);
                        }
                    }
                }
            }
            current = next;
        }
        if (current.isEmpty()) {
            throw missing(source, display);
        }
        List<Match> out = new ArrayList<>();
        for (List<String> m : current) {
            List<String> r = resolve(m, true);
            if (r == null) {
                // A symlink leading nowhere inside the root: as missing as a missing file.
                throw missing(String.join("/", m), "/" + String.join("/", m));
            }
            out.add(new Match(String.join("/", m), at(r), String.join("/", r)));
        }
        return out;
    }

    private BuildContextException missing(String source, String display) {
        String prefix = "checking on sources under " + ContextTar.quote(root.toString()) + ": ";
        if (GoPath.hasMeta(display)) {
            return new BuildContextException(prefix + "Rel: can't make  relative to " + root + "; copier: stat: [\""
                    + display + "\"]: no such file or directory");
        }
        String joined = GoPath.clean(root + "/" + source);
        boolean escapes = !joined.equals(root.toString()) && !joined.startsWith(root + "/");
        return new BuildContextException(prefix + (escapes ? "possible escaping context directory error: " : "")
                + "copier: stat: " + ContextTar.quote(display) + ": no such file or directory");
    }

    /** The names in a (resolved) directory matching a glob element, sorted as Go's Glob sorts them. */
    private List<String> list(List<String> dir, String pattern) {
        Path d = at(dir);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                try {
                    if (GoPath.match(pattern, name)) {
                        names.add(name);
                    }
                } catch (GoPath.BadPatternException e) {
                    throw new BuildContextException(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BuildContextException("reading " + ContextTar.quote(d.toString()) + ": " + e.getMessage(), e);
        }
        names.sort(BuildContext::goCompare);
        return names;
    }

    /**
     * Resolves root-relative elements as if the root were "/": ".." stops at the root, symlinks (in every element,
     * the last one only when {@code followLast}) are followed, an absolute target starting again from the root.
     * Null when something on the way does not exist or is not a directory.
     */
    private List<String> resolve(List<String> elements, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(elements);
        List<String> cur = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!cur.isEmpty()) {
                    cur.removeLast();
                }
                continue;
            }
            Path candidate = at(cur).resolve(p);
            if (Files.isSymbolicLink(candidate) && (!todo.isEmpty() || followLast)) {
                if (++links > MAX_SYMLINKS) {
                    throw new BuildContextException("copier: stat: " + ContextTar.quote("/" + String.join("/", elements))
                            + ": too many levels of symbolic links");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    return null;
                }
                if (target.startsWith("/")) {
                    cur.clear();
                }
                List<String> targetParts = Arrays.asList(target.split("/"));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.push(targetParts.get(i));
                }
                continue;
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!todo.isEmpty() && !Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            cur.add(p);
        }
        return cur;
    }

    private Path at(List<String> rel) {
        return rel.isEmpty() ? root : root.resolve(String.join("/", rel));
    }

    private static List<String> append(List<String> list, String element) {
        List<String> out = new ArrayList<>(list);
        out.add(element);
        return out;
    }

    /** Go compares strings byte by byte (UTF-8), which is code point order. */
    private static int goCompare(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Adds a directory's members, recursively, skipping excluded ones (but walking into excluded directories an exception may reopen). */
    private static void walk(IgnoreRules rules, Path dir, String relDir, String targetDir, List<CopyEntry> out) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new BuildContextException("reading " + ContextTar.quote(dir.toString()) + ": " + e.getMessage(), e);
        }
        names.sort(BuildContext::goCompare);
        for (String name : names) {
            Path child = dir.resolve(name);
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            String target = targetDir.isEmpty() ? name : targetDir + "/" + name;
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new BuildContextException("reading " + ContextTar.quote(child.toString()) + ": " + e.getMessage(), e);
            }
            if (rules.excluded(rel)) {
                if (attrs.isDirectory() && rules.mayIncludeUnder(rel)) {
                    walk(rules, child, rel, target, out);
                }
                continue;
            }
            if (attrs.isSymbolicLink()) {
                out.add(new CopyEntry(child, target, CopyEntry.Type.SYMLINK));
            } else if (attrs.isDirectory()) {
                out.add(new CopyEntry(child, target, CopyEntry.Type.DIRECTORY));
                walk(rules, child, rel, target, out);
            } else if (attrs.isRegularFile()) {
                out.add(new CopyEntry(child, target, CopyEntry.Type.FILE));
            }
            // Sockets, fifos and devices in a context are not copied.
        }
    }

    /**
     * A digest of the entries' targets, types, permission bits, link targets and contents (and the source's file
     * name when the target is dest itself): the layer cache key part for COPY/ADD. Owners and times are left out:
     * COPY gives files to root (or {@code --chown}) and its own times.
     */
    public static String digest(List<CopyEntry> entries) throws IOException {
        MessageDigest all = sha256();
        for (CopyEntry e : entries) {
            field(all, e.type().name());
            field(all, e.target());
            if (e.target().isEmpty()) {
                field(all, e.source().getFileName().toString());
            }
            switch (e.type()) {
                case SYMLINK -> field(all, Files.readSymbolicLink(e.source()).toString());
                case DIRECTORY -> field(all, Integer.toOctalString(mode(e.source())));
                case FILE, ARCHIVE -> {
                    field(all, Integer.toOctalString(mode(e.source())));
                    MessageDigest content = sha256();
                    try (InputStream in = Files.newInputStream(e.source(), LinkOption.NOFOLLOW_LINKS)) {
                        byte[] buf = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            content.update(buf, 0, n);
                        }
                    }
                    field(all, HexFormat.of().formatHex(content.digest()));
                }
            }
        }
        return "sha256:" + HexFormat.of().formatHex(all.digest());
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static void field(MessageDigest d, String s) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a file is a tar archive ADD unpacks, as containers/storage's {@code IsArchivePath}: plain tar, or
     * gzip/bzip2/xz/zstd-compressed tar whose first header is valid (bzip2 and xz through the host's programs:
     * without them such a file is copied as it is, as podman copies an xz file when {@code xz} is missing).
     */
    public static boolean isArchive(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file));
        try {
            InputStream tar;
            try {
                tar = ContextTar.decompressed(in);
            } catch (IOException e) {
                return false;
            }
            in = tar;
            try {
                return ContextTar.isHeader(tar.readNBytes(512));
            } catch (IOException e) {
                return false;  // a damaged stream is copied as a file, as buildah does
            }
        } finally {
            in.close();
        }
    }

    private static boolean isArchiveQuietly(Path file) {
        try {
            return isArchive(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** The tar stream of an archive ADD unpacks, decompressed (gzip, bzip2, xz, zstd). */
    public static InputStream openArchive(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return ContextTar.decompressed(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Deletes the scratch directory of a tar context; nothing for a directory context. */
    @Override
    public void close() {
        if (scratch) {
            try {
                deleteTree(root);
            } catch (IOException ignored) {
                // Left in the scratch area: nothing refers to it any more.
            }
        }
    }

    /** Deletes a tree without following symlinks. */
    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // A read-only directory from a tar must be emptied all the same.
                Files.setAttribute(dir, "unix:mode", 0700 | ((Integer) Files.getAttribute(dir, "unix:mode") & 07777));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

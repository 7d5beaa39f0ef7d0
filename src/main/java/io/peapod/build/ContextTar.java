package io.peapod.build;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a build context tar (plain, gzip, bzip2, xz or zstd) into a scratch directory, refusing what could write
 * outside it: a member name climbing with {@code ..}, a member under a symlink (one already unpacked or not),
 * a hard link to a name that climbs. Symlinks themselves are kept whatever they point at: they are data, and
 * COPY resolves them inside the context root. Devices and fifos are skipped (a context has no use for them);
 * owners are not kept (COPY gives files to root or {@code --chown}).
 *
 * <p>Its own small reader (ustar, GNU long names, PAX) because {@code build} may not use {@code storage}'s.
 */
final class ContextTar {
    private static final int BLOCK = 512;

    private ContextTar() {
    }

    /** {@code in} decompressed if it starts with a gzip, bzip2, xz or zstd magic (bzip2/xz: {@link HostDecompressor}). */
    static InputStream decompressed(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 64 * 1024);
        buffered.mark(8);
        byte[] magic = buffered.readNBytes(6);
        buffered.reset();
        return switch (compression(magic)) {
            case "gzip" -> new GZIPInputStream(buffered, 64 * 1024);
            case "zstd" -> ZstdStreams.decompressing(buffered);
            case "bzip2", "xz" -> HostDecompressor.open(buffered, compression(magic));
            default -> buffered;
        };
    }

    /** The compression a stream's first bytes announce ("gzip", "bzip2", "xz", "zstd") or "" for none. */
    static String compression(byte[] m) {
        if (m.length >= 3 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b && (m[2] & 0xff) == 0x08) {
            return "gzip";
        }
        if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return "bzip2";
        }
        if (m.length >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
            return "xz";
        }
        if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                && (m[3] & 0xff) == 0xfd) {
            return "zstd";
        }
        return "";
    }

    /** Whether a 512-byte block is a tar header with a valid checksum (what Go's tar.Reader.Next insists on). */
    static boolean isHeader(byte[] block) {
        if (block.length < BLOCK) {
            return false;
        }
        long stored;
        try {
            stored = octal(block, 148, 8);
        } catch (IOException e) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        boolean zero = true;
        for (byte b : block) {
            zero &= b == 0;
        }
        return !zero && (stored == unsigned || stored == signed);
    }

    /** Unpacks {@code in} (already decompressed) into the existing directory {@code root}. */
    static void extract(InputStream in, Path root) throws IOException {
        Map<String, String> globalPax = new HashMap<>();
        Deque<Map.Entry<Path, Integer>> dirModes = new ArrayDeque<>();
        byte[] block = new byte[BLOCK];
        Map<String, String> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock(in, block)) {
                break;  // a tar without its end blocks, as Go's reader accepts
            }
            boolean zero = true;
            for (byte b : block) {
                zero &= b == 0;
            }
            if (zero) {
                break;
            }
            if (!isHeader(block)) {
                throw new BuildContextException("invalid tar header in the build context");
            }
            byte type = block[156];
            long size = number(block, 124, 12);
            switch (type) {
                case 'L' -> {
                    longName = cString(readData(in, size));
                    continue;
                }
                case 'K' -> {
                    longLink = cString(readData(in, size));
                    continue;
                }
                case 'x' -> {
                    parsePax(readData(in, size), pax);
                    continue;
                }
                case 'g' -> {
                    parsePax(readData(in, size), globalPax);
                    pax.putAll(globalPax);
                    continue;
                }
                default -> {
                }
            }
            String name = longName != null ? longName : headerName(block);
            String link = longLink != null ? longLink : field(block, 157, 100);
            name = pax.getOrDefault("path", name);
            link = pax.getOrDefault("linkpath", link);
            if (pax.containsKey("size")) {
                size = Long.parseLong(pax.get("size").trim());
            }
            long mtime = number(block, 136, 12);
            if (pax.containsKey("mtime")) {
                mtime = (long) Double.parseDouble(pax.get("mtime").trim());
            }
            int mode = (int) number(block, 100, 8) & 07777;
            pax = new HashMap<>(globalPax);
            longName = null;
            longLink = null;
            boolean hasData = type == '0' || type == 0 || type == '7';
            long dataSize = hasData ? size : (type == '1' || type == '2' || type == '3' || type == '4'
                    || type == '5' || type == '6' ? 0 : size);
            List<String> parts = memberPath(name);
            if (parts.isEmpty()) {
                skip(in, dataSize);
                continue;
            }
            Path target = parentDirs(root, parts);
            switch (type) {
                case '5' -> {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        removeExisting(target);
                        Files.createDirectory(target);
                    }
                    dirModes.push(Map.entry(target, mode));
                    setMtime(target, mtime);
                }
                case '0', 0, '7' -> {
                    removeExisting(target);
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        copy(in, out, dataSize);
                    }
                    skipPadding(in, dataSize);
                    Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
                    setMtime(target, mtime);
                    continue;
                }
                case '2' -> {
                    removeExisting(target);
                    Files.createSymbolicLink(target, Path.of(link));
                }
                case '1' -> {
                    List<String> linkParts = memberPath(link);
                    if (linkParts.isEmpty()) {
                        throw new BuildContextException("invalid hard link " + quote(name) + " to " + quote(link)
                                + " in the build context");
                    }
                    Path existing = parentDirs(root, linkParts);
                    if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)
                            || Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new BuildContextException("invalid hard link " + quote(name) + " to " + quote(link)
                                + " in the build context");
                    }
                    removeExisting(target);
                    Files.createLink(target, existing);
                }
                default -> {
                    // Devices, fifos, sparse or unknown members: nothing a COPY could use.
                }
            }
            skip(in, dataSize);
        }
        // Directory modes last: a read-only directory must not stop its members from being unpacked.
        while (!dirModes.isEmpty()) {
            var e = dirModes.pop();
            Files.setAttribute(e.getKey(), "unix:mode", e.getValue(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** A member name's elements, leading "/" and "." dropped; an element ".." is refused. */
    private static List<String> memberPath(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new BuildContextException("invalid build context: tar member " + quote(name)
                        + " is outside of the context");
            }
            parts.add(p);
        }
        return parts;
    }

    /** The member's path under root, its missing parent directories created; a parent that is a symlink is refused. */
    private static Path parentDirs(Path root, List<String> parts) throws IOException {
        Path dir = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            dir = dir.resolve(parts.get(i));
            if (Files.isSymbolicLink(dir)) {
                throw new BuildContextException("invalid build context: tar member " + quote(String.join("/", parts))
                        + " is under the symbolic link " + quote(String.join("/", parts.subList(0, i + 1))));
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(dir);
                }
                Files.createDirectory(dir);
            }
        }
        return dir.resolve(parts.getLast());
    }

    /** Removes what a member replaces: a file or link (never followed), or a whole directory. */
    private static void removeExisting(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            BuildContext.deleteTree(p);
        } else {
            Files.deleteIfExists(p);
        }
    }

    private static void setMtime(Path p, long seconds) {
        try {
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(seconds * 1000), null, null);
        } catch (IOException ignored) {
            // A time we cannot set changes nothing a COPY keeps.
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new BuildContextException("invalid build context: unexpected end of tar archive");
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 16 * 1024 * 1024) {
            throw new BuildContextException("invalid build context: tar extended header too long");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("unexpected end of tar archive");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BuildContextException("invalid build context: unexpected end of tar archive");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        long total = size + padding(size);
        byte[] buf = new byte[8192];
        while (total > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, total));
            if (n < 0) {
                throw new BuildContextException("invalid build context: unexpected end of tar archive");
            }
            total -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = padding(size);
        if (in.readNBytes((int) pad).length < pad) {
            throw new BuildContextException("invalid build context: unexpected end of tar archive");
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String headerName(byte[] b) {
        String name = field(b, 0, 100);
        String magic = field(b, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = field(b, 345, 155);
            if (!prefix.isEmpty() && !"ustar  ".equals(new String(b, 257, 8, StandardCharsets.ISO_8859_1))) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** An octal field, or GNU base-256 when its top bit is set. */
    private static long number(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (b[off + i] & 0xff);
            }
            return v;
        }
        return octal(b, off, len);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1).replace("\0", " ").trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("invalid tar header number " + quote(s));
        }
    }

    private static void parsePax(byte[] data, Map<String, String> into) {
        int i = 0;
        while (i < data.length) {
            int space = i;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new BuildContextException("invalid build context: malformed PAX header");
            }
            if (len <= 0 || i + len > data.length) {
                throw new BuildContextException("invalid build context: malformed PAX header");
            }
            String record = new String(data, space + 1, i + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                into.put(record.substring(0, eq), record.substring(eq + 1));
            }
            i += len;
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

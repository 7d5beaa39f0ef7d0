package io.peapod.storage.tar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar stream entry by entry (ustar, GNU long names, PAX local and global headers).
 *
 * <p>Every byte read from the input is either handed to the {@link RawSink} (headers, padding,
 * skipped data, the end-of-archive blocks and anything after them) or returned through
 * {@link #payload()}; nothing is read ahead. That split is what lets {@link TarSkeleton} rebuild the
 * exact stream later.
 */
public final class TarReader {
    /** Receives the bytes of the stream that are not file payload read through {@link #payload()}. */
    @FunctionalInterface
    public interface RawSink {
        void raw(byte[] b, int off, int len) throws IOException;
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private final RawSink sink;
    private final byte[] block = new byte[BLOCK];
    private final Map<String, byte[]> globalPax = new HashMap<>();
    private long remaining;      // payload bytes of the current entry not yet consumed
    private long padding;        // padding bytes after the current entry's payload
    private boolean payloadStarted;
    private boolean ended;
    private final boolean discard;   // no sink: skipped bytes may be seeked over

    public TarReader(InputStream in, RawSink sink) {
        this.in = in;
        this.sink = sink == null ? (b, o, l) -> {} : sink;
        this.discard = sink == null;
    }

    /** The next entry, or null at the end of the archive. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skipRest();
        Map<String, byte[]> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock(true)) {
                if (pax.size() > globalPax.size() || longName != null || longLink != null) {
                    throw new TarFormatException("unexpected end of tar archive");
                }
                ended = true;
                return null;
            }
            if (isZero(block)) {
                // End-of-archive marker; whatever follows belongs to the stream but to no entry.
                ended = true;
                return null;
            }
            verifyChecksum();
            byte type = block[156];
            long size = number(124, 12);
            if (size < 0) {
                throw new TarFormatException("invalid tar header: negative size");
            }
            switch (type) {
                case 'L' -> longName = cString(readMeta(size));
                case 'K' -> longLink = cString(readMeta(size));
                case 'x' -> parsePax(readMeta(size), pax);
                case 'g' -> {
                    parsePax(readMeta(size), globalPax);
                    pax.putAll(globalPax);
                }
                case 'S' -> throw new TarFormatException("sparse files in layers are not supported");
                default -> {
                    return entry(type, size, pax, longName, longLink);
                }
            }
        }
    }

    private TarEntry entry(byte type, long headerSize, Map<String, byte[]> pax, String longName, String longLink)
            throws IOException {
        String name = longName != null ? longName : headerName();
        String link = longLink != null ? longLink : field(157, 100);
        long size = headerSize;
        long uid = number(108, 8);
        long gid = number(116, 8);
        long mtime = number(136, 12);
        int nanos = 0;
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        for (var e : pax.entrySet()) {
            String key = e.getKey();
            String value = new String(e.getValue(), StandardCharsets.UTF_8);
            switch (key) {
                case "path" -> name = value;
                case "linkpath" -> link = value;
                case "size" -> size = parseLong(value, key);
                case "uid" -> uid = parseLong(value, key);
                case "gid" -> gid = parseLong(value, key);
                case "mtime" -> {
                    int dot = value.indexOf('.');
                    mtime = parseLong(dot < 0 ? value : value.substring(0, dot), key);
                    if (dot >= 0) {
                        String frac = (value.substring(dot + 1) + "000000000").substring(0, 9);
                        nanos = (int) parseLong(frac, key);
                    }
                }
                default -> {
                    if (key.startsWith("SCHILY.xattr.")) {
                        xattrs.put(key.substring("SCHILY.xattr.".length()), e.getValue());
                    } else if (key.startsWith("LIBARCHIVE.xattr.")) {
                        String attr = java.net.URLDecoder.decode(key.substring("LIBARCHIVE.xattr.".length()),
                                StandardCharsets.UTF_8);
                        xattrs.putIfAbsent(attr, Base64.getDecoder().decode(value.trim()));
                    }
                }
            }
        }
        int mode = (int) number(100, 8);
        int major = (int) number(329, 8);
        int minor = (int) number(337, 8);
        // Hardlinks, symlinks, devices, fifos and directories carry no data whatever size says.
        long dataSize = switch (type) {
            case TarEntry.HARDLINK, TarEntry.SYMLINK, TarEntry.CHAR, TarEntry.BLOCK, TarEntry.DIRECTORY,
                 TarEntry.FIFO -> 0;
            default -> size;
        };
        begin(dataSize);
        return new TarEntry(name, type, mode, uid, gid, dataSize, link, major, minor, mtime, nanos, xattrs);
    }

    /** The current entry's data. Reading it keeps those bytes away from the raw sink. */
    public InputStream payload() {
        payloadStarted = true;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new TarFormatException("unexpected end of tar archive");
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Whether the current entry's payload was (partly) read through {@link #payload()}. */
    public boolean payloadStarted() {
        return payloadStarted;
    }

    /** Reads everything left in the stream (trailing blocks and beyond) into the raw sink. */
    public void finish() throws IOException {
        skipRest();
        ended = true;
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            sink.raw(buf, 0, n);
        }
    }

    private void begin(long dataSize) {
        remaining = dataSize;
        padding = (BLOCK - dataSize % BLOCK) % BLOCK;
        payloadStarted = false;
    }

    /** Moves past the unread payload and padding of the current entry, handing them to the raw sink. */
    private void skipRest() throws IOException {
        if (payloadStarted && remaining > 0) {
            throw new IllegalStateException("payload of a tar entry was read only in part");
        }
        copyRaw(remaining);
        remaining = 0;
        copyRaw(padding);
        padding = 0;
    }

    private void copyRaw(long count) throws IOException {
        if (discard) {
            // Nobody records these bytes: let a file stream seek instead of reading them.
            while (count > 0) {
                long n = in.skip(count);
                if (n <= 0) {
                    if (in.read() < 0) {
                        throw new TarFormatException("unexpected end of tar archive");
                    }
                    n = 1;
                }
                count -= n;
            }
            return;
        }
        byte[] buf = new byte[8192];
        while (count > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, count));
            if (n < 0) {
                throw new TarFormatException("unexpected end of tar archive");
            }
            sink.raw(buf, 0, n);
            count -= n;
        }
    }

    /** Reads a metadata entry's (L, K, x, g) data and padding as raw bytes and returns the data. */
    private byte[] readMeta(long size) throws IOException {
        if (size > 16 << 20) {
            throw new TarFormatException("tar extension header too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new TarFormatException("unexpected end of tar archive");
        }
        sink.raw(data, 0, data.length);
        copyRaw((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private boolean readBlock(boolean eofAllowed) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n > 0) {
            sink.raw(block, 0, n);
        }
        if (n == 0 && eofAllowed) {
            return false;
        }
        if (n < BLOCK) {
            throw new TarFormatException(n == 0 ? "unexpected end of tar archive"
                    : "unexpected end of tar archive (truncated header)");
        }
        return true;
    }

    private void verifyChecksum() throws TarFormatException {
        long stored;
        try {
            stored = number(148, 8);
        } catch (TarFormatException e) {
            throw new TarFormatException("not a tar archive (invalid header)");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new TarFormatException("not a tar archive (header checksum mismatch)");
        }
    }

    private String headerName() {
        String name = field(0, 100);
        boolean ustar = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
                && block[261] == 'r' && block[262] == 0;
        if (ustar) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && block[end] != 0) {
            end++;
        }
        return new String(block, off, end - off, StandardCharsets.UTF_8);
    }

    /** A numeric header field: octal text, or GNU base-256 when the high bit of the first byte is set. */
    private long number(int off, int len) throws TarFormatException {
        if ((block[off] & 0x80) != 0) {
            long v = block[off] & 0x7f;
            if ((block[off] & 0x40) != 0) {
                throw new TarFormatException("invalid tar header: negative number");
            }
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (block[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            byte b = block[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new TarFormatException("not a tar archive (invalid number in header)");
            }
            v = (v << 3) | (b - '0');
            digits = true;
        }
        return v;
    }

    /** PAX records: "LEN KEY=VALUE\n", LEN counting the whole record. Values stay raw bytes. */
    private static void parsePax(byte[] data, Map<String, byte[]> into) throws TarFormatException {
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break;
            }
            int sp = pos;
            while (sp < data.length && data[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, sp - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TarFormatException("invalid PAX header record");
            }
            int end = pos + len;
            if (len <= 0 || end > data.length || data[end - 1] != '\n') {
                throw new TarFormatException("invalid PAX header record");
            }
            int eq = sp + 1;
            while (eq < end && data[eq] != '=') {
                eq++;
            }
            if (eq >= end) {
                throw new TarFormatException("invalid PAX header record");
            }
            String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
            byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
            if (value.length == 0) {
                into.remove(key);   // an empty value deletes a (global) setting
            } else {
                into.put(key, value);
            }
            pos = end;
        }
    }

    private static long parseLong(String s, String key) throws TarFormatException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new TarFormatException("invalid PAX " + key + " value: " + s);
        }
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

package io.peapod.storage.tar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the plain members an image archive needs (files and directories) in ustar format, with a
 * PAX header for names longer than ustar allows. Sizes are known up front, so data streams through.
 */
public final class TarWriter implements AutoCloseable {
    private final OutputStream out;
    private long expected;     // bytes of data still owed for the current member
    private long written;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a regular file member; then write exactly {@code size} bytes to {@link #data()}. */
    public void file(String name, long size, long mtimeSeconds) throws IOException {
        header(name, TarEntry.REGULAR, 0644, size, mtimeSeconds);
        expected = size;
        written = 0;
    }

    /** Starts an executable (0755) regular file member; then write exactly {@code size} bytes to {@link #data()}. */
    public void executable(String name, long size, long mtimeSeconds) throws IOException {
        header(name, TarEntry.REGULAR, 0755, size, mtimeSeconds);
        expected = size;
        written = 0;
    }

    public void file(String name, byte[] content, long mtimeSeconds) throws IOException {
        file(name, content.length, mtimeSeconds);
        data().write(content);
        end();
    }

    public void directory(String name, long mtimeSeconds) throws IOException {
        header(name.endsWith("/") ? name : name + "/", TarEntry.DIRECTORY, 0755, 0, mtimeSeconds);
        expected = 0;
        written = 0;
    }

    /**
     * Starts any kind of member with its full metadata: owner (with names, when known), mode, link
     * target, device numbers, mtime and extended attributes (as {@code SCHILY.xattr.*} PAX records, which
     * {@link TarReader} reads back). A PAX header carries what ustar cannot hold: long names and link
     * targets, large ids and sizes. For a regular file, write exactly {@code e.size()} bytes to
     * {@link #data()}, then {@link #end()}; other members take no data but still need {@link #end()}.
     */
    public void entry(TarEntry e, String uname, String gname) throws IOException {
        java.io.ByteArrayOutputStream pax = new java.io.ByteArrayOutputStream();
        String name = e.name();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            pax.write(paxRecord("path", name));
        }
        String link = e.linkName() == null ? "" : e.linkName();
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        if (linkBytes.length > 100) {
            pax.write(paxRecord("linkpath", link));
        }
        long max7 = 07777777L;
        if (e.uid() > max7) {
            pax.write(paxRecord("uid", Long.toString(e.uid())));
        }
        if (e.gid() > max7) {
            pax.write(paxRecord("gid", Long.toString(e.gid())));
        }
        if (e.size() > 077777777777L) {
            pax.write(paxRecord("size", Long.toString(e.size())));
        }
        for (var x : new java.util.TreeMap<>(e.xattrs()).entrySet()) {
            pax.write(paxRecord("SCHILY.xattr." + x.getKey(), x.getValue()));
        }
        long mtime = Math.max(0, e.mtimeSeconds());
        if (pax.size() > 0) {
            byte[] records = pax.toByteArray();
            writeHeader("PaxHeaders/" + Math.abs(name.hashCode()), (byte) 'x', 0644, records.length, mtime);
            out.write(records);
            out.write(new byte[(512 - records.length % 512) % 512]);
        }
        byte[] h = new byte[512];
        put(h, 0, 100, nameBytes);   // put() cuts it to the field: the PAX record holds the whole name
        octal(h, 100, 8, e.mode() & 07777);
        octal(h, 108, 8, Math.min(e.uid(), max7));
        octal(h, 116, 8, Math.min(e.gid(), max7));
        long size = e.isRegular() ? e.size() : 0;
        octal(h, 124, 12, Math.min(size, 077777777777L));
        octal(h, 136, 12, Math.min(mtime, 077777777777L));
        h[156] = e.type();
        put(h, 157, 100, linkBytes);
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 31, (uname == null ? "" : uname).getBytes(StandardCharsets.UTF_8));
        put(h, 297, 31, (gname == null ? "" : gname).getBytes(StandardCharsets.UTF_8));
        if (e.type() == TarEntry.CHAR || e.type() == TarEntry.BLOCK) {
            octal(h, 329, 8, e.devMajor());
            octal(h, 337, 8, e.devMinor());
        }
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
        expected = size;
        written = 0;
    }

    /** The current member's data stream. */
    public OutputStream data() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > expected) {
                    throw new IOException("tar member data longer than its declared size");
                }
                out.write(b, off, len);
                written += len;
            }
        };
    }

    /** Ends the current member, padding it to a block. */
    public void end() throws IOException {
        if (written != expected) {
            throw new IOException("tar member data is " + written + " bytes, declared " + expected);
        }
        int pad = (int) ((512 - expected % 512) % 512);
        out.write(new byte[pad]);
        expected = 0;
        written = 0;
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[1024]);
        out.flush();
    }

    private void header(String name, byte type, int mode, long size, long mtime) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            byte[] record = paxRecord("path", name);
            writeHeader("PaxHeaders/" + Math.abs(name.hashCode()), (byte) 'x', 0644, record.length, mtime);
            out.write(record);
            out.write(new byte[(512 - record.length % 512) % 512]);
            nameBytes = java.util.Arrays.copyOf(nameBytes, 100);
        }
        writeHeader(new String(nameBytes, StandardCharsets.UTF_8), type, mode, size, mtime);
    }

    private void writeHeader(String name, byte type, int mode, long size, long mtime) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private static byte[] paxRecord(String key, String value) {
        return paxRecord(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** One PAX record, "LEN key=value\n", with a raw value (an xattr may be any bytes). */
    private static byte[] paxRecord(String key, byte[] value) {
        byte[] k = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
        int len = k.length + value.length + 1;
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(total);
        b.writeBytes(String.valueOf(total).getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(k);
        b.writeBytes(value);
        b.write('\n');
        return b.toByteArray();
    }

    private static void put(byte[] h, int off, int len, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(len, v.length));
    }

    /** Zero-padded octal with a trailing NUL, as ustar numeric fields are. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value " + v + " does not fit a tar header field");
        }
        s = "0".repeat(len - 1 - s.length()) + s;
        put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
        h[off + len - 1] = 0;
    }
}

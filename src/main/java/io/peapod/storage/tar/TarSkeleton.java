package io.peapod.storage.tar;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A layer tar with the file contents taken out: the header bytes verbatim, and for each file whose
 * data was unpacked, a reference (path inside the layer, size). Replaying it against the unpacked
 * layer gives back the original stream byte for byte, so a saved image keeps its layer digests
 * without the store keeping a second copy of every layer (containers/storage's tar-split idea).
 *
 * <p>Format: a sequence of records, {@code 'R' len bytes} for raw bytes and {@code 'F' path size}
 * for file data, ending with {@code 'E'}. Callers compress the stream.
 */
public final class TarSkeleton implements TarReader.RawSink {
    private static final int FLUSH_AT = 64 * 1024;

    private final DataOutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public TarSkeleton(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    @Override
    public void raw(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= FLUSH_AT) {
            flushRaw();
        }
    }

    /** Records that the next {@code size} bytes of the stream are the data of {@code path} in the layer. */
    public void file(String path, long size) throws IOException {
        flushRaw();
        out.writeByte('F');
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        out.writeInt(p.length);
        out.write(p);
        out.writeLong(size);
    }

    /** Ends the skeleton; the underlying stream is flushed, not closed. */
    public void finish() throws IOException {
        flushRaw();
        out.writeByte('E');
        out.flush();
    }

    private void flushRaw() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        out.writeByte('R');
        out.writeInt(pending.size());
        pending.writeTo(out);
        pending.reset();
    }

    /**
     * Writes the original tar stream to {@code target}: raw bytes from the skeleton, file data read
     * from {@code fileFor.apply(path)}.
     */
    public static void replay(InputStream skeleton, Function<String, Path> fileFor, OutputStream target)
            throws IOException {
        DataInputStream in = new DataInputStream(skeleton);
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int kind;
            try {
                kind = in.readUnsignedByte();
            } catch (EOFException e) {
                throw new IOException("layer skeleton is truncated");
            }
            switch (kind) {
                case 'R' -> {
                    int len = in.readInt();
                    while (len > 0) {
                        int n = in.read(buf, 0, Math.min(buf.length, len));
                        if (n < 0) {
                            throw new IOException("layer skeleton is truncated");
                        }
                        target.write(buf, 0, n);
                        len -= n;
                    }
                }
                case 'F' -> {
                    byte[] p = new byte[in.readInt()];
                    in.readFully(p);
                    long size = in.readLong();
                    copyFile(fileFor.apply(new String(p, StandardCharsets.UTF_8)), size, target, buf);
                }
                case 'E' -> {
                    return;
                }
                default -> throw new IOException("layer skeleton is damaged");
            }
        }
    }

    private static void copyFile(Path file, long size, OutputStream target, byte[] buf) throws IOException {
        try (InputStream data = Files.newInputStream(file)) {
            long left = size;
            while (left > 0) {
                int n = data.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("layer file " + file + " is shorter than recorded");
                }
                target.write(buf, 0, n);
                left -= n;
            }
        }
    }
}

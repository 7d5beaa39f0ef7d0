package io.peapod.core;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * Recognises how a layer or archive is compressed, by its first bytes, as containers/image does, and
 * compresses layers for push. gzip is the JDK's zlib, on every core ({@link ParallelGzipOutputStream});
 * zstd goes through {@link Zstd}, loaded only here.
 */
final class Compression {
    private Compression() {}

    /** {@code in} unchanged when it is not compressed, else a decompressing stream. {@code in} must support mark. */
    static InputStream decompress(InputStream in) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return Zstd.decompressing(in);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            throw new EngineException("bzip2-compressed archives are not supported");
        }
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
            throw new EngineException("xz-compressed archives are not supported");
        }
        return in;
    }

    /** How {@code in} (which must support mark) is compressed, without consuming it. */
    static io.peapod.image.MediaTypes.Compression detect(InputStream in) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return io.peapod.image.MediaTypes.Compression.GZIP;
        }
        if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return io.peapod.image.MediaTypes.Compression.ZSTD;
        }
        return io.peapod.image.MediaTypes.Compression.NONE;
    }

    /** A stream that compresses into {@code out}; closing it finishes the compressed stream and closes {@code out}. */
    static OutputStream compressing(OutputStream out, io.peapod.image.MediaTypes.Compression c) throws IOException {
        return switch (c) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out);
            case ZSTD -> Zstd.compressing(out);
        };
    }
}

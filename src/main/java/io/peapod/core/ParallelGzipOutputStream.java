package io.peapod.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compressed on several threads, as pigz (and Go's pgzip, which podman pushes with) do it: the
 * input is cut into blocks, each block is deflated on its own with the 32 KiB before it as the preset
 * dictionary and ends on a byte boundary (a sync flush), and the blocks are written in order as one
 * gzip member. The result is a standard gzip stream any reader takes, a few bytes per block larger
 * than a single-threaded one; on this engine's two-core hosts it compresses a layer about twice as fast,
 * which is what push spends most of its time on.
 *
 * <p>At most two blocks per thread are in flight, so memory stays at a few MiB whatever the layer's size.
 * The CRC is computed on the writing thread (an intrinsic, far cheaper than deflate).
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 * 1024;
    private static final int DICTIONARY = 32 * 1024;
    /** Go's gzip writer's header: no name, no mtime, OS "unknown". */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private final ThreadLocal<BlockDeflater> deflaters;
    private final java.util.Queue<BlockDeflater> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private byte[] block = new byte[BLOCK];
    private int fill;
    private byte[] dictionary;   // the last 32 KiB before the current block, null for the first
    private long total;
    private boolean closed;

    /** One thread's deflater: a block in, its raw deflate out (ending with a sync flush unless last). */
    private interface BlockDeflater {
        byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last);

        void end();
    }

    /** zlib at {@code level} (from the JDK) on {@code threads} threads. */
    ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, threads, () -> zlib(level));
    }

    private ParallelGzipOutputStream(OutputStream out, int threads, java.util.function.Supplier<BlockDeflater> deflater)
            throws IOException {
        this.out = out;
        int n = Math.max(1, threads);
        this.maxInFlight = 2 * n;
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "peapod-gzip");
            t.setDaemon(true);
            return t;
        });
        this.deflaters = ThreadLocal.withInitial(() -> {
            BlockDeflater d = deflater.get();
            created.add(d);
            return d;
        });
        out.write(HEADER);
    }

    /**
     * zlib's level when ISA-L is not installed: 2. Go's deflate (podman's) is much faster than zlib at
     * equal levels, and compression is most of a push. Measured on a 121 MB Debian layer (CPU seconds,
     * size): level 6, zlib's default, 6.3 s, 48.98 MB; level 4 3.4 s, 50.14 MB; level 2 2.1 s, 52.14 MB;
     * level 1 2.0 s, 53.14 MB. podman's blob of the same layer is 51.33 MB.
     */
    static final int ZLIB_LEVEL = 2;

    /**
     * On as many threads as there are cores, with ISA-L's level 3 when libisal2 is installed (0.45 s,
     * 52.87 MB for that layer: 3% larger than podman's, at a fifth of zlib's level 2's cost), else zlib's
     * {@link #ZLIB_LEVEL}.
     */
    ParallelGzipOutputStream(OutputStream out) throws IOException {
        this(out, Runtime.getRuntime().availableProcessors(),
                io.peapod.sys.IsalDeflater.available() ? ParallelGzipOutputStream::isal : () -> zlib(ZLIB_LEVEL));
    }

    private static BlockDeflater zlib(int level) {
        Deflater d = new Deflater(level, true);
        return new BlockDeflater() {
            @Override
            public byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last) {
                return zlibDeflate(d, data, length, dictionary, last);
            }

            @Override
            public void end() {
                d.end();
            }
        };
    }

    private static BlockDeflater isal() {
        io.peapod.sys.IsalDeflater d = new io.peapod.sys.IsalDeflater();
        return new BlockDeflater() {
            @Override
            public byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last) {
                return d.deflate(data, length, dictionary, last);
            }

            @Override
            public void end() {
                d.close();
            }
        };
    }

    /** ISA-L instead of zlib, for tests: throws when libisal2 is not installed. */
    static ParallelGzipOutputStream withIsal(OutputStream out, int threads) throws IOException {
        if (!io.peapod.sys.IsalDeflater.available()) {
            throw new IllegalStateException("libisal.so.2 is not installed");
        }
        return new ParallelGzipOutputStream(out, threads, ParallelGzipOutputStream::isal);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == BLOCK) {
                submit(false);
            }
        }
    }

    /** Hands the current block to a thread; the last block (possibly empty) ends the deflate stream. */
    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = fill;
        byte[] dict = dictionary;
        crc.update(data, 0, length);
        total += length;
        inFlight.add(pool.submit(() -> deflate(data, length, dict, last)));
        if (last) {
            return;
        }
        dictionary = nextDictionary(dict, data, length);
        block = new byte[BLOCK];
        fill = 0;
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
    }

    /** The last 32 KiB of everything up to the end of this block. */
    private static byte[] nextDictionary(byte[] previous, byte[] data, int length) {
        if (length >= DICTIONARY) {
            return Arrays.copyOfRange(data, length - DICTIONARY, length);
        }
        int fromPrevious = previous == null ? 0 : Math.min(previous.length, DICTIONARY - length);
        byte[] joined = new byte[fromPrevious + length];
        if (fromPrevious > 0) {
            System.arraycopy(previous, previous.length - fromPrevious, joined, 0, fromPrevious);
        }
        System.arraycopy(data, 0, joined, fromPrevious, length);
        return joined;
    }

    private byte[] deflate(byte[] data, int length, byte[] dict, boolean last) {
        return deflaters.get().deflate(data, length, dict, last);
    }

    private static byte[] zlibDeflate(Deflater d, byte[] data, int length, byte[] dict, boolean last) {
        d.reset();
        if (dict != null) {
            d.setDictionary(dict);
        }
        d.setInput(data, 0, length);
        byte[] buf = new byte[length + length / 1000 + 64];
        int size = 0;
        if (last) {
            d.finish();
            while (!d.finished()) {
                if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                size += d.deflate(buf, size, buf.length - size);
            }
        } else {
            // A sync flush ends the block on a byte boundary, so blocks can be joined as they are.
            int n;
            do {
                if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                n = d.deflate(buf, size, buf.length - size, Deflater.SYNC_FLUSH);
                size += n;
            } while (size == buf.length);
        }
        return Arrays.copyOf(buf, size);
    }

    private void writeOldest() throws IOException {
        Future<byte[]> f = inFlight.removeFirst();
        try {
            out.write(f.get());
        } catch (ExecutionException e) {
            throw new IOException("compressing: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing");
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            long c = crc.getValue();
            out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                    (byte) total, (byte) (total >>> 8), (byte) (total >>> 16), (byte) (total >>> 24)});
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            created.forEach(BlockDeflater::end);   // native memory, freed now rather than by a later GC
            out.close();
        }
    }
}

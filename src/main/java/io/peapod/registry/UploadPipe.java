package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes written on one thread (a layer being compressed) read as the body of an upload on another,
 * so the blob goes out while it is made. The writer's side can be {@link #abandon abandoned} by the
 * reader (the upload failed): later writes are dropped instead of blocking, so the writer finishes its
 * other work (the spool file a retry reads). The writer {@link #fail fails} the reader with its own error.
 */
final class UploadPipe {
    private static final int CHUNK = 256 * 1024;
    /** Chunks in flight: about 2 MiB between the compressor and the socket. */
    private static final int QUEUE = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean abandoned;
    private volatile IOException failure;

    /** The writer's side: close ends the stream for the reader. */
    final OutputStream sink = new OutputStream() {
        private byte[] buffer = new byte[CHUNK];
        private int fill;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - fill);
                System.arraycopy(b, off, buffer, fill, n);
                fill += n;
                off += n;
                len -= n;
                if (fill == CHUNK) {
                    put(buffer);
                    buffer = new byte[CHUNK];
                    fill = 0;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (fill > 0) {
                put(java.util.Arrays.copyOf(buffer, fill));
            }
            put(END);
        }
    };

    /** The reader's side: the upload body. It ends (-1) when the writer closed the sink. */
    final InputStream source = new InputStream() {
        private byte[] current;
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null || pos >= current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next = take();
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            abandon();
        }
    };

    /** The reader gives up: the writer's later bytes go nowhere. */
    void abandon() {
        abandoned = true;
        chunks.clear();
    }

    /** The writer failed: the reader's next read throws {@code e}. */
    void fail(IOException e) {
        failure = e;
        chunks.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!abandoned && !chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                // the reader is slower: wait, unless it gave up meanwhile
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private byte[] take() throws IOException {
        try {
            while (true) {
                IOException f = failure;
                if (f != null) {
                    throw new IOException(f.getMessage(), f);
                }
                byte[] next = chunks.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    if (next == END && failure != null) {
                        continue;   // the failure, not an end
                    }
                    return next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}

package io.peapod.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes written on one thread read on another, through a few chunks in flight: a layer being
 * compressed read as the body of its upload, a layer being inflated read by the unpacker. The reader
 * can {@link #abandon} the pipe (it failed or stopped): the writer's later writes then throw
 * {@link Abandoned}, so it stops instead of blocking. The writer {@link #fail fails} the reader with
 * its own error, which the reader's next read throws as it is.
 */
public final class BytePipe {
    private static final int CHUNK = 256 * 1024;
    /** Chunks in flight: about 2 MiB between the compressor and the socket. */
    private static final int QUEUE = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean abandoned;
    private volatile Throwable failure;

    /** Thrown to the writer once the reader has abandoned the pipe. */
    public static final class Abandoned extends IOException {
        Abandoned() {
            super("the reader stopped reading");
        }
    }

    /** The writer's side: close ends the stream for the reader. */
    public final OutputStream sink = new OutputStream() {
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
    public final InputStream source = new InputStream() {
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

    /** The reader gives up: the writer's later writes throw {@link Abandoned}. */
    public void abandon() {
        abandoned = true;
        chunks.clear();
    }

    /** The writer failed: the reader's next read throws {@code e} (an IOException or unchecked one). */
    public void fail(Throwable e) {
        failure = e;
        chunks.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Abandoned();
                }
            }
            if (abandoned) {
                chunks.clear();
                throw new Abandoned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private byte[] take() throws IOException {
        try {
            while (true) {
                Throwable f = failure;
                if (f instanceof IOException io) {
                    throw io;
                } else if (f instanceof RuntimeException r) {
                    throw r;
                } else if (f != null) {
                    throw new IOException(f.toString(), f);
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

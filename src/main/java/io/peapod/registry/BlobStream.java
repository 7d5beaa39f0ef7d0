package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blob download read as an {@link InputStream} while it arrives: a background thread runs
 * {@link RegistryClient#blob} into this sink, the reader takes the chunks in order. So a layer is
 * unpacked while it downloads, and the client's retries and {@code Range} resumes still apply.
 *
 * <p>The stream ends (-1) only once the client has checked size and digest and committed; a failed
 * download makes the next read throw {@link Failure} carrying the client's error. When the registry
 * restarts a blob from byte 0 (a 200 to a range request), the bytes the reader already has are skipped
 * in the new copy: the client's digest check covers the copy it received in full. Closing the stream
 * early stops the download.
 */
final class BlobStream extends InputStream implements BlobSink {
    /** Chunks in flight between the download and the reader: with the client's 64 KiB reads, about 1 MiB. */
    private static final int QUEUE = 16;
    private static final byte[] END = new byte[0];

    /** The download failed: {@link #error()} is the client's exception. */
    static final class Failure extends IOException {
        private final RegistryException error;

        Failure(RegistryException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        RegistryException error() {
            return error;
        }
    }

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private volatile RegistryException failure;
    private byte[] current;
    private int pos;
    private boolean ended;
    // writer side: bytes handed to the reader before a reset, and bytes of the current copy seen so far
    private long delivered;
    private long received;

    /** Starts downloading {@code digest} of {@code repository} into a new stream. */
    static BlobStream start(RegistryClient client, String repository, String digest, long size) {
        BlobStream s = new BlobStream();
        Thread t = new Thread(() -> {
            try {
                client.blob(repository, digest, size, s);
            } catch (RegistryException e) {
                s.fail(e);
            } catch (RuntimeException e) {
                s.fail(new RegistryException(RegistryException.Kind.TRANSPORT, "reading blob " + digest + ": " + e, e));
            }
        }, "peapod-blob-" + digest.substring(Math.min(digest.length(), 7), Math.min(digest.length(), 19)));
        t.setDaemon(true);
        t.start();
        return s;
    }

    // ---- sink side (the download thread)

    @Override
    public void reset() {
        // Bytes already handed out cannot be taken back: skip them in the new copy instead.
        received = 0;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        long skip = Math.max(0, Math.min(length, delivered - received));
        received += length;
        if (skip == length) {
            return;
        }
        byte[] chunk = new byte[length - (int) skip];
        System.arraycopy(buffer, offset + (int) skip, chunk, 0, chunk.length);
        put(chunk);
        delivered += chunk.length;
    }

    @Override
    public void commit() throws IOException {
        put(END);
    }

    @Override
    public void discard() {
        // the client's exception follows (fail); nothing is stored here
    }

    /** For tests: the download failed with {@code e}. */
    void failForTest(RegistryException e) {
        fail(e);
    }

    private void fail(RegistryException e) {
        failure = e;
        chunks.offer(END);   // wakes a waiting reader; if full, the reader polls and sees the failure
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new IOException("the reader closed the stream");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        if (closed) {
            throw new IOException("the reader closed the stream");
        }
    }

    // ---- reader side

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
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Makes {@code current} hold unread bytes; false at the verified end. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (current == null || pos >= current.length) {
            if (ended) {
                return false;
            }
            RegistryException f = failure;
            byte[] next;
            try {
                next = chunks.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (next == null) {
                if (f != null) {
                    throw new Failure(f);
                }
                continue;
            }
            if (next == END) {
                if (failure != null) {
                    throw new Failure(failure);
                }
                ended = true;
                return false;
            }
            current = next;
            pos = 0;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear();
    }
}

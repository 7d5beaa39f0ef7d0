package io.peapod.registry;

import java.io.ByteArrayOutputStream;

/** A sink that keeps the bytes in memory and remembers how it ended; {@link #committed()} is null until it commits. */
final class MemorySink implements BlobSink {
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private byte[] committed;
    int resets;
    boolean discarded;

    @Override
    public void reset() {
        resets++;
        pending = new ByteArrayOutputStream();
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        pending.write(buffer, offset, length);
    }

    @Override
    public void commit() {
        committed = pending.toByteArray();
    }

    @Override
    public void discard() {
        discarded = true;
        pending = new ByteArrayOutputStream();
    }

    byte[] committed() {
        return committed;
    }
}

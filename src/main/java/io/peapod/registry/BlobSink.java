package io.peapod.registry;

import java.io.IOException;

/**
 * Where a downloaded blob goes. The client calls {@link #reset()} before the first byte and again
 * whenever a download must start over; {@link #write} with the bytes in order; then exactly one of
 * {@link #commit()}, only once every byte arrived and digest and size were verified, or
 * {@link #discard()}. A sink must not make anything visible (a file in place, a row, a layer)
 * before commit, so a failed or corrupt download never counts as done.
 */
public interface BlobSink {
    void reset() throws IOException;

    void write(byte[] buffer, int offset, int length) throws IOException;

    void commit() throws IOException;

    /** Drops whatever was written; must not throw. */
    void discard();
}

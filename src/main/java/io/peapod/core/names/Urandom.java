package io.peapod.core.names;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * Random numbers straight from the kernel's {@code /dev/urandom}, for container ids and names (Go's
 * crypto/rand reads the same source). {@code new SecureRandom()} gives the same quality but loads
 * and configures the security providers first, tens of milliseconds in a fresh JVM.
 */
public final class Urandom implements RandomGenerator {
    private final ByteBuffer buffer = ByteBuffer.allocate(256).limit(0);

    @Override
    public long nextLong() {
        if (buffer.remaining() < Long.BYTES) {
            refill();
        }
        return buffer.getLong();
    }

    private void refill() {
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            byte[] bytes = in.readNBytes(buffer.capacity());
            if (bytes.length != buffer.capacity()) {
                throw new IOException("short read from /dev/urandom");
            }
            buffer.clear();
            buffer.put(bytes).flip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading /dev/urandom: " + e.getMessage(), e);
        }
    }
}

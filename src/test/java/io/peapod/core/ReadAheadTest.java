package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.zip.ZipException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadTest {
    @Test
    void readsWhatTheStreamHolds() throws Exception {
        byte[] data = new byte[1_234_567];
        new Random(3).nextBytes(data);
        try (InputStream in = ReadAhead.start(new ByteArrayInputStream(data), "test-read-ahead")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aFailureBelowReachesTheReaderWithItsOwnType() {
        // e.g. a corrupt gzip stream: the unpacker must see the inflater's error, not a wrapper
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(new byte[500_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new ZipException("invalid stored block lengths");
            }
        });
        InputStream in = ReadAhead.start(broken, "test-read-ahead");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(ZipException.class).hasMessage("invalid stored block lengths");
    }
}

package io.peapod.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream side of a download: order, the verified end, failures, and a restart from byte 0. */
class BlobStreamTest {
    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void bytesArriveInOrderAndTheStreamEndsOnlyAtCommit() throws Exception {
        byte[] blob = data(300_000);
        BlobStream s = new BlobStream();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        s.reset();
        for (int off = 0; off < blob.length; off += 65536) {
            s.write(blob, off, Math.min(65536, blob.length - off));
        }
        Thread.sleep(300);
        assertThat(read).as("no end before the download is verified").isNotDone();
        s.commit();
        assertThat(read.get()).isEqualTo(blob);
    }

    @Test
    void aRestartFromZeroSkipsWhatTheReaderAlreadyHas() throws Exception {
        byte[] blob = data(200_000);
        BlobStream s = new BlobStream();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        s.reset();
        s.write(blob, 0, 70_000);
        s.reset();   // the registry answered a range request with the whole blob
        s.write(blob, 0, 50_000);
        s.write(blob, 50_000, 100_000);
        s.write(blob, 150_000, 50_000);
        s.commit();
        assertThat(read.get()).isEqualTo(blob);
    }

    @Test
    void aFailedDownloadFailsTheReaderWithTheClientsWords() throws Exception {
        BlobStream s = new BlobStream();
        s.reset();
        s.write(data(10), 0, 10);
        s.discard();
        s.failForTest(new RegistryException(RegistryException.Kind.INVALID, "reading blob sha256:x: Digest did not match"));
        byte[] buf = new byte[100];
        assertThat(s.read(buf, 0, 100)).isEqualTo(10);
        assertThatThrownBy(() -> s.read(buf, 0, 100)).isInstanceOf(BlobStream.Failure.class)
                .hasMessage("reading blob sha256:x: Digest did not match");
        assertThat(RegistrySource.registryError(new IOException(new BlobStream.Failure(
                new RegistryException(RegistryException.Kind.TRANSPORT, "x"))))).isNotNull();
    }

    @Test
    void closingTheReaderStopsTheWriter() throws Exception {
        BlobStream s = new BlobStream();
        s.reset();
        s.close();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                s.write(new byte[65536], 0, 65536);
            }
        }).isInstanceOf(IOException.class);
    }
}

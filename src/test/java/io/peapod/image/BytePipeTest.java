package io.peapod.image;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BytePipeTest {
    @Test
    void theReaderGetsEveryByteInOrderAndThenTheEnd() throws Exception {
        byte[] data = new byte[3_000_001];   // more than the chunks in flight, not a multiple of a chunk
        new Random(1).nextBytes(data);
        BytePipe pipe = new BytePipe();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int off = 0; off < data.length; off += 7777) {
                    pipe.sink.write(data, off, Math.min(7777, data.length - off));
                }
                pipe.sink.close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        pipe.source.transferTo(got);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(got.toByteArray()).isEqualTo(data);
        assertThat(pipe.source.read()).isEqualTo(-1);
    }

    @Test
    void theWritersFailureIsThrownToTheReaderAsItIs() throws Exception {
        BytePipe pipe = new BytePipe();
        pipe.sink.write(new byte[300_000]);   // one full chunk is in flight
        IOException cause = new java.nio.file.NoSuchFileException("/var/lib/containers/layer");
        pipe.fail(cause);
        byte[] buf = new byte[1 << 20];
        assertThatThrownBy(() -> {
            while (pipe.source.read(buf) >= 0) {
                // read until the failure
            }
        }).isSameAs(cause);
    }

    @Test
    void aWriterStopsWithAbandonedOnceTheReaderGaveUp() throws Exception {
        BytePipe pipe = new BytePipe();
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    pipe.sink.write(new byte[64 * 1024]);   // fills the pipe, then blocks until abandoned
                }
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        pipe.source.close();
        assertThat(writer.get(5, TimeUnit.SECONDS)).isInstanceOf(BytePipe.Abandoned.class);
    }
}

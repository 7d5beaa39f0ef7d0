package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * podman save -o PATH opens PATH for writing, so a FIFO (which is how podman itself implements
 * save to stdout) or a symlink such as /dev/stdout receives the archive; the path is not replaced.
 */
class SaveToPipeIT {

    @Test
    void saveToFifoWritesThroughThePipe() throws Exception {
        try (Peapod peapod = new Peapod()) {
            peapod.importBusybox();
            Path fifo = peapod.dir.resolve("pipe");
            Peapod.Result mk = Peapod.exec(List.of("mkfifo", fifo.toString()), null, 30);
            assertThat(mk.code()).as(mk.toString()).isZero();
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    return in.readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Peapod.Result r = peapod.run("save", "-o", fifo.toString(), "busybox");
            // Unblock the reader if peapod never opened the FIFO.
            if (!reader.isDone()) {
                try (var unused = Files.newOutputStream(fifo)) {
                    // open and close the write end
                } catch (Exception ignored) {
                }
            }
            byte[] data = reader.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS))
                    .as("save -o FIFO must write into the FIFO, not replace it with a regular file").isFalse();
            assertThat(data.length).as("bytes read from the FIFO").isGreaterThan(1_000_000);
        }
    }

    @Test
    void saveToSymlinkWritesTheTarget() throws Exception {
        try (Peapod peapod = new Peapod()) {
            peapod.importBusybox();
            Path target = peapod.dir.resolve("real.tar");
            Path link = Files.createSymbolicLink(peapod.dir.resolve("link.tar"), target.getFileName());
            Peapod.Result r = peapod.run("save", "-o", link.toString(), "busybox");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(Files.isSymbolicLink(link)).as("the symlink must not be replaced").isTrue();
            assertThat(target).isRegularFile();
            assertThat(Files.size(target)).isGreaterThan(1_000_000);
        }
    }
}

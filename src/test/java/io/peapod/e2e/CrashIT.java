package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 in the middle of a load: the store stays consistent and the next write command cleans up. */
class CrashIT {
    @Test
    void aKilledLoadLeavesNoImageAndTheNextWriterRemovesItsDebris() throws Exception {
        try (Peapod peapod = new Peapod()) {
            // An image with a large, slow-to-unpack layer: many files of random data.
            Path tree = peapod.dir.resolve("big");
            Files.createDirectories(tree);
            Random random = new Random(42);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 1500; i++) {
                random.nextBytes(chunk);
                try (OutputStream out = Files.newOutputStream(tree.resolve("f" + i))) {
                    out.write(chunk);
                }
            }
            Path tar = peapod.dir.resolve("big.tar");
            assertThat(Peapod.exec(List.of("tar", "-C", tree.toString(), "-cf", tar.toString(), "."), null, 60).code()).isZero();
            String id = peapod.ok("import", tar.toString(), "localhost/big:1").out().strip();
            Path archive = peapod.dir.resolve("big-archive.tar");
            peapod.ok("save", "-o", archive.toString(), "localhost/big:1");
            peapod.ok("rmi", "localhost/big:1");

            for (long delayMs : new long[] {150, 400, 800}) {
                List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                        "--runroot", peapod.runroot.toString(), "load", "-i", archive.toString()));
                Process load = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Thread.sleep(delayMs);
                load.descendants().forEach(ProcessHandle::destroyForcibly);
                load.destroyForcibly();   // SIGKILL
                load.waitFor(30, TimeUnit.SECONDS);

                // A reader sees a consistent store whatever the moment of the kill.
                Peapod.Result images = peapod.ok("images", "--format", "{{.ID}}");
                assertThat(images.out()).as("after a kill at %d ms", delayMs)
                        .satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o.strip()).isEqualTo(id.substring(7, 19)));
                // The next writer removes what the killed one left, and the check agrees.
                peapod.ok("image", "prune", "-f");
                peapod.ok("system", "check");
                try (Stream<Path> dirs = Files.list(peapod.root.resolve("overlay"))) {
                    assertThat(dirs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
                } catch (java.nio.file.NoSuchFileException e) {
                    // the killed load had not created the driver directory yet: nothing to clean
                }
                peapod.ok("rmi", "-a", "-f");
            }
            // And the archive still loads completely afterwards.
            peapod.ok("load", "-i", archive.toString());
            assertThat(peapod.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out().strip()).isEqualTo("localhost/big:1");
        }
    }
}

package io.peapod.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLockTest {
    @TempDir Path tmp;

    @Test
    void createsLockFileWithMode0600() throws Exception {
        Path path = tmp.resolve("lock");
        try (FileLock lock = FileLock.exclusive(path)) {
            assertThat(lock.path()).isEqualTo(path);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        }
    }

    @Test
    void exclusiveExcludesWithinOneJvm() {
        Path path = tmp.resolve("lock");
        try (FileLock held = FileLock.exclusive(path)) {
            assertThat(FileLock.tryExclusive(path)).isNull();
            assertThat(FileLock.tryExclusive(tmp.resolve(".").resolve("lock"))).as("same file, other spelling").isNull();
        }
        FileLock again = FileLock.tryExclusive(path);
        assertThat(again).isNotNull();
        again.close();
        again.close(); // idempotent
    }

    @Test
    void blockingExclusiveWaitsForOtherThread() throws Exception {
        Path path = tmp.resolve("lock");
        AtomicBoolean acquired = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> waiter;
        try (FileLock held = FileLock.exclusive(path)) {
            waiter = CompletableFuture.runAsync(() -> {
                started.countDown();
                try (FileLock mine = FileLock.exclusive(path)) {
                    acquired.set(true);
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(acquired).isFalse();
        }
        waiter.get(5, TimeUnit.SECONDS);
        assertThat(acquired).isTrue();
    }

    @Test
    void excludesOtherProcesses() throws Exception {
        Path path = tmp.resolve("lock");
        // We hold it: another JVM cannot get it, and gets it once we let go.
        try (FileLock held = FileLock.exclusive(path)) {
            assertThat(probe(path, "try").waitFor()).isEqualTo(1);
        }
        assertThat(probe(path, "try").waitFor()).isZero();

        // Another process holds it (until its stdin closes): we cannot get it.
        Process other = probe(path, "hold");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(FileLock.tryExclusive(path)).isNull();
            other.getOutputStream().close();
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            other.destroyForcibly();
        }
        try (FileLock mine = FileLock.tryExclusive(path)) {
            assertThat(mine).isNotNull();
        }
    }

    @Test
    void aShellTellsWhetherALiveProcessHoldsTheLock() throws Exception {
        Path path = tmp.resolve("lock");
        assertThat(held(path)).as("no file yet").isEqualTo(1);
        try (FileLock mine = FileLock.exclusive(path)) {
            assertThat(held(path)).isZero();
        }
        assertThat(held(path)).as("released").isEqualTo(1);

        // A holder killed outright leaves its line behind, but it names a dead process.
        Process other = probe(path, "hold");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(held(path)).isZero();
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(path)).startsWith(other.pid() + " ");
        assertThat(held(path)).as("holder killed").isEqualTo(1);
        try (FileLock mine = FileLock.tryExclusive(path)) {
            assertThat(mine).as("the kernel released the dead holder's lock").isNotNull();
            assertThat(mine.previousHolderVanished()).as("whose work may be half done").isTrue();
        }
        try (FileLock mine = FileLock.exclusive(path)) {
            assertThat(mine.previousHolderVanished()).as("released in good order").isFalse();
        }
    }

    /** Runs {@link FileLockProbe} in a second JVM. */
    private static Process probe(Path path, String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FileLockProbe.class.getName(),
                mode, path.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int held(Path path) throws Exception {
        return run("sh", "-c", FileLock.HELD_BY_LIVE_PROCESS + "; held \"$0\" 2>/dev/null", path.toString());
    }

    @Test
    void missingDirectoryFailsWithErrno() {
        Path path = tmp.resolve("no/such/lock");
        assertThatThrownBy(() -> FileLock.exclusive(path))
                .isInstanceOfSatisfying(SysException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.call()).isEqualTo("open");
                })
                .hasMessageContaining(path.toString());
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}

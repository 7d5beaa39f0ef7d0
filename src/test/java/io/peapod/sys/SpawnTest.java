package io.peapod.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
    @TempDir Path tmp;

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");

    /** Runs {@code script} under sh with a pipe's write end on {@code childFd}; returns what it wrote there. */
    private static String capture(String script, int childFd, Map<String, String> env, Path cwd) {
        int[] pipe = Spawn.pipe();
        int pid;
        try {
            pid = Spawn.spawn(List.of("sh", "-c", script), env, cwd, Map.of(childFd, pipe[1]));
        } finally {
            Spawn.close(pipe[1]); // only the child may hold the write end, or we never see EOF
        }
        try {
            String out = readAll(pipe[0]);
            assertThat(Spawn.waitpid(pid)).isZero();
            return out;
        } finally {
            Spawn.close(pipe[0]);
        }
    }

    private static String readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        int n;
        while ((n = Spawn.read(fd, buf, 0, buf.length)) > 0) out.write(buf, 0, n);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipeOnFd3() {
        assertThat(capture("echo hi >&3", 3, ENV, null)).isEqualTo("hi\n");
    }

    @Test
    void stdoutCanBeMapped() {
        assertThat(capture("echo out; echo err >&2", 1, ENV, null)).isEqualTo("out\n");
    }

    @Test
    void fds3And4AtOnceEvenWhenSwapped() {
        int[] a = Spawn.pipe(), b = Spawn.pipe();
        // Parent fds are whatever numbers pipe2 gave; map them crosswise to make collisions likely.
        Map<Integer, Integer> fds = new HashMap<>();
        fds.put(3, b[1]);
        fds.put(4, a[1]);
        int pid = Spawn.spawn(List.of("sh", "-c", "echo three >&3; echo four >&4"), ENV, null, fds);
        Spawn.close(a[1]);
        Spawn.close(b[1]);
        assertThat(readAll(b[0])).isEqualTo("three\n");
        assertThat(readAll(a[0])).isEqualTo("four\n");
        assertThat(Spawn.waitpid(pid)).isZero();
        Spawn.close(a[0]);
        Spawn.close(b[0]);
    }

    @Test
    void runsInCwd() throws Exception {
        assertThat(capture("pwd -P >&3", 3, ENV, tmp)).isEqualTo(tmp.toRealPath() + "\n");
    }

    @Test
    void environmentIsExactlyWhatWasGiven() {
        Map<String, String> env = Map.of("PATH", ENV.get("PATH"), "FOO", "bar baz");
        assertThat(capture("echo \"$FOO|${HOME-unset}\" >&3", 3, env, null)).isEqualTo("bar baz|unset\n");
    }

    @Test
    void nullEnvironmentInheritsOurs() {
        String path = System.getenv("PATH");
        assertThat(capture("echo \"$PATH\" >&3", 3, null, null)).isEqualTo(path + "\n");
    }

    @Test
    void childStartsWithNoBlockedSignalsAndNoExtraFds() {
        String status = capture("grep -E '^SigBlk' /proc/self/status >&3", 3, ENV, null);
        assertThat(status.trim()).isEqualTo("SigBlk:\t0000000000000000");
        // ls's own fds: 0-2, our pipe on 3 and the directory it is listing; nothing of the JVM's.
        String fds = capture("ls /proc/self/fd >&3", 3, ENV, null);
        assertThat(fds.lines().map(Integer::parseInt).filter(fd -> fd > 4)).isEmpty();
    }

    @Test
    void exitCodesDecodeLikeAShell() {
        int pid = Spawn.spawn(List.of("sh", "-c", "exit 7"), ENV, null, Map.of());
        assertThat(Spawn.waitpid(pid)).isEqualTo(7);

        int sleeper = Spawn.spawn(List.of("sleep", "30"), ENV, null, Map.of());
        Spawn.kill(sleeper, Spawn.SIGKILL);
        assertThat(Spawn.waitpid(sleeper)).isEqualTo(128 + 9);

        int termed = Spawn.spawn(List.of("sleep", "30"), ENV, null, Map.of());
        Spawn.kill(termed, Spawn.SIGTERM);
        assertThat(Spawn.waitpid(termed)).isEqualTo(143);

        assertThatThrownBy(() -> Spawn.waitpid(pid))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECHILD));
        assertThatThrownBy(() -> Spawn.kill(sleeper, 0))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
    }

    @Test
    void decodeStatus() {
        assertThat(Spawn.decodeStatus(0)).isZero();
        assertThat(Spawn.decodeStatus(7 << 8)).isEqualTo(7);
        assertThat(Spawn.decodeStatus(9)).isEqualTo(137);
        assertThat(Spawn.decodeStatus(0x80 | 11)).isEqualTo(139); // core dumped
    }

    @Test
    void missingProgramFailsWithEnoent() {
        assertThatThrownBy(() -> Spawn.spawn(List.of("no-such-program-xyz"), ENV, null, Map.of()))
                .isInstanceOfSatisfying(SysException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.call()).isEqualTo("posix_spawnp");
                })
                .hasMessageContaining("no-such-program-xyz");
        assertThatThrownBy(() -> Spawn.spawn(List.of("true"), ENV, tmp.resolve("gone"), Map.of()))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void pipeReadWriteInProcess() {
        int[] p = Spawn.pipe();
        try {
            byte[] msg = "xxhello".getBytes(StandardCharsets.UTF_8);
            assertThat(Spawn.write(p[1], msg, 2, 5)).isEqualTo(5);
            Spawn.close(p[1]);
            byte[] buf = new byte[10];
            int n = Spawn.read(p[0], buf, 3, 7);
            assertThat(new String(buf, 3, n, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(Spawn.read(p[0], buf, 0, 10)).isZero();
        } finally {
            Spawn.close(p[0]);
        }
        assertThatThrownBy(() -> Spawn.close(p[0]))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }
}

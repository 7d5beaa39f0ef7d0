package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interactive containers through conmon's attach socket: {@code run -i/-t}, {@code start -ai},
 * {@code attach}, detach keys. Terminal cases run peapod under util-linux {@code script}, which gives
 * it a real pseudo-terminal; the test types into it and reads what a user would see.
 */
class AttachIT {
    static Peapod peapod;

    @BeforeAll
    static void setUp() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            throw new AssertionError("/usr/bin/script is missing: util-linux's script gives these tests a pseudo-terminal");
        }
        peapod = new Peapod();
        peapod.importBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.close();
        }
    }

    /** peapod under a pseudo-terminal of 40 rows and 100 columns; {@code shellBefore} runs in the same shell first. */
    static final class Pty implements AutoCloseable {
        private final Process process;
        private final OutputStream keys;
        private final StringBuffer screen = new StringBuffer();

        Pty(String shellBefore, String... peapodArgs) throws IOException {
            List<String> words = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                    "--runroot", peapod.runroot.toString()));
            words.addAll(List.of(peapodArgs));
            StringBuilder cmd = new StringBuilder("stty rows 40 cols 100; " + shellBefore + " exec");
            for (String w : words) cmd.append(" '").append(w.replace("'", "'\\''")).append("'");
            process = new ProcessBuilder("script", "-qec", cmd.toString(), "/dev/null").redirectErrorStream(true).start();
            keys = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) > 0) screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** Waits until the screen shows {@code text}. */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!screen.toString().contains(text)) {
                if (System.nanoTime() > deadline) throw new AssertionError("no \"" + text + "\" on the screen:\n" + screen);
                Thread.sleep(50);
            }
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("still running:\n" + screen);
            return process.exitValue();
        }

        String screen() {
            return screen.toString();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void runItGivesTheContainerATerminalOfOurSizeAndOurKeystrokes() throws Exception {
        try (Pty pty = new Pty("", "run", "--rm", "-it", "busybox", "sh", "-c",
                "tty; stty size; read x; echo \"got [$x]\"; exit 3")) {
            pty.await("40 100");
            pty.type("hello\r");
            pty.await("got [hello]");
            assertThat(pty.exitCode()).isEqualTo(3);
            assertThat(pty.screen()).contains("/dev/pts/0").contains("hello\r\n");   // echoed by the container's tty
        }
    }

    @Test
    void theContainersTerminalFollowsOurWindowSize() throws Exception {
        Path resized = peapod.dir.resolve("resize-now");
        // A background job of the same shell resizes the pseudo-terminal when the test says so: the
        // kernel then sends peapod SIGWINCH.
        String resizer = "(while [ ! -e '" + resized + "' ]; do sleep 0.1; done; stty rows 50 cols 120 </dev/tty) &";
        try (Pty pty = new Pty(resizer, "run", "--rm", "-it", "busybox", "sh", "-c",
                "stty size; while read x; do stty size; done")) {
            pty.await("40 100");
            Files.createFile(resized);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!pty.screen().contains("50 120")) {
                if (System.nanoTime() > deadline) throw new AssertionError("the size never changed:\n" + pty.screen());
                pty.type("\r");
                Thread.sleep(200);
            }
            pty.type("\004");   // Ctrl-D: end of the loop's input, the container exits
            assertThat(pty.exitCode()).isEqualTo(0);
        }
    }

    @Test
    void runWithoutATerminalPipesStdinAndKeepsTheStreamsApart() throws Exception {
        Path input = Files.writeString(peapod.dir.resolve("input"), "hi\nthere\n");
        Peapod.Result r = peapod.runWithInput(input, 120, "run", "--rm", "-i", "busybox", "sh", "-c",
                "cat; echo err >&2; exit 4");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("hi\nthere\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test
    void withATerminalStdoutAndStderrAreOneStream() {
        Peapod.Result r = peapod.run("run", "--rm", "-t", "busybox", "sh", "-c", "echo out; echo err >&2; exit 2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("out\r\nerr\r\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void attachThenDetachLeavesTheContainerRunning() throws Exception {
        peapod.ok("run", "-dit", "--name", "detachable", "busybox", "sh");
        try (Pty pty = new Pty("", "attach", "detachable")) {
            pty.type("echo \"a\"b\"c\"\r");
            pty.await("abc");
            pty.type("\020");   // Ctrl-P
            pty.type("\021");   // Ctrl-Q
            assertThat(pty.exitCode()).isEqualTo(0);
        }
        assertThat(peapod.ok("ps", "--format", "{{.Names}} {{.State}}").out()).contains("detachable running");
        // Custom keys, and typing into a container after an earlier session detached from it.
        try (Pty pty = new Pty("", "attach", "--detach-keys", "ctrl-x,x", "detachable")) {
            pty.type("echo \"d\"e\"f\"\r");
            pty.await("def");
            pty.type("\030x");
            assertThat(pty.exitCode()).isEqualTo(0);
        }
        assertThat(peapod.ok("ps", "--format", "{{.Names}} {{.State}}").out()).contains("detachable running");
        try (Pty pty = new Pty("", "attach", "detachable")) {
            pty.type("exit 7\r");
            // podman's attach exits 0 and prints a newline once the container has ended
            assertThat(pty.exitCode()).isEqualTo(0);
        }
        assertThat(peapod.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("detachable Exited (7)");
    }

    @Test
    void runItDetachesWithTheDefaultKeysAndExitsZero() throws Exception {
        try (Pty pty = new Pty("", "run", "-it", "--name", "runthendetach", "busybox", "sh")) {
            pty.type("echo \"r\"u\"n\"\r");
            pty.await("run");
            pty.type("\020\021");   // both keys in one read, as a script would send them
            assertThat(pty.exitCode()).isEqualTo(0);
        }
        assertThat(peapod.ok("ps", "--format", "{{.Names}} {{.State}}").out()).contains("runthendetach running");
        peapod.ok("rm", "-f", "runthendetach");
    }

    @Test
    void createItThenStartAi() throws Exception {
        peapod.ok("create", "-it", "--name", "startai", "busybox", "sh", "-c", "read x; echo \"started [$x]\"; exit 5");
        try (Pty pty = new Pty("", "start", "-ai", "startai")) {
            pty.type("yes\r");
            pty.await("started [yes]");
            assertThat(pty.exitCode()).isEqualTo(5);
        }
        Path input = Files.writeString(peapod.dir.resolve("start-input"), "piped\n");
        peapod.ok("create", "-i", "--name", "startpiped", "busybox", "sh", "-c", "read x; echo \"got [$x]\"; exit 6");
        Peapod.Result r = peapod.runWithInput(input, 120, "start", "-ai", "startpiped");
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.out()).isEqualTo("got [piped]\n");
    }

    @Test
    void attachNoStdinGivesTheContainerAnEndedInput() throws Exception {
        peapod.ok("run", "-d", "-i", "--name", "nostdin", "busybox", "sh", "-c", "read x; echo \"got [$x]\"; exit 4");
        Path input = Files.writeString(peapod.dir.resolve("ignored"), "ignored\n");
        Peapod.Result r = peapod.runWithInput(input, 120, "attach", "--no-stdin", "nostdin");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("got []\n\n");
        assertThat(peapod.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("nostdin Exited (4)");
    }

    @Test
    void attachRefusesStoppedContainersAndBadKeys() {
        peapod.ok("create", "--name", "notrunning", "busybox", "true");
        Peapod.Result r = peapod.run("attach", "notrunning");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: you can only attach to running containers\n");

        String id = peapod.ok("run", "-d", "--name", "badkeys", "busybox", "sleep", "1000").out().strip();
        r = peapod.run("attach", "--detach-keys", "foo", "badkeys");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: attaching to container " + id
                + ": invalid detach keys: Unknown character: 'foo'\n");

        String before = peapod.ok("ps", "-a", "-q").out();
        r = peapod.run("run", "-it", "--detach-keys", "ctrl-1", "busybox", "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: invalid detach keys: Unknown character: 'ctrl-1'\n");
        assertThat(peapod.ok("ps", "-a", "-q").out()).isEqualTo(before);   // nothing created

        r = peapod.run("attach");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: \"peapod attach\" requires a name, id, or the \"--latest\" flag\n");
        peapod.ok("rm", "-f", "badkeys", "notrunning");
    }
}

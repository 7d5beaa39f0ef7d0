package io.peapod.core.conmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peapod.core.conmon.K8sFileLog.Line;
import io.peapod.core.conmon.K8sFileLog.Stream;
import io.peapod.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real conmon 2.x and runc, as root: the container lifecycle libpod drives, end to end. */
class ConmonRuncTest {
    static final Path CONMON = Path.of("/usr/bin/conmon"), RUNC = Path.of("/usr/sbin/runc");
    static final Duration WAIT = Duration.ofSeconds(20);

    static Path base, rootfs, runcRoot, exitDir;

    /** Containers and conmons this class started, so cleanup touches nothing else. */
    final List<String> ids = new ArrayList<>();
    final List<Integer> conmons = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(LibC.geteuid() == 0, "needs root to run runc");
        assumeTrue(Files.isExecutable(CONMON) && Files.isExecutable(RUNC), "needs conmon and runc installed");
        // /var/tmp, not /tmp: a tmpfs /tmp may be mounted noexec, and runc needs a real directory tree.
        base = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-conmon-");
        rootfs = BusyboxBundle.rootfs(base);
        runcRoot = Files.createDirectories(base.resolve("runc"));
        exitDir = Files.createDirectories(base.resolve("exits"));
    }

    @AfterEach
    void cleanUp() {
        for (String id : ids) {
            try {
                Conmon.delete(RUNC, runcRoot, id, true);
            } catch (ConmonException e) {
                // Already deleted or never created.
            }
        }
        for (int pid : conmons) {
            if (isConmon(pid)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @AfterAll
    static void removeBase() throws IOException {
        if (base == null) return;
        try (var files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private ConmonRequest request(String id, List<String> args, boolean pidNs, List<String> exitCommand) throws Exception {
        Path dir = base.resolve(id);
        BusyboxBundle.write(dir, rootfs, args, pidNs);
        ids.add(id);
        // bundleDir == containerDir, as in libpod (both are the container's userdata directory).
        return new ConmonRequest(id, "name-" + id, dir, RUNC, runcRoot, dir, dir.resolve("ctr.log"), "k8s-file",
                false, false, exitCommand, exitDir, dir.resolve("persist"), base.resolve("socket"));
    }

    private CreateResult create(ConmonRequest r) {
        CreateResult c = Conmon.create(r, CONMON);
        conmons.add(c.conmonPid());
        return c;
    }

    private static String newId() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void exitCodeLogsAndExitCommand() throws Exception {
        String id = newId();
        Path marker = base.resolve(id + ".cleaned");
        ConmonRequest r = request(id, List.of("sh", "-c", "echo out; echo err >&2; exit 7"), true,
                List.of("/bin/sh", "-c", "touch " + marker));

        CreateResult c = create(r);
        assertThat(c.containerPid()).isPositive();
        assertThat(c.conmonPid()).isPositive();
        assertThat(Conmon.state(RUNC, runcRoot, id)).map(RuntimeState::status).contains(RuntimeState.Status.CREATED);
        // conmon daemonized: its parent is not us (init or a subreaper adopted it).
        assertThat(parentOf(c.conmonPid())).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(Conmon.exitCode(exitDir, id)).isEmpty();

        Conmon.start(RUNC, runcRoot, id, c.containerPid());

        assertThat(Conmon.awaitExitCode(exitDir, id, WAIT)).isEqualTo(OptionalInt.of(7));
        assertThat(K8sFileLog.read(r.logPath())).extracting(Line::stream, Line::text).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Stream.STDOUT, "out"),
                org.assertj.core.groups.Tuple.tuple(Stream.STDERR, "err"));
        awaitFile(marker);
        assertThat(Conmon.state(RUNC, runcRoot, id)).map(RuntimeState::status).contains(RuntimeState.Status.STOPPED);
        Conmon.delete(RUNC, runcRoot, id, false);
        assertThat(Conmon.state(RUNC, runcRoot, id)).isEmpty();
    }

    @Test
    void sigtermEndsASleepWith143() throws Exception {
        String id = newId();
        // Outside a pid namespace sleep is not an init, so SIGTERM without a handler kills it as it would on the host.
        ConmonRequest r = request(id, List.of("sleep", "100"), false, List.of());
        CreateResult c = create(r);
        Conmon.start(RUNC, runcRoot, id, c.containerPid());   // through the exec fifo, as runc's own start

        Optional<RuntimeState> s = Conmon.state(RUNC, runcRoot, id);
        assertThat(s).map(RuntimeState::status).contains(RuntimeState.Status.RUNNING);
        assertThat(s.get().pid()).isEqualTo(c.containerPid());
        assertThat(Conmon.readPid(r.pidFile())).isEqualTo(OptionalInt.of(c.containerPid()));
        assertThat(parentOf(c.containerPid())).isEqualTo(c.conmonPid());
        assertThat(runcRoot.resolve(id).resolve("exec.fifo")).doesNotExist();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Conmon.start(RUNC, runcRoot, id, c.containerPid()))
                .as("runc itself sees it running").hasMessageContaining("cannot start an already running container");

        Conmon.kill(RUNC, runcRoot, id, "SIGTERM");
        assertThat(Conmon.awaitExitCode(exitDir, id, WAIT)).isEqualTo(OptionalInt.of(143));
    }

    @Test
    void conmonOutlivesTheJvmThatCreatedTheContainer() throws Exception {
        String id = newId();
        ConmonRequest r = request(id, List.of("sh", "-c", "echo survived"), true, List.of());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CreateInChildJvm.class.getName(), id, r.bundleDir().toString(), runcRoot.toString(),
                r.containerDir().toString(), exitDir.toString(), r.logPath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor()).as("child JVM output: %s", out).isZero();
        int conmonPid = Integer.parseInt(out.split(" ")[1]);
        conmons.add(conmonPid);

        assertThat(isConmon(conmonPid)).as("conmon %d alive after its creator exited", conmonPid).isTrue();
        assertThat(parentOf(conmonPid)).isNotEqualTo(child.pid());
        // The orphaned conmon still supervises: it logs and writes the exit file.
        Conmon.start(RUNC, runcRoot, id, 0);   // no pid at hand: runc's own start
        assertThat(Conmon.awaitExitCode(exitDir, id, WAIT)).isEqualTo(OptionalInt.of(0));
        assertThat(K8sFileLog.read(r.logPath())).extracting(Line::text).containsExactly("survived");
    }

    @Test
    void terminalContainerLogsThroughConmonsPty() throws Exception {
        String id = newId();
        Path dir = base.resolve(id);
        BusyboxBundle.write(dir, rootfs, List.of("sh", "-c", "echo tty; exit 3"), true, true);
        ids.add(id);
        // -t: conmon makes the console socket, runc hands it the pty master; nothing for us to relay.
        ConmonRequest r = new ConmonRequest(id, id, dir, RUNC, runcRoot, dir, dir.resolve("ctr.log"), "k8s-file",
                true, true, List.of(), exitDir, null, null);
        CreateResult c = create(r);
        Conmon.start(RUNC, runcRoot, id, c.containerPid());
        assertThat(Conmon.awaitExitCode(exitDir, id, WAIT)).isEqualTo(OptionalInt.of(3));
        // A pty turns "\n" into "\r\n"; everything a terminal writes is logged as stdout.
        assertThat(K8sFileLog.read(r.logPath())).extracting(Line::stream, Line::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Stream.STDOUT, "tty\r"));
    }

    @Test
    void runtimeErrorsReachTheCaller() throws Exception {
        String id = newId();
        ConmonRequest r = request(id, List.of("/no/such/binary"), true, List.of());
        assertThatThrownBy(() -> create(r)).isInstanceOf(ConmonException.class)
                .hasMessageContaining("/no/such/binary");
        assertThat(Files.readString(r.conmonStderr())).isEmpty();
        assertThat(Conmon.state(RUNC, runcRoot, id)).isEmpty();
    }

    @Test
    void unknownContainerHasNoState() {
        assertThat(Conmon.state(RUNC, runcRoot, "never-created")).isEmpty();
        assertThat(Conmon.exitCode(exitDir, "never-created")).isEmpty();
    }

    private static long parentOf(int pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
            if (line.startsWith("PPid:")) return Long.parseLong(line.substring(5).strip());
        }
        throw new IllegalStateException("no PPid for " + pid);
    }

    /** Guards against signalling a recycled pid. */
    private static boolean isConmon(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).strip().equals("conmon");
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitFile(Path p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(p) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(p).as("exit command's marker").exists();
    }
}

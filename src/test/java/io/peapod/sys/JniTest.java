package io.peapod.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpeapod's real system calls: processes, pipes, mounts and network namespaces. Runs as root. */
class JniTest {
    @TempDir Path tmp;

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

    /** Runs {@code script} under sh with a pipe's write end as its descriptor {@code childFd}; returns what it wrote there. */
    private static String capture(String script, int childFd, boolean newSession) {
        int[] pipe = Jni.pipe();
        int devNull = Jni.open(Path.of("/dev/null"), Jni.O_RDWR, 0);
        List<Integer> fds = new ArrayList<>(List.of(devNull, devNull, devNull));
        while (fds.size() <= childFd) {
            fds.add(devNull);
        }
        fds.set(childFd, pipe[1]);
        int pid;
        try {
            pid = Jni.spawn(List.of("/bin/sh", "-c", script), ENV, fds, newSession);
        } finally {
            Jni.close(pipe[1]);   // only the child may hold the write end, or the read never ends
            Jni.close(devNull);
        }
        try {
            String out = readAll(pipe[0]);
            assertThat(Jni.waitFor(pid)).isZero();
            return out;
        } finally {
            Jni.close(pipe[0]);
        }
    }

    private static String readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        int n;
        while ((n = Jni.read(fd, buf, 10_000)) > 0) {
            out.write(buf, 0, n);
        }
        assertThat(n).as("end of file, not a timeout").isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bindTestFindsPortsTakenOnTheAddressAskedOrOnAll() throws Exception {
        try (java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             java.net.DatagramSocket udp = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = tcp.getLocalPort();
            assertThatThrownBy(() -> Jni.bindTest("127.0.0.1", port, false)).isInstanceOf(SysException.class)
                    .hasMessageContaining("Address already in use");
            assertThatThrownBy(() -> Jni.bindTest("", port, false)).as("every address includes 127.0.0.1")
                    .isInstanceOf(SysException.class);
            Jni.bindTest("127.0.0.1", port, true);   // the same number over UDP is another port
            int udpPort = udp.getLocalPort();
            assertThatThrownBy(() -> Jni.bindTest("127.0.0.1", udpPort, true)).isInstanceOf(SysException.class);
        }
        try (java.net.ServerSocket any = new java.net.ServerSocket(0)) {
            int port = any.getLocalPort();
            assertThatThrownBy(() -> Jni.bindTest("127.0.0.1", port, false)).as("taken on every address")
                    .isInstanceOf(SysException.class);
            assertThatThrownBy(() -> Jni.bindTest("::1", port, false)).isInstanceOf(SysException.class);
        }
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        Jni.bindTest("127.0.0.1", free, false);
        Jni.bindTest("", free, false);
        Jni.bindTest("", free, false);   // the test's own socket is closed again: the port stays free
        assertThatThrownBy(() -> Jni.bindTest("192.0.2.1", free, false)).as("not an address of this host")
                .hasMessageContaining("Cannot assign requested address");
        assertThatThrownBy(() -> Jni.bindTest("not-an-ip", free, false)).hasMessageContaining("Invalid argument");
    }

    @Test
    void childGetsThePipeOnTheDescriptorAsked() {
        assertThat(capture("echo hi >&3", 3, false)).isEqualTo("hi\n");
        assertThat(capture("echo out", 1, false)).isEqualTo("out\n");
    }

    @Test
    void descriptorsMappedCrosswiseArriveIntact() {
        int[] a = Jni.pipe(), b = Jni.pipe();
        int devNull = Jni.open(Path.of("/dev/null"), Jni.O_RDWR, 0);
        // the parent's numbers are whatever pipe2 gave: crosswise, one target is likely another's source
        int pid = Jni.spawn(List.of("/bin/sh", "-c", "echo three >&3; echo four >&4"), ENV,
                List.of(devNull, devNull, devNull, b[1], a[1]), false);
        Jni.close(a[1]);
        Jni.close(b[1]);
        Jni.close(devNull);
        assertThat(readAll(b[0])).isEqualTo("three\n");
        assertThat(readAll(a[0])).isEqualTo("four\n");
        assertThat(Jni.waitFor(pid)).isZero();
        Jni.close(a[0]);
        Jni.close(b[0]);
    }

    @Test
    void childStartsAsPodmansChildrenDo() {
        // glibc's posix_spawn would leave its internal signals 32 and 33 ignored: none may be, and none blocked
        String status = capture("grep -E '^Sig(Blk|Ign)' /proc/self/status >&3", 3, false);
        assertThat(status).isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
        // ls's own: 0-2, our pipe on 3 and the directory it lists; nothing of the JVM's
        String fds = capture("ls /proc/self/fd >&3", 3, false);
        assertThat(fds.lines().map(Integer::parseInt).filter(fd -> fd > 4)).isEmpty();
        // the environment given and nothing of ours (sh itself sets PWD)
        assertThat(capture("echo \"$PATH|${HOME-unset}\" >&3", 3, false)).isEqualTo("/usr/bin:/bin|unset\n");
    }

    @Test
    void newSessionWhenAsked() {
        String ids = capture("echo $$ $(cut -d' ' -f6 /proc/$$/stat) >&3", 3, true);
        String[] pidAndSession = ids.trim().split(" ");
        assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
        String ours = capture("echo $$ $(cut -d' ' -f6 /proc/$$/stat) >&3", 3, false);
        assertThat(ours.trim().split(" ")[1]).isNotEqualTo(ours.trim().split(" ")[0]);
    }

    @Test
    void exitStatusesDecodeLikeAShell() {
        int devNull = Jni.open(Path.of("/dev/null"), Jni.O_RDWR, 0);
        List<Integer> stdio = List.of(devNull, devNull, devNull);
        int pid = Jni.spawn(List.of("/bin/sh", "-c", "exit 7"), ENV, stdio, false);
        assertThat(Jni.waitFor(pid)).isEqualTo(7);
        int killed = Jni.spawn(List.of("/bin/sh", "-c", "kill -9 $$"), ENV, stdio, false);
        assertThat(Jni.waitFor(killed)).isEqualTo(128 + 9);
        Jni.close(devNull);
        assertThatThrownBy(() -> Jni.waitFor(pid))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECHILD));
    }

    @Test
    void aMissingProgramIsThrownNotStarted() {
        assertThatThrownBy(() -> Jni.spawn(List.of("/no/such/program"), ENV, List.of(), false))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("/no/such/program");
    }

    @Test
    void anOpenedFileBecomesTheChildsStderr() throws Exception {
        Path err = tmp.resolve("err");
        Files.writeString(err, "old content, longer than the new\n");
        int fd = Jni.open(err, Jni.O_WRONLY | Jni.O_CREAT | Jni.O_TRUNC, 0600);
        int devNull = Jni.open(Path.of("/dev/null"), Jni.O_RDWR, 0);
        int pid = Jni.spawn(List.of("/bin/sh", "-c", "echo out; echo oops >&2"), ENV, List.of(devNull, devNull, fd), false);
        Jni.close(fd);
        Jni.close(devNull);
        assertThat(Jni.waitFor(pid)).isZero();
        assertThat(Files.readString(err)).isEqualTo("oops\n");
        assertThatThrownBy(() -> Jni.open(tmp.resolve("nope"), Jni.O_RDONLY, 0))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void aReadWaitsNoLongerThanAsked() {
        int[] p = Jni.pipe();
        byte[] buf = new byte[8];
        long start = System.nanoTime();
        assertThat(Jni.read(p[0], buf, 50)).isEqualTo(-1);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(45);
        Jni.write(p[1], "abc".getBytes(StandardCharsets.UTF_8));
        assertThat(Jni.read(p[0], buf, 50)).isEqualTo(3);
        Jni.close(p[1]);
        assertThat(Jni.read(p[0], buf, 50)).isZero();
        Jni.close(p[0]);
        assertThatThrownBy(() -> Jni.close(p[0]))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void mountsAndUnmountsATmpfs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mnt"));
        Jni.mount("jnitest", dir, "tmpfs", LibC.MS_NOEXEC | LibC.MS_NODEV, "size=1m,mode=0700");
        try {
            String line = mountLine(dir);
            assertThat(line).contains(" - tmpfs jnitest ").contains("noexec").contains("nodev");
            assertThat(Files.getPosixFilePermissions(dir)).hasSize(3);   // mode=0700 reached the kernel
        } finally {
            Jni.umount2(dir, LibC.MNT_DETACH);
        }
        assertThat(mountLine(dir)).isNull();
        assertThatThrownBy(() -> Jni.umount2(dir, LibC.MNT_DETACH))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> Jni.mount("x", tmp.resolve("missing"), "tmpfs", 0, null))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void makesANetworkNamespaceOfItsOwnAndKeepsOurs() throws Exception {
        Path ns = Path.of("/run/netns", "peapod-jnitest-" + ProcessHandle.current().pid());
        String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Jni.netnsAdd(ns);
        try {
            assertThat(mountLine(ns)).contains(" - nsfs ");
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()).isEqualTo(ours);
            Process p = new ProcessBuilder("ip", "netns", "exec", ns.getFileName().toString(), "ip", "-o", "link")
                    .redirectErrorStream(true).start();
            String links = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(links).isZero();
            assertThat(links.lines()).singleElement().asString().contains("lo:");   // a new, empty namespace
            assertThatThrownBy(() -> Jni.netnsAdd(ns))
                    .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        } finally {
            Jni.umount2(ns, LibC.MNT_DETACH);
            Files.delete(ns);
        }
    }

    /** The mountinfo line of the mount at {@code dir}, or null. */
    private static String mountLine(Path dir) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.split(" ")[4].equals(dir.toString())) {
                return line;
            }
        }
        return null;
    }
}

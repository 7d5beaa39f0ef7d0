package io.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Runs generated config.json documents with runc on a busybox rootfs made from the host's static
 * busybox. Needs root, runc and busybox-static; says so instead of passing when they are missing.
 * (runc, not crun: crun 1.8 refuses this host's hybrid cgroups.)
 */
class RuncRunTest {

    static Path base;
    static Path rootfs;
    static int counter;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void makeRootfs() throws IOException {
        for (String need : List.of("/usr/sbin/runc", "/bin/busybox")) {
            if (!Files.isExecutable(Path.of(need)) && !Files.isExecutable(Path.of("/usr/bin/runc"))) {
                throw new TestAbortedException(need + " is not installed: cannot run containers");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new TestAbortedException("running containers with runc here needs root");
        }
        Files.createDirectories(Path.of("/var/tmp"));
        base = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-oci-test-");
        rootfs = base.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String tool : List.of("sh", "echo", "cat", "ls", "id", "sleep", "true", "false")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp", "run", "var/tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(base.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.writeString(base.resolve("hostname"), "peapodtest\n");
        Files.writeString(base.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
    }

    @AfterAll
    static void removeAll() throws IOException {
        if (base == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static ContainerSpecInput.Builder spec(String... args) {
        String id = "peapod-oci-test-" + ProcessHandle.current().pid() + "-" + (++counter);
        return ContainerSpecInput.builder(id, rootfs, args).hostname("peapodtest").network("host")
                .hostsFile(base.resolve("hosts")).hostnameFile(base.resolve("hostname"))
                .resolvConfFile(base.resolve("resolv.conf"))
                .cgroupsPath("/" + id); // top level, so runc's delete leaves nothing behind
    }

    /** Writes the bundle, runs the container in the foreground, and always removes its runc state. */
    static Result run(ContainerSpecInput in) throws Exception {
        Path bundle = Files.createDirectories(base.resolve("bundles").resolve(in.id()));
        Path state = base.resolve("runc-state");
        Files.write(bundle.resolve("config.json"), SpecGenerator.toJson(SpecGenerator.generate(in, HostLimits.read())));
        var cmd = List.of("runc", "--root", state.toString(), "run", "--bundle", bundle.toString(), in.id());
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            var err = new StringBuilder();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process died; what was read is reported
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("runc run did not finish: " + cmd);
            }
            t.join();
            return new Result(p.exitValue(), out, err.toString());
        } finally {
            p.destroyForcibly();
            new ProcessBuilder("runc", "--root", state.toString(), "delete", "--force", in.id())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    @Test
    void echoPrintsHello() throws Exception {
        var r = run(spec("echo", "hello").build());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.exit()).isZero();
    }

    @Test
    void exitCodeIsTheProcesses() throws Exception {
        assertThat(run(spec("sh", "-c", "exit 3").build()).exit()).isEqualTo(3);
    }

    @Test
    void runsAsTheRequestedUser() throws Exception {
        var r = run(spec("sh", "-c", "id -u; id -g; id -G").user(1234, 4321, List.of(7, 8)).build());
        assertThat(r.out()).isEqualTo("1234\n4321\n4321 7 8\n");
    }

    @Test
    void effectiveCapabilitiesAreTheDefaultSet() throws Exception {
        var r = run(spec("cat", "/proc/self/status").build());
        String expected = String.format("%016x", Capabilities.toMask(Capabilities.DEFAULT));
        assertThat(r.out()).contains("CapEff:\t" + expected).contains("CapBnd:\t" + expected)
                .contains("Seccomp:\t2").contains("NoNewPrivs:\t0");
    }

    @Test
    void readOnlyRootRefusesWritesButTmpIsWritable() throws Exception {
        var r = run(spec("sh", "-c", "echo x > /file").readOnly(true).build());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("Read-only file system");
        var tmp = run(spec("sh", "-c", "echo x > /tmp/f && cat /tmp/f").readOnly(true).build());
        assertThat(tmp.out()).isEqualTo("x\n");
    }

    @Test
    void devHasTheStandardNodes() throws Exception {
        var r = run(spec("ls", "/dev").build());
        assertThat(r.out().split("\\s+")).contains("null", "zero", "full", "tty", "random", "urandom", "pts", "shm", "mqueue");
        var write = run(spec("sh", "-c", "echo x > /dev/null && cat /dev/zero | head -c 0").build());
        assertThat(write.err()).doesNotContain("Operation not permitted");
    }

    @Test
    void privateNetworkHasOnlyLoopback() throws Exception {
        var r = run(spec("ls", "/sys/class/net").network("private").build());
        assertThat(r.out().trim()).isEqualTo("lo");
    }

    @Test
    void rlimitsAreClampedToTheHost() throws Exception {
        var r = run(spec("sh", "-c", "ulimit -Hn; ulimit -n").build());
        long hard = HostLimits.read().nofileHard();
        assertThat(r.out()).isEqualTo(hard + "\n" + hard + "\n");
    }

    @Test
    void etcFilesAndHostnameComeFromTheInputs() throws Exception {
        var r = run(spec("sh", "-c", "cat /etc/hostname /etc/hosts /proc/sys/kernel/hostname; echo $HOSTNAME $container").build());
        assertThat(r.out()).isEqualTo("peapodtest\n127.0.0.1 localhost\npeapodtest\npeapodtest peapod\n");
    }

    @Test
    void initRunsTheProcessUnderCatatonit() throws Exception {
        if (!Files.isExecutable(Path.of(DefaultMounts.INIT_SOURCE))) {
            throw new TestAbortedException("catatonit is not installed");
        }
        var r = run(spec("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; exit 4").init(true).build());
        assertThat(r.out()).startsWith("/run/peapod-init -- sh");
        assertThat(r.exit()).isEqualTo(4);
    }

    @Test
    void maskedPathsAreHidden() throws Exception {
        // this kernel has no /proc/kcore nor /proc/sysrq-trigger; /proc/timer_list and /proc/sys exist
        var r = run(spec("sh", "-c", "cat /proc/timer_list | wc -c; echo x > /proc/sys/kernel/hostname").build());
        assertThat(r.out().trim()).isEqualTo("0");
        assertThat(r.err()).contains("Read-only file system");
    }

    @Test
    void privilegedGetsHostCapsDevicesAndNoSeccomp() throws Exception {
        var r = run(spec("sh", "-c", "cat /proc/self/status; ls /dev").privileged(true).build());
        String host = String.format("%016x", Capabilities.toMask(Capabilities.host()));
        assertThat(r.out()).contains("CapEff:\t" + host).contains("Seccomp:\t0");
        assertThat(r.out().split("\\s+")).contains("null", "zero", "full", "tty", "random", "urandom");
        assertThat(r.out().split("\\s+")).hasSizeGreaterThan(20); // the host's nodes, not only the defaults
    }
}

package io.peapod.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Drives bin/peapod as a user does, against a private --root/--runroot. */
final class Peapod implements AutoCloseable {

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    static final Path LAUNCHER = Path.of(System.getProperty("peapod.home", "."), "bin/peapod");

    final Path dir;
    final Path root;
    final Path runroot;

    Peapod() throws IOException {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "peapod-it");
        root = dir.resolve("root");
        runroot = dir.resolve("runroot");
    }

    Result run(String... args) {
        return runWithInput(null, 120, args);
    }

    Result runWithInput(Path stdin, long timeoutSeconds, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.add("--root");
        cmd.add(root.toString());
        cmd.add("--runroot");
        cmd.add(runroot.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, stdin, timeoutSeconds);
    }

    static Result exec(List<String> cmd, Path stdin, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return exec(pb, null, timeoutSeconds);
    }

    /** What points a registry client at the user's own credentials: registry tests run without them. */
    static final List<String> USER_AUTH_VARIABLES = List.of("REGISTRY_AUTH_FILE", "XDG_CONFIG_HOME", "DOCKER_CONFIG");

    /**
     * Runs {@code cmd} with {@code env} added to this environment less {@link #USER_AUTH_VARIABLES};
     * {@code stdin} is written to its standard input (null: /dev/null).
     */
    static Result execWithEnv(List<String> cmd, java.util.Map<String, String> env, String stdin, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        USER_AUTH_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return exec(pb, stdin, timeoutSeconds);
    }

    private static Result exec(ProcessBuilder pb, String stdin, long timeoutSeconds) {
        try {
            Process p = pb.start();
            CompletableFuture<String> out = slurp(p.getInputStream());
            CompletableFuture<String> err = slurp(p.getErrorStream());
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + "s: " + pb.command());
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> slurp(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs and asserts exit 0. */
    Result ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) throw new AssertionError("peapod " + String.join(" ", args) + " failed: " + r);
        return r;
    }

    /** Builds a busybox rootfs tarball from the host's /bin/busybox. */
    Path busyboxRootfs() throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isRegularFile(busybox)) {
            throw new AssertionError("/bin/busybox is missing: the package busybox-static must be installed"
                    + " to run the Peapod end-to-end tests (apt-get install busybox-static)");
        }
        Path tree = dir.resolve("rootfs");
        Path bin = tree.resolve("bin");
        Files.createDirectories(bin);
        Files.copy(busybox, bin.resolve("busybox"));
        // Every applet busybox has, as the busybox-static image of scripts/busybox-rootfs.sh.
        String applets = exec(List.of(busybox.toString(), "--list"), null, 30).out();
        for (String l : applets.split("\n")) {
            if (!l.isBlank() && !l.equals("busybox")) Files.createSymbolicLink(bin.resolve(l.strip()), Path.of("busybox"));
        }
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(tree.resolve("etc/group"), "root:x:0:\n");
        Files.createDirectories(tree.resolve("tmp"));
        Path tar = dir.resolve("rootfs.tar");
        Result r = exec(List.of("tar", "-C", tree.toString(), "-cf", tar.toString(), "."), null, 60);
        if (r.code() != 0) throw new AssertionError("tar failed: " + r);
        return tar;
    }

    /** Imports the busybox rootfs as localhost/busybox:latest and returns the full image id. */
    String importBusybox() throws IOException {
        Result r = ok("import", busyboxRootfs().toString(), "localhost/busybox:latest", "--change", "CMD [\"sh\"]");
        return r.out().strip().substring("sha256:".length());
    }

    static void requireSkopeo() {
        if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            throw new AssertionError("/usr/bin/skopeo is missing: the package skopeo must be installed"
                    + " to run the interoperability tests (apt-get install skopeo)");
        }
    }

    @Override
    public void close() throws IOException {
        // A container whose network is still set up holds a namespace, veth and firewall rules on the host.
        Path networks = runroot.resolve("networks");
        if (Files.isDirectory(networks)) {
            try (Stream<Path> s = Files.list(networks)) {
                if (s.findAny().isPresent()) {
                    run("rm", "--all", "--force", "--time", "0");
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

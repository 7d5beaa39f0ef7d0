package io.peapod.e2e;

import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman's short-name prompt on a real terminal: {@code peapod pull demo} runs in a pty (python3's pty
 * module) with two registries as unqualified-search registries in enforcing mode; keys are typed once the
 * prompt is on screen. Root's alias cache is /var/cache/containers/short-name-aliases.conf, so each run
 * gets a private mount namespace with a directory of the test bound over /var/cache/containers; as
 * another user XDG_CACHE_HOME points into the test directory instead.
 */
class ShortNamePromptIT {
    /** Runs argv[3:] in a pty; types the hex keys argv[1] once argv[2] has been drawn; prints everything. */
    private static final String PTY_DRIVER = """
            import os, pty, select, sys, time
            keys, marker, cmd = bytes.fromhex(sys.argv[1]), sys.argv[2].encode(), sys.argv[3:]
            pid, fd = pty.fork()
            if pid == 0:
                os.execvp(cmd[0], cmd)
            out, sent, deadline = b'', not keys, time.time() + 120
            while time.time() < deadline:
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    try:
                        data = os.read(fd, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    out += data
                if not sent and marker in out:
                    os.write(fd, keys)
                    sent = True
            else:
                os.kill(pid, 9)
                sys.stdout.buffer.write(out + b'\\n[timed out]')
                sys.exit(124)
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            sys.exit(os.waitstatus_to_exitcode(status))
            """;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static RegistryServer one;
    private static RegistryServer two;
    private static Peapod seed;

    @BeforeAll
    static void setUp() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            throw new AssertionError("/usr/bin/python3 is missing: the terminal tests drive peapod through its pty module"
                    + " (apt-get install python3; scripts/setup.sh installs it)");
        }
        one = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        two = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        seed = new Peapod();
        Path rootfs = seed.busyboxRootfs();
        for (RegistryServer r : List.of(one, two)) {
            String name = r.host() + "/demo:latest";
            seed.ok("import", "--change", "ENV WHICH=" + (r == one ? "one" : "two"), rootfs.toString(), name);
            seed.ok("push", "--tls-verify=false", name);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (one != null) one.close();
        if (two != null) two.close();
        if (seed != null) seed.close();
    }

    /** One user's machine: a store, registries.conf and an alias cache of its own. */
    private record User(Peapod peapod, Path conf, Path cacheDir) {
        static User create() throws IOException {
            Peapod p = new Peapod();
            Path conf = Files.writeString(p.dir.resolve("registries.conf"), "unqualified-search-registries = [\""
                    + one.host() + "\", \"" + two.host() + "\"]\nshort-name-mode = \"enforcing\"\n"
                    + "[[registry]]\nlocation = \"" + one.host() + "\"\ninsecure = true\n"
                    + "[[registry]]\nlocation = \"" + two.host() + "\"\ninsecure = true\n");
            return new User(p, conf, Files.createDirectories(p.dir.resolve("cache")));
        }

        /** The alias cache as peapod sees it: /var/cache/containers for root (bound to cacheDir), else under XDG_CACHE_HOME. */
        Path aliasFile() {
            return ROOT ? cacheDir.resolve("short-name-aliases.conf") : cacheDir.resolve("containers/short-name-aliases.conf");
        }

        String aliasFileSeen() {
            return ROOT ? "/var/cache/containers/short-name-aliases.conf" : aliasFile().toString();
        }

        List<String> peapodCommand(String... args) {
            List<String> cmd = new ArrayList<>(List.of("env", "CONTAINERS_REGISTRIES_CONF=" + conf, "HOME=" + peapod.dir,
                    "XDG_CACHE_HOME=" + cacheDir, Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                    "--runroot", peapod.runroot.toString()));
            cmd.addAll(List.of(args));
            return cmd;
        }

        /** {@code peapod ARGS} on a terminal; {@code keys} typed once the prompt shows (none: nothing typed). */
        Peapod.Result onTerminal(String keys, String... args) throws IOException {
            return onTerminal(keys, false, args);
        }

        /** With {@code settingsAfter}, {@code stty -a} prints the terminal's settings once peapod has exited. */
        Peapod.Result onTerminal(String keys, boolean settingsAfter, String... args) throws IOException {
            Path driver = Files.writeString(peapod.dir.resolve("pty_driver.py"), PTY_DRIVER);
            List<String> cmd = new ArrayList<>(List.of("python3", driver.toString(),
                    HexFormat.of().formatHex(keys.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "Please select an image"));
            if (ROOT) {
                Files.createDirectories(Path.of("/var/cache/containers"));
                cmd.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                        "mount --bind \"$0\" /var/cache/containers && exec \"$@\"", cacheDir.toString()));
            }
            if (settingsAfter) {
                cmd.addAll(List.of("sh", "-c", "\"$@\"; rc=$?; echo '[stty]'; stty -a; exit $rc", "sh"));
            }
            cmd.addAll(peapodCommand(args));
            return Peapod.execWithEnv(cmd, Map.of(), null, 180);
        }

        Peapod.Result plain(String... args) {
            return Peapod.execWithEnv(peapodCommand(args), Map.of(), null, 120);
        }
    }

    /** The terminal's output without escape sequences and carriage returns. */
    private static String text(String s) {
        return s.replaceAll("\033\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
    }

    @Test
    void thePickIsPulledAloneAndRemembered() throws Exception {
        User u = User.create();
        try (Peapod ignored = u.peapod()) {
            // no terminal: enforcing refuses
            Peapod.Result piped = u.plain("pull", "demo");
            assertThat(piped.code()).as(piped.toString()).isEqualTo(125);
            assertThat(piped.err()).isEqualTo("Error: short-name resolution enforced but cannot prompt without a TTY\n");

            Peapod.Result r = u.onTerminal("\033[B\r", "pull", "demo");
            assertThat(r.code()).as(r.toString()).isZero();
            String screen = text(r.out());
            assertThat(screen).startsWith("? Please select an image: \n  ▸ " + one.host() + "/demo:latest\n    "
                    + two.host() + "/demo:latest\n");
            assertThat(screen).contains("✔ " + two.host() + "/demo:latest\nTrying to pull " + two.host() + "/demo:latest...");
            assertThat(screen).doesNotContain("Trying to pull " + one.host()).doesNotContain("Resolving");
            assertThat(u.plain("images", "--format", "{{.Repository}}").out()).isEqualTo(two.host() + "/demo\n");
            assertThat(u.plain("image", "inspect", "--format", "{{.Config.Env}}", two.host() + "/demo").out())
                    .contains("WHICH=two");
            assertThat(Files.readString(u.aliasFile())).isEqualTo("[aliases]\n  demo = \"" + two.host() + "/demo\"\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(u.aliasFile()))).isEqualTo("rw-------");

            // the next pull of the short name (image gone, so it is fetched again) uses the alias: no prompt
            u.plain("rmi", "-a");
            Peapod.Result again = u.onTerminal("", "pull", "demo");
            assertThat(again.code()).as(again.toString()).isZero();
            assertThat(text(again.out())).doesNotContain("Please select an image")
                    .startsWith("Resolved \"demo\" as an alias (" + u.aliasFileSeen() + ")\nTrying to pull " + two.host()
                            + "/demo:latest...");
            assertThat(u.plain("images", "--format", "{{.Repository}}").out()).isEqualTo(two.host() + "/demo\n");
        }
    }

    @Test
    void ctrlCAbortsWithPodmansErrorAndPullsNothing() throws Exception {
        User u = User.create();
        try (Peapod ignored = u.peapod()) {
            Peapod.Result r = u.onTerminal("\003", true, "pull", "demo");
            assertThat(r.code()).as(r.toString()).isEqualTo(125);
            String[] screen = text(r.out()).split("\\[stty]\n", 2);
            assertThat(screen[0]).startsWith("? Please select an image: ").endsWith("\n\nError: ^C\n")
                    .doesNotContain("Trying to pull");
            // the terminal is back to its cooked settings
            assertThat(screen[1]).containsPattern("(^|\\s)icanon\\s").containsPattern("(^|\\s)echo\\s")
                    .containsPattern("(^|\\s)isig\\s").containsPattern("(^|\\s)opost\\s");
            assertThat(u.plain("images", "-q").out()).isEmpty();
            assertThat(u.aliasFile()).doesNotExist();
        }
    }
}

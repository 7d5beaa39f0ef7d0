package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code build}'s flags for RUN steps and the image it makes: {@code --cap-add/--cap-drop}, {@code --isolation},
 * {@code --annotation}, {@code --ssh} with {@code RUN --mount=type=ssh}, the Config that inspect shows, and
 * COPY through a link of the image. Expected values were checked with podman 4.3.1 on the same host.
 */
class BuildFlagsIT {

    private static Path context(Peapod p, String containerfile) throws IOException {
        Path ctx = p.dir.resolve("ctx");
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Containerfile"), containerfile);
        return ctx;
    }

    /** The value of a /proc/self/status line ("CapEff") in a RUN step's output. */
    private static String status(String out, String key) {
        for (String line : out.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + key + " in\n" + out);
    }

    /** bin/peapod with more environment variables. */
    private static Peapod.Result withEnv(Peapod p, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", p.root.toString(),
                "--runroot", p.runroot.toString()));
        cmd.addAll(List.of(args));
        return Peapod.execWithEnv(cmd, env, null, 180);
    }

    @Test
    void capAddAndCapDropSetTheCapabilitiesOfRunSteps() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nRUN grep Cap /proc/self/status\nRUN touch /f && chown 1:1 /f && echo chowned\n");
            Peapod.Result plain = p.ok("build", "--layers=false", ctx.toString());
            assertThat(plain.out()).contains("chowned\n");
            assertThat(status(plain.out(), "CapEff")).isEqualTo(status(plain.out(), "CapBnd"));
            assertThat(Long.parseLong(status(plain.out(), "CapEff"), 16) & 1).as("CAP_CHOWN by default").isEqualTo(1);
            assertThat(status(plain.out(), "CapAmb")).isEqualTo("0000000000000000");

            Peapod.Result dropped = p.run("build", "--layers=false", "--cap-drop", "chown", ctx.toString());
            assertThat(dropped.code()).as(dropped.toString()).isEqualTo(1);
            assertThat(Long.parseLong(status(dropped.out(), "CapEff"), 16) & 1).isZero();
            assertThat(dropped.out() + dropped.err()).contains("chown: /f: Operation not permitted");
            assertThat(dropped.err()).contains("Error: building at STEP \"RUN touch /f && chown 1:1 /f && echo chowned\": while running runtime: exit status 1");

            // CAP_NET_ADMIN (bit 12) alone
            Peapod.Result only = p.run("build", "--layers=false", "--cap-drop", "all", "--cap-add", "net_admin", ctx.toString());
            assertThat(status(only.out(), "CapEff")).isEqualTo("0000000000001000");
            assertThat(status(only.out(), "CapBnd")).isEqualTo("0000000000001000");
            assertThat(only.code()).isNotZero();

            // another user: the bounding set only, as buildah (podman run would give it the added ones as ambient)
            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nUSER 1000\nRUN grep Cap /proc/self/status\n");
            Peapod.Result user = p.ok("build", "--layers=false", "--cap-add", "CAP_NET_ADMIN", ctx.toString());
            assertThat(status(user.out(), "CapEff")).isEqualTo("0000000000000000");
            assertThat(Long.parseLong(status(user.out(), "CapBnd"), 16) & 0x1000).isEqualTo(0x1000);

            assertThat(p.run("build", "--cap-add", "foo", ctx.toString()).err())
                    .isEqualTo("Error: creating build executor: \"CAP_FOO\": unknown capability\n");
            assertThat(p.run("build", "--cap-add", "chown", "--cap-drop", "CAP_CHOWN", ctx.toString()).err())
                    .isEqualTo("Error: creating build executor: capability \"CAP_CHOWN\" cannot be dropped and added\n");
        }
    }

    @Test
    void isolationChrootSharesTheHostsNamespacesButMountAndUts() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nRUN for n in net pid ipc mnt uts; do echo $n=$(readlink /proc/self/ns/$n); done\n");
            String hostNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            String hostPid = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String hostMnt = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
            String hostUts = Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString();

            String chroot = p.ok("build", "--layers=false", "--isolation", "chroot", ctx.toString()).out();
            assertThat(chroot).contains("net=" + hostNet + "\n", "pid=" + hostPid + "\n")
                    .doesNotContain("mnt=" + hostMnt + "\n", "uts=" + hostUts + "\n");

            for (String oci : List.of("oci", "OCI", "default", "rootless")) {
                String out = p.ok("build", "--layers=false", "--isolation", oci, ctx.toString()).out();
                assertThat(out).as(oci).doesNotContain("net=" + hostNet + "\n", "pid=" + hostPid + "\n");
            }
            assertThat(withEnv(p, Map.of("BUILDAH_ISOLATION", "chroot"), "build", "--layers=false", ctx.toString()).out())
                    .contains("pid=" + hostPid + "\n");

            Peapod.Result bogus = p.run("build", "--isolation", "bogus", ctx.toString());
            assertThat(bogus.code()).isEqualTo(125);
            assertThat(bogus.err()).isEqualTo("Error: unrecognized isolation type \"bogus\"\n");
            assertThat(withEnv(p, Map.of("BUILDAH_ISOLATION", "vm"), "build", ctx.toString()).err())
                    .isEqualTo("Error: unrecognized isolation type \"vm\"\n");
        }
    }

    @Test
    void annotationsGoIntoTheOciManifestAndOutWithSave() throws Exception {
        Peapod.requireSkopeo();
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nRUN echo hi > /x\n");
            String baseDigest = p.ok("image", "inspect", "--format", "{{.Digest}}", "localhost/busybox").out().strip();
            p.ok("build", "-q", "--layers=false", "--annotation", "org.example.a=b", "--annotation", "c=d e", "-t", "ann", ctx.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{json .Annotations}}", "ann").out().strip())
                    .isEqualTo("{\"c\":\"d e\",\"org.example.a\":\"b\",\"org.opencontainers.image.base.digest\":\"" + baseDigest
                            + "\",\"org.opencontainers.image.base.name\":\"localhost/busybox:latest\"}");
            Path dir = p.dir.resolve("oci");
            p.ok("save", "--format", "oci-dir", "-o", dir.toString(), "ann");
            Peapod.Result raw = Peapod.exec(List.of("skopeo", "inspect", "--raw", "oci:" + dir), null, 60);
            assertThat(raw.code()).as(raw.toString()).isZero();
            assertThat(raw.out()).contains("\"annotations\":{\"c\":\"d e\",\"org.example.a\":\"b\",");

            // docker format: no annotations at all, without a warning (podman's)
            Peapod.Result docker = p.ok("build", "-q", "--format", "docker", "--annotation", "a=b", "-t", "dock", ctx.toString());
            assertThat(docker.err()).doesNotContain("annotation");
            assertThat(p.ok("image", "inspect", "--format", "{{json .Annotations}}", "dock").out().strip()).isEqualTo("{}");

            // another annotation is another image, not a cache hit carrying the first one's
            p.ok("build", "-q", "--annotation", "k=1", "-t", "k1", ctx.toString());
            p.ok("build", "-q", "--annotation", "k=2", "-t", "k2", ctx.toString());
            assertThat(p.ok("image", "inspect", "--format", "{{index .Annotations \"k\"}}", "k2").out().strip()).isEqualTo("2");
        }
    }

    @Test
    void runMountTypeSshForwardsTheAgentOfSshAuthSock() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path agentSock = p.dir.resolve("agent.sock");
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSock.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                for (int i = 0; i < 100 && !Files.exists(agentSock); i++) {
                    Thread.sleep(50);
                }
                Path key = p.dir.resolve("key");
                assertThat(Peapod.exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "peapod-test-key",
                        "-f", key.toString()), null, 30).code()).isZero();
                Map<String, String> env = Map.of("SSH_AUTH_SOCK", agentSock.toString(), "TMPDIR", p.dir.toString());
                Peapod.Result add = Peapod.execWithEnv(List.of("ssh-add", key.toString()), env, null, 30);
                assertThat(add.code()).as(add.toString()).isZero();

                // The busybox image has no ssh client: the host's ssh-add (and its libraries) come in read-only
                // through build volumes, and lists the agent's key through the forwarded socket.
                Path ctx = context(p, """
                        FROM localhost/busybox
                        RUN --mount=type=ssh echo "sock=$SSH_AUTH_SOCK"; stat -c '%F %a %u' /run/buildkit/ssh_agent.0; /usr/bin/ssh-add -l
                        RUN --mount=type=ssh,id=other,target=/tmp/agent,mode=0666,uid=5 stat -c '%F %a %u' /tmp/agent; echo "sock=$SSH_AUTH_SOCK"
                        RUN ls /run/buildkit 2>&1; echo "after=$SSH_AUTH_SOCK"
                        """);
                Peapod.Result r = withEnv(p, env, "build", "--layers=false", "-v", "/usr:/usr:ro", "-v", "/usr/lib:/lib:ro",
                        "-v", "/usr/lib64:/lib64:ro", "--ssh", "default", "--ssh", "other=" + agentSock, ctx.toString());
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out()).contains("sock=/run/buildkit/ssh_agent.0\nsocket 620 0\n256 SHA256:")
                        .contains(" peapod-test-key (ED25519)\n")
                        .contains("socket 666 5\nsock=/tmp/agent\n")
                        .contains("ls: /run/buildkit: No such file or directory\nafter=\n");
                try (var left = Files.list(p.dir)) {
                    assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("peapod-ssh-"));
                }

                // a private key file: loaded into an agent of the build's own, ended with the build
                Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nRUN --mount=type=ssh /usr/bin/ssh-add -l\n");
                Peapod.Result keyed = withEnv(p, Map.of("TMPDIR", p.dir.toString()), "build", "--layers=false",
                        "-v", "/usr:/usr:ro", "-v", "/usr/lib:/lib:ro", "-v", "/usr/lib64:/lib64:ro",
                        "--ssh", "default=" + key, ctx.toString());
                assertThat(keyed.out()).as(keyed.toString()).contains(" peapod-test-key (ED25519)\n");
                try (var left = Files.list(p.dir)) {
                    assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("peapod-ssh-"));
                }
                assertThat(p.run("build", "--ssh", "default=" + key + ".pub", ctx.toString()).err())
                        .isEqualTo("Error: creating build executor: cannot parse ssh key: ssh: no key found\n");

                // without --ssh nothing is mounted; an id that --ssh does not name fails only when required
                Files.writeString(ctx.resolve("Containerfile"),
                        "FROM localhost/busybox\nRUN --mount=type=ssh,id=nope,required=true echo $SSH_AUTH_SOCK\n");
                assertThat(withEnv(p, env, "build", "--ssh", "default", ctx.toString()).err()).isEqualTo(
                        "Error: building at STEP \"RUN --mount=type=ssh,id=nope,required=true echo $SSH_AUTH_SOCK\": "
                                + "ssh required but no ssh with id nope found\n");
                assertThat(p.run("build", ctx.toString()).err()).as("required without any --ssh").endsWith(
                        "ssh required but no ssh with id nope found\n");
                assertThat(withEnv(p, Map.of("SSH_AUTH_SOCK", ""), "build", "--ssh", "default", ctx.toString()).err())
                        .isEqualTo("Error: creating build executor: $SSH_AUTH_SOCK not set\n");
                assertThat(p.run("build", "--ssh", "default=/nonexistent", ctx.toString()).err())
                        .isEqualTo("Error: creating build executor: stat /nonexistent: no such file or directory\n");
            } finally {
                agent.destroy();
                agent.waitFor();
            }
        }
    }

    @Test
    void inspectShowsConfigWithoutShellAndOnbuildWhichStillWork() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nSHELL [\"/bin/echo\", \"via-shell\"]\nONBUILD RUN echo triggered\nRUN the command\n");
            Peapod.Result built = p.ok("build", "--format", "docker", "-t", "parent", ctx.toString());
            assertThat(built.out()).contains("via-shell the command\n");   // SHELL ran the RUN
            assertThat(p.ok("image", "inspect", "--format", "{{json .Config}}", "parent").out())
                    .contains("\"Cmd\":[\"sh\"]").doesNotContain("Shell", "OnBuild");
            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/parent\nRUN child\n");
            assertThat(p.ok("build", "--format", "docker", ctx.toString()).out())
                    .contains("via-shell echo triggered\n", "via-shell child\n");   // the trigger, both through SHELL
        }
    }

    @Test
    void copyFollowsLinksOfTheImageInsideItsRoot() throws Exception {
        String marker = "peapod-copy-" + System.nanoTime();
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    RUN mkdir -p /srv /opt && ln -s /srv /opt/link && ln -s /../../etc /opt/up && ln -s ../../../../etc /opt/rel
                    COPY a /opt/link/a
                    COPY a /opt/link/sub/dir/c
                    COPY a /opt/up/%1$s
                    COPY a /opt/rel/%1$s.rel
                    RUN cat /srv/a /srv/sub/dir/c /etc/%1$s /etc/%1$s.rel; ls -l /opt/link | cut -c1
                    """.formatted(marker));
            Files.writeString(ctx.resolve("a"), "hello\n");
            Peapod.Result r = p.ok("build", ctx.toString());
            assertThat(r.out()).contains("hello\nhello\nhello\nhello\nl\n");
            assertThat(Path.of("/etc", marker)).doesNotExist();
            assertThat(Path.of("/etc", marker + ".rel")).doesNotExist();

            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nRUN ln -s /etc/passwd /f\nCOPY a /f/x\n");
            assertThat(p.run("build", ctx.toString()).err()).isEqualTo("Error: copier: put: \"/etc/passwd\": not a directory\n");
        }
    }
}

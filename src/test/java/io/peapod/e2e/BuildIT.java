package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code build} of real Containerfiles on the busybox image, as a user runs it. */
class BuildIT {

    private static Path context(Peapod p, String containerfile) throws IOException {
        Path ctx = p.dir.resolve("ctx");
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Containerfile"), containerfile);
        return ctx;
    }

    private static List<String> lines(String out) {
        return Arrays.asList(out.strip().split("\n"));
    }

    private static long count(String out, String prefix) {
        return lines(out).stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static String lastLine(String out) {
        return lines(out).getLast();
    }

    @Test
    void aFiveStepBuildRunsAndItsRebuildIsFullyCached() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    ENV GREETING=hello
                    COPY a.txt /app/
                    RUN cat /app/a.txt > /app/b.txt && echo "built $GREETING"
                    CMD ["sh", "-c", "echo $GREETING; cat /app/b.txt"]
                    """);
            Files.writeString(ctx.resolve("a.txt"), "from the context\n");
            Peapod.Result first = p.ok("build", "-t", "five", ctx.toString());
            assertThat(lines(first.out())).startsWith("STEP 1/5: FROM localhost/busybox", "STEP 2/5: ENV GREETING=hello");
            assertThat(first.out()).contains("STEP 4/5: RUN cat /app/a.txt > /app/b.txt && echo \"built $GREETING\"\nbuilt hello\n--> ",
                    "STEP 5/5: CMD [\"sh\", \"-c\", \"echo $GREETING; cat /app/b.txt\"]\nCOMMIT five\n--> ",
                    "Successfully tagged localhost/five:latest\n");
            assertThat(count(first.out(), "--> Using cache")).isZero();
            String id = lastLine(first.out());
            assertThat(id).matches("[0-9a-f]{64}");

            assertThat(p.ok("run", "--rm", "five").out()).isEqualTo("hello\nfrom the context\n");
            // the steps' images are there for the cache, listed only with -a (podman's intermediate images)
            assertThat(lines(p.ok("images", "--format", "{{.Repository}}").out()))   // both made in the same second: any order
                    .containsExactlyInAnyOrder("localhost/five", "localhost/busybox");
            assertThat(p.ok("images", "-a", "-q").out().strip().split("\n")).hasSize(5);   // busybox and one per step

            Peapod.Result again = p.ok("build", "-t", "five", ctx.toString());
            assertThat(count(again.out(), "--> Using cache")).isEqualTo(4);
            assertThat(again.out()).doesNotContain("built hello");   // the RUN did not run again
            assertThat(lastLine(again.out())).isEqualTo(id);

            // --no-cache runs every step again and makes a new image
            Peapod.Result fresh = p.ok("build", "--no-cache", "-t", "five", ctx.toString());
            assertThat(count(fresh.out(), "--> Using cache")).isZero();
            assertThat(fresh.out()).contains("built hello");
            assertThat(lastLine(fresh.out())).isNotEqualTo(id);
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();   // no working container is left
        }
    }

    @Test
    void aColdBuildRunsEveryStepAgainAndItsLayersSaveUnderTheirOwnDigests() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    RUN echo hi > /etc/motd
                    COPY data.bin /opt/data.bin
                    """);
            byte[] data = new byte[8 << 20];   // random: nothing to gain from compression
            new java.util.Random(7).nextBytes(data);
            Files.write(ctx.resolve("data.bin"), data);
            p.ok("build", "-q", "-t", "cold", ctx.toString());
            Peapod.Result again = p.ok("build", "--no-cache", "-t", "cold", ctx.toString());
            assertThat(count(again.out(), "--> Using cache")).isZero();
            String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
            assertThat(p.ok("run", "--rm", "cold", "sh", "-c", "cat /etc/motd; md5sum /opt/data.bin").out())
                    .isEqualTo("hi\n" + md5 + "  /opt/data.bin\n");

            // Saved, each blob (config, manifest, the three layers) hashes to its name, computed here.
            Path oci = p.dir.resolve("oci");
            p.ok("save", "--format", "oci-dir", "-o", oci.toString(), "cold");
            List<Path> blobs;
            try (var s = Files.list(oci.resolve("blobs/sha256"))) {
                blobs = s.toList();
            }
            assertThat(blobs).hasSize(5);
            for (Path b : blobs) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                try (var in = Files.newInputStream(b)) {
                    in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha));
                }
                assertThat(java.util.HexFormat.of().formatHex(sha.digest())).isEqualTo(b.getFileName().toString());
            }
        }
    }

    @Test
    void changingACopiedFileInvalidatesExactlyTheStepsAfterIt() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    RUN echo first > /first
                    COPY a.txt /a.txt
                    RUN cp /a.txt /copy.txt
                    CMD ["cat", "/first", "/copy.txt"]
                    """);
            Files.writeString(ctx.resolve("a.txt"), "one\n");
            Files.writeString(ctx.resolve("other.txt"), "not copied\n");
            p.ok("build", "-t", "inv", ctx.toString());
            assertThat(p.ok("run", "--rm", "inv").out()).isEqualTo("first\none\n");

            // a file the build does not copy changes nothing
            Files.writeString(ctx.resolve("other.txt"), "changed\n");
            assertThat(count(p.ok("build", "-t", "inv", ctx.toString()).out(), "--> Using cache")).isEqualTo(4);

            Files.writeString(ctx.resolve("a.txt"), "two\n");
            Peapod.Result r = p.ok("build", "-t", "inv", ctx.toString());
            List<String> l = lines(r.out());
            assertThat(l.get(l.indexOf("STEP 2/5: RUN echo first > /first") + 1)).startsWith("--> Using cache ");
            assertThat(l.get(l.indexOf("STEP 3/5: COPY a.txt /a.txt") + 1)).doesNotStartWith("--> Using cache");
            assertThat(l.get(l.indexOf("STEP 4/5: RUN cp /a.txt /copy.txt") + 1)).doesNotStartWith("--> Using cache");
            assertThat(count(r.out(), "--> Using cache")).isEqualTo(1);
            assertThat(p.ok("run", "--rm", "inv").out()).isEqualTo("first\ntwo\n");
        }
    }

    @Test
    void multiStageCopiesFromAnEarlierStageAndSkipsWhatTheTargetDoesNotNeed() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox AS builder
                    RUN mkdir /out && echo compiled > /out/artifact

                    FROM localhost/busybox AS unused
                    RUN exit 7

                    FROM localhost/busybox AS final
                    COPY --from=builder /out/artifact /usr/share/artifact
                    CMD ["cat", "/usr/share/artifact"]

                    FROM localhost/busybox AS later
                    RUN exit 9
                    """);
            Peapod.Result r = p.ok("build", "--target", "final", "-t", "multi", ctx.toString());
            assertThat(r.out()).contains("[1/2] STEP 1/2: FROM localhost/busybox AS builder\n",
                    "[2/2] STEP 2/3: COPY --from=builder /out/artifact /usr/share/artifact\n", "[2/2] COMMIT multi\n");
            assertThat(r.out()).doesNotContain("exit 7").doesNotContain("exit 9");
            assertThat(p.ok("run", "--rm", "multi").out()).isEqualTo("compiled\n");
        }
    }

    @Test
    void aTargetByNameBuildsOnlyThatStageAndWhatItUses() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox AS base
                    RUN echo base > /base
                    FROM base AS test
                    RUN cat /base > /tested
                    FROM localhost/busybox
                    RUN exit 5
                    """);
            Peapod.Result r = p.ok("build", "--target", "test", "-t", "tst", ctx.toString());
            assertThat(r.out()).doesNotContain("exit 5").contains("[2/2] COMMIT tst\n");
            assertThat(p.ok("run", "--rm", "tst", "cat", "/tested").out()).isEqualTo("base\n");
            Peapod.Result missing = p.run("build", "--target", "nope", ctx.toString());
            assertThat(missing.code()).isEqualTo(125);
            assertThat(missing.err()).contains("Error: The target \"nope\" was not found in the provided Dockerfile");
        }
    }

    @Test
    void aFailingRunShowsItsOutputAndCodeAndLeavesNothing() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    COPY Containerfile /cf
                    RUN echo before; exit 3
                    CMD ["true"]
                    """);
            Peapod.Result r = p.run("build", "-t", "broken", ctx.toString());
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.out()).contains("STEP 3/4: RUN echo before; exit 3\nbefore\n").doesNotContain("COMMIT");
            assertThat(r.err()).contains("Error: building at STEP \"RUN echo before; exit 3\": while running runtime: exit status 3");
            assertThat(p.run("image", "exists", "broken").code()).isEqualTo(1);
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(p.dir.toString());
        }
    }

    @Test
    void configInstructionsLandInTheImageConfig() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    LABEL stage=one "with space"="a b"
                    EXPOSE 8080 53/udp
                    VOLUME /data
                    WORKDIR /srv/app
                    USER 1000:1000
                    HEALTHCHECK --interval=5s --timeout=2s --retries=4 CMD wget -q localhost:8080 || exit 1
                    STOPSIGNAL SIGUSR1
                    ENTRYPOINT ["/bin/sh", "-c"]
                    CMD ["echo configured"]
                    """);
            Peapod.Result built = p.ok("build", "--format", "docker", "--label", "extra=yes", "-t", "conf", ctx.toString());
            // buildah adds --label as one more step of its own
            assertThat(built.out()).contains("STEP 11/11: LABEL \"extra\"=\"yes\"\nCOMMIT conf\n");
            String cfg = p.ok("image", "inspect", "conf", "--format",
                    "{{json .Config.Labels}}|{{json .Config.ExposedPorts}}|{{json .Config.Volumes}}|{{.Config.WorkingDir}}"
                            + "|{{.Config.User}}|{{.Config.StopSignal}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}").out().strip();
            assertThat(cfg).isEqualTo("{\"extra\":\"yes\",\"io.buildah.version\":\"1.28.2\",\"stage\":\"one\",\"with space\":\"a b\"}|{\"53/udp\":{},\"8080/tcp\":{}}"
                    + "|{\"/data\":{}}|/srv/app|1000:1000|SIGUSR1|[\"/bin/sh\",\"-c\"]|[\"echo configured\"]");
            assertThat(p.ok("image", "inspect", "conf", "--format", "{{json .Healthcheck}}").out().strip()).isEqualTo(
                    "{\"Interval\":5000000000,\"Retries\":4,\"Test\":[\"CMD-SHELL\",\"wget -q localhost:8080 || exit 1\"],\"Timeout\":2000000000}");
            // the WORKDIR was created, and the container starts there with the image's user
            assertThat(p.ok("run", "--rm", "conf", "pwd; id -u").out()).isEqualTo("/srv/app\n1000\n");
            assertThat(p.ok("inspect", "--format", "{{.Config.StopSignal}}", p.ok("create", "conf").out().strip()).out().strip())
                    .isEqualTo("10");   // SIGUSR1 as podman shows a container's stop signal
        }
    }

    @Test
    void argAndEnvExpandAndBuildArgsKeyTheCache() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    ARG TAG=latest
                    FROM localhost/busybox:${TAG}
                    ARG NAME=world
                    ARG UNSET
                    ENV GREETING="hello ${NAME}" DIR=/opt/${NAME:-none}
                    ENV OTHER=${UNSET:-fallback} PLUS=${NAME:+set}
                    WORKDIR $DIR
                    RUN echo "$GREETING $OTHER $PLUS $NAME" > out.txt
                    CMD cat /opt/*/out.txt
                    """);
            p.ok("build", "-t", "args", ctx.toString());
            assertThat(p.ok("run", "--rm", "args").out()).isEqualTo("hello world fallback set world\n");
            assertThat(p.ok("image", "inspect", "args", "--format", "{{json .Config.Env}}").out().strip())
                    .contains("\"GREETING=hello world\"", "\"DIR=/opt/world\"", "\"OTHER=fallback\"", "\"PLUS=set\"")
                    .doesNotContain("NAME=");   // an ARG is not part of the image

            Peapod.Result other = p.ok("build", "--build-arg", "NAME=peapod", "-t", "args", ctx.toString());
            assertThat(count(other.out(), "--> Using cache")).isEqualTo(1);   // only ARG NAME's step stays the same
            assertThat(p.ok("run", "--rm", "args").out()).isEqualTo("hello peapod fallback set peapod\n");
            assertThat(p.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "args").out())
                    .contains("|1 NAME=peapod /bin/sh -c echo \"$GREETING $OTHER $PLUS $NAME\" > out.txt");
        }
    }

    @Test
    void squashAndNoLayersCommitOnceWithoutCache() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    RUN echo one > /one
                    RUN echo two > /two && rm /one
                    CMD ["cat", "/two"]
                    """);
            Peapod.Result r = p.ok("build", "--layers=false", "-t", "flat", ctx.toString());
            assertThat(r.out()).doesNotContain("--> Using cache").contains("COMMIT flat\nGetting image source signatures\n");
            assertThat(count(r.out(), "--> ")).isEqualTo(1);
            assertThat(p.ok("image", "inspect", "flat", "--format", "{{len .RootFS.Layers}} {{len .History}}").out().strip())
                    .isEqualTo("2 4");   // the base's layer and one for all the steps; every step in the history
            assertThat(p.ok("run", "--rm", "flat", "sh", "-c", "cat /two; ls /one 2>&1 || true").out())
                    .isEqualTo("two\nls: /one: No such file or directory\n");
            assertThat(p.ok("images", "-a", "-q").out().strip().split("\n")).hasSize(2);   // no intermediate image kept

            p.ok("build", "--squash-all", "-t", "one", ctx.toString());
            assertThat(p.ok("image", "inspect", "one", "--format", "{{len .RootFS.Layers}}").out().strip()).isEqualTo("1");
            assertThat(p.ok("run", "--rm", "one").out()).isEqualTo("two\n");
        }
    }

    @Test
    void badInputIsRefusedWithPodmansWords() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nCOPY nothere /x\n");
            Peapod.Result missing = p.run("build", ctx.toString());
            assertThat(missing.code()).isEqualTo(125);
            assertThat(missing.err()).isEqualTo("Error: building at STEP \"COPY nothere /x\": checking on sources under \""
                    + ctx + "\": copier: stat: \"/nothere\": no such file or directory\n");

            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nCOPY ../../etc/passwd /x\n");
            Peapod.Result outside = p.run("build", ctx.toString());
            assertThat(outside.code()).isEqualTo(125);
            assertThat(outside.err()).contains("possible escaping context directory error");

            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nCOPY --from=nostage /x /y\n");
            assertThat(p.run("build", ctx.toString()).err()).contains("Error: COPY --from=nostage: no stage or image found with that name");

            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nFOO bar\n");
            Peapod.Result unknown = p.run("build", ctx.toString());
            assertThat(unknown.code()).isEqualTo(125);
            assertThat(unknown.err()).contains("Unknown instruction: \"FOO\"");

            Files.writeString(ctx.resolve("Containerfile"), "RUN true\n");
            assertThat(p.run("build", ctx.toString()).err()).contains("no FROM statement found");
            assertThat(p.ok("images", "-a", "-q").out().strip().split("\n")).hasSize(1);
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();
        }
    }

    @Test
    void onbuildTriggersOfTheBaseImageRunFirst() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nONBUILD RUN echo triggered > /triggered\n");
            p.ok("build", "--format", "docker", "-t", "parent", ctx.toString());
            assertThat(p.ok("run", "--rm", "parent", "ls", "/").out()).doesNotContain("triggered");
            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/parent\nRUN cat /triggered\n");
            Peapod.Result r = p.ok("build", "--format", "docker", "-t", "child", ctx.toString());
            assertThat(r.out()).startsWith("STEP 1/2: FROM localhost/parent\nSTEP 2/3: RUN echo triggered > /triggered\n")
                    .contains("STEP 3/3: RUN cat /triggered\ntriggered\n");
            assertThat(p.ok("image", "inspect", "child", "--format", "{{.Config.OnBuild}}").out().strip()).isIn("<no value>", "[]");
        }
    }

    @Test
    void runMountsACacheThatOutlivesTheBuildAndLeavesNoTraceInTheImage() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, """
                    FROM localhost/busybox
                    ARG N=1
                    RUN --mount=type=cache,target=/cache --mount=type=bind,target=/ctx --mount=type=tmpfs,target=/scratch \\
                        echo run$N >> /cache/log && cat /cache/log && cat /ctx/f.txt && touch /scratch/x && echo done > /result
                    """);
            Files.writeString(ctx.resolve("f.txt"), "from the context\n");
            assertThat(p.ok("build", "-t", "mnt", ctx.toString()).out()).contains("run1\nfrom the context\n");
            assertThat(p.ok("build", "--build-arg", "N=2", "-t", "mnt", ctx.toString()).out())
                    .contains("run1\nrun2\nfrom the context\n");   // the cache mount kept the first build's line
            assertThat(p.ok("image", "diff", "mnt").out()).isEqualTo("A /result\n");

            // a bind mount from an earlier stage: read at RUN time, never copied into the layer
            Files.writeString(ctx.resolve("Containerfile"), """
                    FROM localhost/busybox AS tools
                    RUN mkdir /tools && echo tool-output > /tools/out
                    FROM localhost/busybox
                    RUN --mount=type=bind,from=tools,source=/tools,target=/mnt/tools cat /mnt/tools/out > /used
                    """);
            p.ok("build", "-t", "frommnt", ctx.toString());
            assertThat(p.ok("run", "--rm", "frommnt", "cat", "/used").out()).isEqualTo("tool-output\n");
            assertThat(p.ok("image", "diff", "frommnt").out()).isEqualTo("A /used\n");
            assertThat(p.ok("ps", "-a", "-q").out()).isEmpty();
        }
    }

    @Test
    void containerignoreAndATarContextOnStdin() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = context(p, "FROM localhost/busybox\nCOPY . /ctx/\nCMD [\"ls\", \"/ctx\"]\n");
            Files.writeString(ctx.resolve(".containerignore"), "*.log\n!keep.log\nsecret\n");
            Files.writeString(ctx.resolve("app.txt"), "app\n");
            Files.writeString(ctx.resolve("debug.log"), "noise\n");
            Files.writeString(ctx.resolve("keep.log"), "kept\n");
            Files.writeString(ctx.resolve("secret"), "hidden\n");
            p.ok("build", "-t", "ign", ctx.toString());
            assertThat(p.ok("run", "--rm", "ign").out()).isEqualTo("Containerfile\napp.txt\nkeep.log\n");   // podman 4.3.1 leaves the ignore file out too

            Path tar = p.dir.resolve("ctx.tar");
            Peapod.Result t = Peapod.exec(List.of("tar", "-C", ctx.toString(), "-cf", tar.toString(), "."), null, 60);
            assertThat(t.code()).as(t.toString()).isZero();
            Peapod.Result r = p.runWithInput(tar, 120, "build", "-t", "fromtar", "-");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(p.ok("run", "--rm", "fromtar").out()).isEqualTo("Containerfile\napp.txt\nkeep.log\n");
        }
    }

    @Test
    void aSecretIsSeenByRunAndNeverStoredInTheImage() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path secret = p.dir.resolve("token");
            Files.writeString(secret, "s3cr3t\n");
            Path ctx = context(p, "FROM localhost/busybox\nRUN --mount=type=secret,id=tok wc -c < /run/secrets/tok > /length\n");
            p.ok("build", "--secret", "id=tok,src=" + secret, "-t", "sec", ctx.toString());
            assertThat(p.ok("run", "--rm", "sec", "cat", "/length").out().strip()).isEqualTo("7");
            assertThat(p.ok("image", "diff", "sec").out()).isEqualTo("A /length\n");
            assertThat(p.run("run", "--rm", "sec", "ls", "/run/secrets").code()).isNotZero();
        }
    }

    @Test
    void containerfileFromStdinAndIidfile() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path ctx = p.dir.resolve("empty-ctx");
            Files.createDirectories(ctx);
            Path cf = p.dir.resolve("cf");
            Files.writeString(cf, "FROM localhost/busybox\nRUN echo piped > /piped\n");
            Path iid = p.dir.resolve("iid");
            Peapod.Result r = p.runWithInput(cf, 120, "build", "-q", "--iidfile", iid.toString(), "-f", "-", ctx.toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).doesNotContain("STEP");
            String id = r.out().strip();
            assertThat(Files.readString(iid)).isEqualTo("sha256:" + id);
            assertThat(p.ok("run", "--rm", id, "cat", "/piped").out()).isEqualTo("piped\n");
        }
    }
}

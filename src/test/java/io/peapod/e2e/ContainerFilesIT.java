package io.peapod.e2e;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** cp, diff, export and mount as a user drives them, on the busybox image. */
class ContainerFilesIT {

    private static String create(Peapod p, String name, String... command) {
        List<String> args = new ArrayList<>(List.of("create", "--name", name, "--network", "none", "localhost/busybox"));
        args.addAll(List.of(command));
        return p.ok(args.toArray(String[]::new)).out().strip();
    }

    /** The members of a tar on stdout, "name" or "name -> target". */
    private static List<String> members(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        return out;
    }

    private static byte[] stdoutBytes(Peapod p, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", p.root.toString(),
                "--runroot", p.runroot.toString()));
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = proc.getInputStream().readAllBytes();
        assertThat(proc.waitFor()).as("peapod " + String.join(" ", args)).isZero();
        return out;
    }

    private static String catFile(Peapod p, String container, String path) throws Exception {
        return new String(extractOnly(stdoutBytes(p, "cp", container + ":" + path, "-")), StandardCharsets.UTF_8);
    }

    private static byte[] extractOnly(byte[] tar) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void copiesBothWaysWithAStoppedContainerAndLeavesItUnmounted() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            create(p, "c1", "true");
            Path host = p.dir.resolve("host");
            Files.createDirectories(host.resolve("d/sub"));
            Files.writeString(host.resolve("f.txt"), "hello\n");
            Files.writeString(host.resolve("d/sub/a"), "a\n");

            p.ok("cp", host.resolve("f.txt").toString(), "c1:/tmp/");
            p.ok("cp", host.resolve("d").toString(), "c1:/tmp/newdir");          // created, contents inside
            p.ok("cp", host.resolve("d").toString() + "/.", "c1:tmp/contents");   // relative: from the workdir "/"
            assertThat(catFile(p, "c1", "/tmp/f.txt")).isEqualTo("hello\n");
            assertThat(catFile(p, "c1", "/tmp/newdir/sub/a")).isEqualTo("a\n");
            assertThat(catFile(p, "c1", "/tmp/contents/sub/a")).isEqualTo("a\n");
            assertThat(members(stdoutBytes(p, "cp", "c1:/tmp/newdir", "-"))).containsExactly("newdir/", "newdir/sub/", "newdir/sub/a");   // commons-compress shows directories with "/"
            assertThat(members(stdoutBytes(p, "cp", "c1:/tmp/newdir/.", "-"))).containsExactly("sub/", "sub/a");

            Path back = p.dir.resolve("back");
            Files.createDirectories(back);
            p.ok("cp", "c1:/etc/passwd", back.resolve("pw").toString());
            p.ok("cp", "c1:/tmp/newdir", back.toString());
            assertThat(back.resolve("pw")).hasContent("root:x:0:0:root:/root:/bin/sh");
            assertThat(back.resolve("newdir/sub/a")).hasContent("a");

            assertThat(p.ok("mount").out()).as("a copy leaves no mount behind").isEmpty();
            assertThat(p.ok("diff", "c1").out()).isEqualTo("C /tmp\nA /tmp/contents\nA /tmp/contents/sub\nA /tmp/contents/sub/a\n"
                    + "A /tmp/f.txt\nA /tmp/newdir\nA /tmp/newdir/sub\nA /tmp/newdir/sub/a\n");
        }
    }

    @Test
    void errorsAreWordedAsPodmans() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            create(p, "c1", "true");
            Path f = p.dir.resolve("f");
            Files.writeString(f, "x");
            Files.createDirectories(p.dir.resolve("d"));
            assertError(p.run("cp", p.dir.resolve("nonexist").toString(), "c1:/tmp/"),
                    "Error: \"" + p.dir.resolve("nonexist") + "\" could not be found on the host: no such file or directory");
            assertError(p.run("cp", "c1:/nonexist", p.dir.toString()), "Error: \"/nonexist\" could not be found on container c1: no such file or directory");
            assertError(p.run("cp", f.toString(), "c1:/nodir/x"), "Error: \"/nodir/x\" could not be found on container c1: no such file or directory");
            assertError(p.run("cp", f.toString(), "nosuch:/tmp"), "Error: container \"nosuch\" does not exist");
            assertError(p.run("cp", p.dir.resolve("d").toString(), "c1:/etc/passwd"), "Error: destination must be a directory when copying a directory");
            assertError(p.runWithInput(f, 60, "cp", "-", "c1:/tmp"), "Error: source must be a (compressed) tar archive when copying from stdin");
            assertError(p.run("cp", "c1:/tmp"), "Error: accepts 2 arg(s), received 1");
        }
    }

    private static void assertError(Peapod.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).as(r.toString()).startsWith(line);
    }

    @Test
    void linksInTheContainerResolveInsideItsRootNeverOnTheHost() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            String marker = "peapod-cp-escape-" + ProcessHandle.current().pid();
            p.ok("run", "--name", "c1", "--network", "none", "localhost/busybox", "sh", "-c",
                    "ln -s /etc /tmp/etclink && ln -s ../../../../../../../ /tmp/up && ln -s /etc/" + marker + "-dangling /tmp/dangling");
            Path f = p.dir.resolve(marker);
            Files.writeString(f, "inside\n");

            p.ok("cp", f.toString(), "c1:/tmp/etclink/");
            p.ok("cp", f.toString(), "c1:/tmp/up/etc/" + marker + "-up");
            p.ok("cp", f.toString(), "c1:/tmp/dangling");
            p.ok("cp", f.toString(), "c1:/../../../../etc/" + marker + "-dots");

            for (String name : List.of(marker, marker + "-up", marker + "-dangling", marker + "-dots")) {
                assertThat(Path.of("/etc", name)).as("the host's /etc is untouched").doesNotExist();
                assertThat(catFile(p, "c1", "/etc/" + name)).as("it went to the container's /etc").isEqualTo("inside\n");
            }
            // and reading through the links reads the container's files, not the host's
            assertThat(catFile(p, "c1", "/tmp/up/etc/passwd")).isEqualTo("root:x:0:0:root:/root:/bin/sh\n");
            assertThat(members(stdoutBytes(p, "cp", "c1:/tmp/etclink/", "-"))).contains("etc/passwd").doesNotContain("etc/shadow");
        }
    }

    @Test
    void aTarOnStdinThatClimbsOutOrWritesThroughALinkIsRefused() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            create(p, "c1", "true");
            Path outside = p.dir.resolve("outside");
            Files.createDirectories(outside);

            Path dotdot = p.dir.resolve("dotdot.tar");
            writeTar(dotdot, tar -> file(tar, "../../../../../../.." + outside + "/escaped", "pwned"));
            Peapod.Result r = p.runWithInput(dotdot, 60, "cp", "-", "c1:/tmp");
            assertThat(r.code()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains("leads outside the root");

            Path viaLink = p.dir.resolve("link.tar");
            writeTar(viaLink, tar -> {
                TarArchiveEntry link = new TarArchiveEntry("lnk", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName(outside.toString());
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                file(tar, "lnk/escaped", "pwned");
            });
            r = p.runWithInput(viaLink, 60, "cp", "-", "c1:/tmp");
            assertThat(r.code()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains("passes through the symlink \"lnk\"");

            try (var s = Files.list(outside)) {
                assertThat(s.toList()).as("nothing written outside the container").isEmpty();
            }
            assertThat(p.ok("diff", "c1").out()).as("a refused archive writes nothing at all").isEmpty();

            Path good = p.dir.resolve("good.tar");
            writeTar(good, tar -> file(tar, "/abs/file.txt", "fine"));
            assertThat(p.runWithInput(good, 60, "cp", "-", "c1:/tmp").code()).isZero();
            assertThat(catFile(p, "c1", "/tmp/abs/file.txt")).isEqualTo("fine");
        }
    }

    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static void writeTar(Path file, TarBody body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    @Test
    void ownersFollowArchiveAndTheContainersUser() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            p.ok("create", "--name", "c1", "--network", "none", "--user", "1000:1000", "localhost/busybox", "true");
            Path f = p.dir.resolve("owned");
            Files.writeString(f, "x");
            Files.setAttribute(f, "unix:uid", 1234);
            Files.setAttribute(f, "unix:gid", 5678);
            p.ok("cp", f.toString(), "c1:/tmp/default");
            p.ok("cp", "--archive=false", f.toString(), "c1:/tmp/kept");
            String root = p.ok("mount", "c1").out().strip();
            try {
                assertThat(Files.getAttribute(Path.of(root, "tmp/default"), "unix:uid")).isEqualTo(1000);
                assertThat(Files.getAttribute(Path.of(root, "tmp/kept"), "unix:uid")).isEqualTo(1234);
                assertThat(Files.getAttribute(Path.of(root, "tmp/kept"), "unix:gid")).isEqualTo(5678);
            } finally {
                p.ok("umount", "c1");
            }
            Path back = p.dir.resolve("back");
            p.ok("cp", "c1:/tmp/kept", back.toString());
            assertThat(Files.getAttribute(back, "unix:uid")).as("files copied out belong to the caller").isEqualTo(0);
        }
    }

    @Test
    void copiesIntoAndOutOfARunningContainerAndBetweenContainers() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            p.ok("run", "-d", "--name", "r1", "--network", "none", "localhost/busybox", "sleep", "1000");
            create(p, "c2", "true");
            Path f = p.dir.resolve("f.txt");
            Files.writeString(f, "to the running one\n");
            p.ok("cp", f.toString(), "r1:/tmp/");
            assertThat(p.ok("exec", "r1", "cat", "/tmp/f.txt").out()).isEqualTo("to the running one\n");
            p.ok("exec", "r1", "sh", "-c", "echo made inside > /tmp/in.txt");
            assertThat(catFile(p, "r1", "/tmp/in.txt")).isEqualTo("made inside\n");
            p.ok("cp", "r1:/tmp/in.txt", "c2:/tmp/copied.txt");
            assertThat(catFile(p, "c2", "/tmp/copied.txt")).isEqualTo("made inside\n");
            p.ok("umount", "r1");   // no user mount: a running container stays mounted all the same
            assertThat(p.ok("exec", "r1", "cat", "/tmp/f.txt").out()).isEqualTo("to the running one\n");
            p.ok("rm", "-f", "-t", "0", "r1");
        }
    }

    @Test
    void diffReportsAddedChangedAndDeletedForContainersAndImages() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            p.ok("run", "--name", "c1", "--network", "none", "localhost/busybox", "sh", "-c",
                    "rm /bin/ash && echo x >> /etc/group && mkdir /new && touch /new/file");
            assertThat(p.ok("diff", "c1").out()).isEqualTo("C /bin\nD /bin/ash\nC /etc\nC /etc/group\nA /new\nA /new/file\n");
            assertThat(p.ok("container", "diff", "--format", "json", "c1").out()).isEqualTo("""
                    {
                         "changed": [
                              "/bin",
                              "/etc",
                              "/etc/group"
                         ],
                         "added": [
                              "/new",
                              "/new/file"
                         ],
                         "deleted": [
                              "/bin/ash"
                         ]
                    }
                    """);
            String image = p.ok("image", "diff", "localhost/busybox").out();
            assertThat(image).startsWith("A /bin\nA /bin/[\n").contains("A /etc/passwd\n").doesNotContain("C ").doesNotContain("D ");
            assertThat(p.ok("diff", "c1", "localhost/busybox").out()).as("against a second object")
                    .isEqualTo("C /bin\nD /bin/ash\nC /etc\nC /etc/group\nA /new\nA /new/file\n");
            assertThat(p.ok("diff", "localhost/busybox", "c1").out()).as("the other way round")
                    .isEqualTo("C /bin\nA /bin/ash\nC /etc\nC /etc/group\nD /new\n");
            assertError(p.run("diff", "--format", "{{.}}", "c1"), "Error: only supported value for '--format' is 'json'");
            assertError(p.run("diff", "nosuch"), "Error: nosuch not found: layer not known");
            assertError(p.run("container", "diff", "localhost/busybox"), "Error: localhost/busybox not found: container not known");
            assertError(p.run("image", "diff", "c1"), "Error: c1 not found: c1: image not known");
        }
    }

    @Test
    void exportThenImportRoundTrips() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            p.ok("run", "--name", "c1", "--network", "none", "localhost/busybox", "sh", "-c",
                    "echo exported > /data.txt && chmod 4751 /data.txt && ln -s /data.txt /link");
            Path tar = p.dir.resolve("c1.tar");
            p.ok("export", "-o", tar.toString(), "c1");
            List<String> names = members(Files.readAllBytes(tar));
            assertThat(names).contains("bin/", "bin/busybox", "data.txt", "link -> /data.txt", "etc/passwd");
            assertThat(names).noneMatch(n -> n.startsWith("./") || n.startsWith("/"));
            assertThat(p.ok("mount").out()).isEmpty();

            String id = p.ok("import", tar.toString(), "localhost/roundtrip").out().strip();
            assertThat(id).startsWith("sha256:");
            assertThat(p.ok("run", "--rm", "--network", "none", "localhost/roundtrip", "sh", "-c",
                    "cat /link && stat -c %a /data.txt").out()).isEqualTo("exported\n4751\n");

            byte[] viaStdout = stdoutBytes(p, "export", "c1");
            assertThat(members(viaStdout)).isEqualTo(names);
            assertError(p.run("export", "nosuch"), "Error: no container with name or ID \"nosuch\" found: no such container");
        }
    }

    @Test
    void mountCountsItsUsersAsPodmansCounter() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            String id = create(p, "c1", "true");
            String path = p.ok("mount", "c1").out().strip();
            assertThat(Path.of(path, "bin/busybox")).exists();
            assertThat(p.ok("container", "mount", "c1").out().strip()).isEqualTo(path);
            assertThat(p.ok("mount").out()).isEqualTo(id.substring(0, 12) + "  " + path + "\n");
            assertThat(p.ok("mount", "--notruncate").out()).isEqualTo(id + "  " + path + "\n");
            assertThat(p.ok("mount", "--format", "json").out()).isEqualTo("[\n     {\n          \"id\": \"" + id
                    + "\",\n          \"Names\": [\n               \"c1\"\n          ],\n          \"mountpoint\": \"" + path + "\"\n     }\n]\n");
            assertThat(p.ok("umount", "c1").out()).isEqualTo("c1\n");
            assertThat(Path.of(path, "bin/busybox")).as("mounted twice, unmounted once").exists();
            p.ok("start", "c1");
            p.ok("wait", "c1");
            assertThat(Path.of(path, "bin/busybox")).as("the container's exit keeps a user's mount").exists();
            assertThat(p.ok("container", "unmount", "c1").out()).isEqualTo("c1\n");
            assertThat(p.ok("mount").out()).isEmpty();
            assertThat(Path.of(path, "bin/busybox")).doesNotExist();
            p.ok("mount", "c1");
            p.ok("mount", "c1");
            assertThat(p.ok("umount", "--all", "--force").out()).isEqualTo(id + "\n");
            assertThat(p.ok("mount").out()).isEmpty();
            assertError(p.run("umount"), "Error: you must provide at least one name or id");
            assertError(p.run("mount", "nosuch"), "Error: no container with name or ID \"nosuch\" found: no such container");
            assertError(p.run("mount", "c1", "nosuch"), "Error: no container with name or ID \"nosuch\" found: no such container");
            assertThat(p.ok("mount").out()).as("one unknown name and nothing is mounted").isEmpty();
            assertError(p.run("mount", "-a", "c1"), "Error: no arguments are needed with --all");
        }
    }

    @Test
    void commitMakesAnImageOfTheContainersChanges() throws Exception {
        try (Peapod p = new Peapod()) {
            String base = p.importBusybox();
            p.ok("run", "--name", "c1", "--network", "none", "-e", "FROM_RUN=1", "localhost/busybox", "sh", "-c",
                    "echo committed > /new.txt && rm /bin/ash");
            Peapod.Result r = p.ok("commit", "c1", "localhost/committed:v1");
            String id = r.out().strip();
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(r.err()).startsWith("Getting image source signatures\nCopying blob sha256:").endsWith("Writing manifest to image destination\nStoring signatures\n");
            assertThat(p.ok("image", "inspect", "--format", "{{len .RootFS.Layers}} {{.Config.Cmd}} {{.Config.Env}}", "localhost/committed:v1").out().strip())
                    .isEqualTo("2 [sh -c echo committed > /new.txt && rm /bin/ash] [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm container=peapod FROM_RUN=1]");
            assertThat(p.ok("image", "diff", "localhost/committed:v1").out()).isEqualTo("C /bin\nD /bin/ash\nA /new.txt\n");
            assertThat(p.ok("image", "inspect", "--format", "{{.Parent}}", "localhost/committed:v1").out().strip())
                    .as("the base image, as podman's inspect names it").isEqualTo(base);
            assertThat(p.ok("run", "--rm", "--network", "none", "localhost/committed:v1", "sh", "-c",
                    "cat /new.txt; test -e /bin/ash || echo gone").out()).isEqualTo("committed\ngone\n");

            Path iid = p.dir.resolve("iid");
            String docker = p.ok("commit", "-q", "--format", "docker", "-a", "someone", "-m", "a message", "--iidfile", iid.toString(),
                    "-c", "CMD [\"echo\",\"hi\"]", "-c", "ENV A=B", "-c", "LABEL x=y", "-c", "EXPOSE 80", "-c", "USER 1",
                    "-c", "WORKDIR /tmp", "-c", "VOLUME /data", "-c", "STOPSIGNAL 9", "-c", "ONBUILD RUN true",
                    "-c", "ENTRYPOINT [\"/bin/sh\"]", "c1", "localhost/docker").out().strip();
            assertThat(iid).hasContent(docker);
            assertThat(p.ok("image", "inspect", "--format",
                    "{{.Comment}}|{{.Author}}|{{.Config.Cmd}}|{{.Config.Entrypoint}}|{{.Config.Labels}}|{{range $k, $v := .Config.ExposedPorts}}{{$k}}{{end}}|{{.Config.User}}|{{.Config.WorkingDir}}|{{range $k, $v := .Config.Volumes}}{{$k}}{{end}}|{{.Config.StopSignal}}|{{.Config.OnBuild}}|{{.ManifestType}}",
                    "localhost/docker").out().strip())
                    .as("podman shows Config as an OCI ImageConfig: no OnBuild even in a docker image")
                    .isEqualTo("a message|someone|[echo hi]|[/bin/sh]|map[x:y]|80/tcp|1|/tmp|/data|9|<no value>|application/vnd.docker.distribution.manifest.v2+json");
            Path saved = p.dir.resolve("docker-dir");
            p.ok("save", "--format", "docker-dir", "-o", saved.toString(), "localhost/docker");
            assertThat(Files.readString(saved.resolve(docker))).as("the stored docker config keeps the trigger")
                    .contains("\"OnBuild\":[\"RUN true\"]");

            Peapod.Result oci = p.ok("commit", "-q", "-m", "dropped", "-c", "ONBUILD RUN true", "c1", "localhost/oci");
            assertThat(oci.err()).contains("COMMENT is not supported for OCI image format").contains("ONBUILD is not supported for OCI image format");
            assertThat(p.ok("image", "inspect", "--format", "{{.Config.OnBuild}}|{{.ManifestType}}", "localhost/oci").out().strip())
                    .isEqualTo("<no value>|application/vnd.oci.image.manifest.v1+json");   // ONBUILD dropped

            p.ok("commit", "-q", "--squash", "c1", "localhost/squashed");
            assertThat(p.ok("image", "inspect", "--format", "{{len .RootFS.Layers}}", "localhost/squashed").out().strip()).isEqualTo("1");
            assertThat(p.ok("run", "--rm", "--network", "none", "localhost/squashed", "cat", "/new.txt").out()).isEqualTo("committed\n");

            assertThat(p.ok("mount").out()).isEmpty();
            assertThat(p.ok("images", "-q", "--no-trunc").out()).contains(base);
        }
    }

    @Test
    void aCommitThatFailsLeavesNoImageNorLayer() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            p.ok("run", "--name", "c1", "--network", "none", "localhost/busybox", "sh", "-c", "echo x > /x");
            String before = p.ok("images", "-a", "-q").out();
            Peapod.Result r = p.run("commit", "-c", "BOGUS instruction", "c1", "localhost/never");
            assertThat(r.code()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains("invalid change");
            assertThat(p.ok("images", "-a", "-q").out()).isEqualTo(before);
            assertThat(p.run("system", "check").code()).as("no layer is left without its image").isZero();
            try (var s = Files.list(p.root.resolve("overlay"))) {
                assertThat(s.filter(d -> !d.getFileName().toString().startsWith(".")).count()).as("only busybox's layer").isEqualTo(1);
            }
        }
    }

    @Test
    void pathsUnderVolumesAndBindMountsGoToThem() throws Exception {
        try (Peapod p = new Peapod()) {
            p.importBusybox();
            Path bind = p.dir.resolve("bindsrc");
            Files.createDirectories(bind);
            p.ok("create", "--name", "v1", "--network", "none", "-v", "vol1:/data", "-v", bind + ":/bind", "localhost/busybox",
                    "cat", "/data/f.txt", "/bind/g.txt");
            Path f = p.dir.resolve("f.txt");
            Files.writeString(f, "in a volume\n");
            p.ok("cp", f.toString(), "v1:/data/");
            p.ok("cp", f.toString(), "v1:/bind/g.txt");
            assertThat(bind.resolve("g.txt")).hasContent("in a volume");
            assertThat(p.ok("volume", "inspect", "--format", "{{.Mountpoint}}", "vol1").out().strip()).satisfies(
                    m -> assertThat(Path.of(m, "f.txt")).hasContent("in a volume"));
            assertThat(catFile(p, "v1", "/data/f.txt")).isEqualTo("in a volume\n");
            assertThat(p.ok("start", "-a", "v1").out()).isEqualTo("in a volume\nin a volume\n");
        }
    }
}

package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes and container mounts with real containers: named, anonymous and image volumes, binds and
 * tmpfs, copy-up, and the volume commands' output and errors as podman 4.3.1 prints them.
 */
class VolumesIT {
    static Peapod peapod;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        peapod.importBusybox();
        // An image with files where volumes will go, and a VOLUME of its own.
        Path tree = peapod.dir.resolve("rootfs");
        Files.createDirectories(tree.resolve("etc/cfg"));
        Files.writeString(tree.resolve("etc/cfg/app.conf"), "from the image\n");
        Files.createDirectories(tree.resolve("data"));
        Files.writeString(tree.resolve("data/seed"), "seeded\n");
        Path tar = peapod.dir.resolve("content.tar");
        Peapod.Result r = Peapod.exec(List.of("tar", "-C", tree.toString(), "-cf", tar.toString(), "."), null, 60);
        assertThat(r.code()).as(r.toString()).isZero();
        peapod.ok("import", tar.toString(), "localhost/content:latest", "--change", "CMD [\"sh\"]", "--change", "VOLUME /data");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.run("volume", "rm", "-a", "-f");
            peapod.close();
        }
    }

    private static List<String> volumeNames() {
        String out = peapod.ok("volume", "ls", "-q").out();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private static List<String> containerIds() {
        String out = peapod.ok("ps", "-a", "-q").out();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void whatOneContainerWritesInAVolumeTheNextOneReads() {
        peapod.ok("run", "--rm", "-v", "shared:/d", "busybox", "sh", "-c", "echo written by the first > /d/note");
        assertThat(peapod.ok("run", "--rm", "--mount", "type=volume,src=shared,dst=/elsewhere", "busybox",
                "cat", "/elsewhere/note").out()).isEqualTo("written by the first\n");
        assertThat(peapod.root.resolve("volumes/shared/_data/note")).hasContent("written by the first");
        peapod.ok("volume", "rm", "shared");
    }

    @Test
    void bindMountsWriteThroughToTheHostAndReadOnlyOnesRefuseWrites() throws Exception {
        Path host = Files.createDirectories(peapod.dir.resolve("bind-src"));
        Files.writeString(host.resolve("in"), "from the host\n");
        assertThat(peapod.ok("run", "--rm", "-v", host + ":/b", "busybox", "sh", "-c", "cat /b/in; echo back > /b/out").out())
                .isEqualTo("from the host\n");
        assertThat(host.resolve("out")).hasContent("back");
        Peapod.Result ro = peapod.run("run", "--rm", "-v", host + ":/b:ro", "busybox", "touch", "/b/refused");
        assertThat(ro.code()).as(ro.toString()).isEqualTo(1);
        assertThat(ro.err()).contains("Read-only file system");
        Peapod.Result mountRo = peapod.run("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/b,readonly",
                "busybox", "touch", "/b/refused");
        assertThat(mountRo.code()).as(mountRo.toString()).isEqualTo(1);
        assertThat(host.resolve("refused")).doesNotExist();
    }

    @Test
    void tmpfsMountsAreTmpfsWithTheirOptions() {
        assertThat(peapod.ok("run", "--rm", "--tmpfs", "/scratch:size=1m,mode=700", "busybox", "grep", " /scratch ",
                "/proc/mounts").out()).isEqualTo("tmpfs /scratch tmpfs rw,nosuid,nodev,relatime,size=1024k,mode=700 0 0\n");
        assertThat(peapod.ok("run", "--rm", "--mount", "type=tmpfs,dst=/t2,tmpfs-size=2m", "busybox", "grep", " /t2 ",
                "/proc/mounts").out()).isEqualTo("tmpfs /t2 tmpfs rw,nosuid,nodev,relatime,size=2048k 0 0\n");
    }

    @Test
    void aTmpfsVolumeIsMountedWhileAContainerUsesIt() throws Exception {
        peapod.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=nr_inodes=100,mode=0700", "ram");
        assertThat(peapod.ok("run", "--rm", "-v", "ram:/ram", "busybox", "grep", " /ram ", "/proc/mounts").out())
                .isEqualTo("tmpfs /ram tmpfs rw,nosuid,nodev,relatime,nr_inodes=100,mode=700 0 0\n");
        Path data = peapod.root.resolve("volumes/ram/_data");
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(data.toString()));
        peapod.ok("volume", "rm", "ram");
    }

    @Test
    void anonymousVolumesGoWithRmVAndRunRmButNotWithPlainRm() {
        List<String> before = volumeNames();
        peapod.ok("run", "--rm", "-v", "/scratch", "busybox", "true");
        assertThat(volumeNames()).isEqualTo(before);

        String id = peapod.ok("create", "-v", "/anon", "-v", "keeper:/k", "busybox", "true").out().strip();
        List<String> added = volumeNames().stream().filter(v -> !before.contains(v)).toList();
        assertThat(added).hasSize(2).contains("keeper");
        String anonymous = added.stream().filter(v -> !v.equals("keeper")).findFirst().orElseThrow();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        assertThat(peapod.ok("volume", "inspect", "--format", "{{.Anonymous}}", anonymous).out()).isEqualTo("true\n");
        peapod.ok("rm", "-v", id);
        assertThat(volumeNames()).contains("keeper").doesNotContain(anonymous);

        String id2 = peapod.ok("create", "-v", "/anon", "busybox", "true").out().strip();
        List<String> withSecond = volumeNames();
        peapod.ok("rm", id2);
        assertThat(volumeNames()).isEqualTo(withSecond);
        peapod.ok("volume", "prune", "-f");
    }

    @Test
    void aNewVolumeGetsTheImagesFilesAtItsMountPointOnce() throws Exception {
        assertThat(peapod.ok("run", "--rm", "-v", "conf:/etc/cfg", "localhost/content", "cat", "/etc/cfg/app.conf").out())
                .isEqualTo("from the image\n");
        assertThat(peapod.root.resolve("volumes/conf/_data/app.conf")).hasContent("from the image");
        assertThat(peapod.ok("volume", "inspect", "--format", "{{.NeedsCopyUp}} {{.NeedsChown}}", "conf").out())
                .isEqualTo("false false\n");
        // nocopy: the volume stays empty
        assertThat(peapod.ok("run", "--rm", "-v", "bare:/etc/cfg:nocopy", "localhost/content", "ls", "/etc/cfg").out()).isEmpty();
        // the image's own VOLUME gets an anonymous volume, with the image's files in it
        String id = peapod.ok("create", "localhost/content", "cat", "/data/seed").out().strip();
        assertThat(peapod.ok("start", "-a", id).out()).isEqualTo("seeded\n");
        String mounts = peapod.ok("inspect", "--format", "{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}", id).out();
        assertThat(mounts).isEqualTo("volume /data true\n");
        peapod.ok("rm", "-v", id);
        peapod.ok("volume", "rm", "conf", "bare");
    }

    @Test
    void inspectShowsMountsBindsAndTmpfsAsPodmanDoes() throws Exception {
        Path host = Files.createDirectories(peapod.dir.resolve("inspect-src"));
        String id = peapod.ok("create", "-v", host + ":/b:ro,z", "-v", "named:/n", "--tmpfs", "/t:size=1m",
                "busybox", "true").out().strip();
        assertThat(peapod.ok("inspect", "--format", "{{json .HostConfig.Binds}} {{json .HostConfig.Tmpfs}}", id).out())
                .isEqualTo("[\"named:/n:rw,rprivate,nosuid,nodev,rbind\",\"" + host + ":/b:ro,z,rprivate,rbind\"] "
                        + "{\"/t\":\"size=1m,rw,rprivate,nosuid,nodev,tmpcopyup\"}\n");
        String mounts = peapod.ok("inspect", "--format", "{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}|"
                + "{{.Driver}}|{{.Mode}}|{{.Options}}|{{.RW}}|{{.Propagation}}\n{{end}}", id).out();
        assertThat(mounts).isEqualTo("volume|named|" + peapod.root.resolve("volumes/named/_data") + "|/n|local||[nosuid nodev rbind]|true|rprivate\n"
                + "bind|<no value>|" + host + "|/b||z|[rbind]|false|rprivate\n\n");
        peapod.ok("rm", id);
        peapod.ok("volume", "rm", "named");
    }

    @Test
    void badMountsFailLikePodmanAndLeaveNothingBehind() {
        List<String> volumes = volumeNames();
        List<String> containers = containerIds();
        Peapod.Result format = peapod.run("create", "-v", "fresh:/a", "-v", "a:b:c:d", "busybox", "true");
        assertThat(format.code()).isEqualTo(125);
        assertThat(format.err()).isEqualTo("Error: a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]\n");
        Peapod.Result missing = peapod.run("run", "-v", "fresh:/a", "-v", "/no/such/dir:/x", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: statfs /no/such/dir: no such file or directory\n");
        Peapod.Result option = peapod.run("create", "--mount", "type=bind,src=/tmp,dst=/x,foo=bar", "busybox", "true");
        assertThat(option.err()).isEqualTo("Error: foo: invalid mount option\n");
        Peapod.Result tmpfs = peapod.run("create", "--tmpfs", "/x:bogus", "busybox", "true");
        assertThat(tmpfs.err()).isEqualTo("Error: unknown mount option \"bogus\": invalid mount option\n");
        Peapod.Result name = peapod.run("create", "-v", "bad name:/x", "busybox", "true");
        assertThat(name.err()).isEqualTo("Error: creating named volume \"bad name\": running volume create option: "
                + "names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n");
        assertThat(volumeNames()).isEqualTo(volumes);
        assertThat(containerIds()).isEqualTo(containers);
        try (Stream<Path> dirs = Files.list(peapod.root.resolve("volumes"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(volumes.stream().sorted().toList());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void volumeCommandsPrintWhatPodmanPrints() {
        assertThat(peapod.ok("volume", "create", "--label", "team=a", "cli-one").out()).isEqualTo("cli-one\n");
        assertThat(peapod.ok("volume", "create", "cli-two").out()).isEqualTo("cli-two\n");
        Peapod.Result again = peapod.run("volume", "create", "cli-one");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("Error: volume with name cli-one already exists: volume already exists\n");
        Peapod.Result badOpt = peapod.run("volume", "create", "-o", "foo=bar", "cli-x");
        assertThat(badOpt.err()).isEqualTo("Error: invalid mount option foo for driver 'local': invalid argument\n");
        assertThat(peapod.ok("volume", "create").out()).matches("[0-9a-f]{64}\n");

        assertThat(peapod.ok("volume", "ls", "--filter", "name=^cli-").out())
                .isEqualTo("DRIVER      VOLUME NAME\nlocal       cli-one\nlocal       cli-two\n");
        assertThat(peapod.ok("volume", "ls", "-f", "label=team=a", "-q").out()).isEqualTo("cli-one\n");
        assertThat(peapod.ok("volume", "ls", "-f", "name=nothing-matches").out()).isEmpty();
        assertThat(peapod.ok("volume", "ls", "-f", "name=cli-one", "--noheading", "--format", "{{.Name}} {{.Labels}} {{.Scope}}").out())
                .isEqualTo("cli-one map[team:a] local\n");
        Peapod.Result badFilter = peapod.run("volume", "ls", "-f", "foo=bar");
        assertThat(badFilter.err()).isEqualTo("Error: \"foo\" is an invalid volume filter\n");

        String json = peapod.ok("volume", "inspect", "cli-two").out();
        assertThat(json).isEqualTo("[\n     {\n          \"Name\": \"cli-two\",\n          \"Driver\": \"local\",\n"
                + "          \"Mountpoint\": \"" + peapod.root.resolve("volumes/cli-two/_data") + "\",\n"
                + json.substring(json.indexOf("          \"CreatedAt\""), json.indexOf("          \"Labels\""))
                + "          \"Labels\": {},\n          \"Scope\": \"local\",\n          \"Options\": {},\n"
                + "          \"MountCount\": 0,\n          \"NeedsCopyUp\": true,\n          \"NeedsChown\": true\n     }\n]\n");
        Peapod.Result noSuch = peapod.run("volume", "inspect", "cli-none");
        assertThat(noSuch.code()).isEqualTo(125);
        assertThat(noSuch.out()).isEqualTo("[]\n");
        assertThat(noSuch.err()).isEqualTo("Error: inspecting object: no such volume cli-none\n");

        assertThat(peapod.run("volume", "exists", "cli-one").code()).isZero();
        assertThat(peapod.run("volume", "exists", "cli-none").code()).isEqualTo(1);

        String user = peapod.ok("create", "-v", "cli-one:/x", "busybox", "true").out().strip();
        Peapod.Result inUse = peapod.run("volume", "rm", "cli-one");
        assertThat(inUse.code()).isEqualTo(2);
        assertThat(inUse.err()).isEqualTo("Error: volume cli-one is being used by the following container(s): " + user
                + ": volume is being used\n");
        Peapod.Result missing = peapod.run("volume", "rm", "cli-two", "cli-none");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo("cli-two\n");
        assertThat(missing.err()).isEqualTo("Error: no volume with name \"cli-none\" found: no such volume\n");

        Peapod.Result prompt = peapod.runWithInput(null, 60, "volume", "prune");
        assertThat(prompt.code()).isEqualTo(125);
        assertThat(prompt.err()).isEqualTo("Error: EOF\n");
        assertThat(prompt.out()).startsWith("WARNING! This will remove all volumes not used by at least one container. "
                + "The following volumes will be removed:\n").doesNotContain("cli-one\n");
        assertThat(peapod.ok("volume", "prune", "-f").out()).matches("([0-9a-f]{64}\n)+");
        assertThat(volumeNames()).contains("cli-one");

        assertThat(peapod.ok("volume", "rm", "-f", "cli-one").out()).isEqualTo("cli-one\n");
        assertThat(peapod.run("container", "exists", user).code()).isEqualTo(1);
    }

    @Test
    void systemDfCountsVolumesAndSystemPruneVolumesRemovesUnusedOnes() {
        peapod.ok("volume", "prune", "-f");
        peapod.ok("run", "--rm", "-v", "df-unused:/d", "busybox", "sh", "-c", "printf 12345 > /d/f");
        String user = peapod.ok("create", "-v", "df-used:/d", "busybox", "true").out().strip();
        String df = peapod.ok("system", "df", "--format", "{{.Type}} {{.Total}} {{.Active}} {{.Size}} {{.Reclaimable}}").out();
        assertThat(df).contains("Local Volumes 2 1 5B 5B (100%)\n");
        Peapod.Result prune = peapod.ok("system", "prune", "--volumes", "-f");
        assertThat(prune.out()).contains("Deleted Volumes\ndf-unused\n").endsWith("Total reclaimed space: 5B\n");
        assertThat(volumeNames()).contains("df-used").doesNotContain("df-unused");
        peapod.ok("rm", user);
        peapod.ok("volume", "rm", "df-used");
    }
}

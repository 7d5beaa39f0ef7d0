package io.peapod.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User namespaces as root ({@code --userns}, {@code --uidmap}, {@code --gidmap}, {@code --subuidname}), as a
 * user checks them: the mapping inside, the image's files owned by root inside, what the container writes owned
 * by the mapped ids outside, auto's ranges apart, a pod's containers in one user namespace, podman's refusals.
 */
class UserNamespaceIT extends NetworkedStoreTest {
    /**
     * {@code --userns=auto} takes its ids from the user {@code containers} in /etc/subuid and /etc/subgid, which
     * podman needs as well (man podman-run: "containers:2147483647:2147483648"); scripts/setup.sh writes them.
     */
    @BeforeAll
    static void subordinateIds() throws Exception {
        for (Path f : List.of(Path.of("/etc/subuid"), Path.of("/etc/subgid"))) {
            assertThat(Files.exists(f) && Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("containers:")))
                    .as("%s has no range for the user containers: run scripts/setup.sh", f).isTrue();
        }
    }

    private List<String> mountsUnderStore() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(p -> p.startsWith(peapod.dir.toString())).toList();
    }

    /** [container, host, size] of each line of a /proc/PID/uid_map. */
    private static List<long[]> ranges(String map) {
        List<long[]> out = new ArrayList<>();
        for (String line : map.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            out.add(new long[]{Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
        return out;
    }

    @Test
    void anExplicitMappingShowsInsideAndTheImageBelongsToRootThere() throws Exception {
        Path shared = Files.createDirectories(peapod.dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Peapod.Result r = ok("run", "--rm", "--uidmap", "0:100000:65536", "--gidmap", "0:200000:65536",
                "-v", shared + ":/shared", "localhost/busybox", "sh", "-c",
                "cat /proc/self/uid_map /proc/self/gid_map; stat -c '%u:%g' /bin/busybox /etc/passwd /; touch /shared/made; id -u");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly("0", "100000", "65536");
        assertThat(lines.get(1).trim().split("\\s+")).containsExactly("0", "200000", "65536");
        assertThat(lines.subList(2, 5)).as("the image's files, root's inside").containsOnly("0:0");
        assertThat(lines.get(5)).isEqualTo("0");
        // what root inside wrote to a bind mount belongs to its host ids outside
        Path made = shared.resolve("made");
        assertThat(Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(100000);
        assertThat(Files.getAttribute(made, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(200000);
        assertThat(mountsUnderStore()).as("no idmapped layer or overlay left after --rm").isEmpty();
    }

    @Test
    void commitAndExportGiveTheIdsTheContainerSees() throws Exception {
        ok("run", "--name", "maker", "--uidmap", "0:400000:65536", "localhost/busybox", "sh", "-c", "echo hi > /made; chown 7:8 /made");
        ok("commit", "maker", "localhost/made");
        assertThat(ok("run", "--rm", "localhost/made", "stat", "-c", "%u:%g", "/made", "/bin/busybox").out().lines().toList())
                .containsExactly("7:8", "0:0");
        Path tar = peapod.dir.resolve("export.tar");
        ok("export", "-o", tar.toString(), "maker");
        Peapod.Result listing = Peapod.exec(List.of("tar", "--numeric-owner", "-tvf", tar.toString(), "made"), null, 30);
        assertThat(listing.out()).contains(" 7/8 ");
    }

    @Test
    void cpIntoAMappedContainerGivesTheFilesItsUsersIdsInside() throws Exception {
        // podman's cp chowns to the container's user, as ids inside: the host ids its mapping gives them
        ok("create", "--name", "cpdest", "--user", "5:6", "--uidmap", "0:500000:65536", "--gidmap", "0:600000:65536",
                "localhost/busybox", "stat", "-c", "%u:%g", "/in.txt", "/dir/nested");
        Path dir = Files.createDirectories(peapod.dir.resolve("dir"));
        Files.writeString(dir.resolve("nested"), "n");
        Path file = Files.writeString(peapod.dir.resolve("in.txt"), "data");
        ok("cp", file.toString(), "cpdest:/in.txt");
        ok("cp", dir.toString(), "cpdest:/");
        assertThat(ok("start", "-a", "cpdest").out().lines().toList()).containsExactly("5:6", "5:6");
        Path merged = Path.of(ok("mount", "cpdest").out().strip());
        try {
            for (Path copied : List.of(merged.resolve("in.txt"), merged.resolve("dir/nested"))) {
                assertThat(Files.getAttribute(copied, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(500005);
                assertThat(Files.getAttribute(copied, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(600006);
            }
        } finally {
            ok("umount", "cpdest");
        }
    }

    @Test
    void aNamedVolumeIsGivenToTheMappedRootAtItsFirstUse() throws Exception {
        ok("run", "--rm", "--uidmap", "0:300000:2000", "-v", "data:/data", "localhost/busybox", "sh", "-c",
                "echo hi > /data/file; stat -c '%u:%g' /data /data/file");
        Path mountpoint = Path.of(ok("volume", "inspect", "--format", "{{.Mountpoint}}", "data").out().strip());
        assertThat(Files.getAttribute(mountpoint, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(300000);
        assertThat(Files.getAttribute(mountpoint.resolve("file"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(300000);
        assertThat(Files.getAttribute(mountpoint.resolve("file"), "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(300000);
    }

    @Test
    void autoGivesContainersDisjointRangesFromTheContainersUser() throws Exception {
        ok("run", "-d", "--name", "a1", "--userns=auto", "localhost/busybox", "sleep", "1000");
        ok("run", "-d", "--name", "a2", "--userns=auto:size=5000", "localhost/busybox", "sleep", "1000");
        List<long[]> first = ranges(ok("exec", "a1", "cat", "/proc/self/uid_map").out());
        List<long[]> second = ranges(ok("exec", "a2", "cat", "/proc/self/uid_map").out());
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(first.get(0)[0]).isZero();
        assertThat(first.get(0)[2]).as("containers/storage's minimum size").isEqualTo(1024);
        assertThat(second.get(0)[2]).isEqualTo(5000);
        long aStart = first.get(0)[1], aEnd = aStart + first.get(0)[2];
        long bStart = second.get(0)[1], bEnd = bStart + second.get(0)[2];
        assertThat(aEnd <= bStart || bEnd <= aStart).as("[%d,%d) and [%d,%d) apart", aStart, aEnd, bStart, bEnd).isTrue();
        long subStart = Long.parseLong(Files.readAllLines(Path.of("/etc/subuid")).stream()
                .filter(l -> l.startsWith("containers:")).findFirst().orElseThrow().split(":")[1]);
        assertThat(aStart).isGreaterThanOrEqualTo(subStart);
        assertThat(ok("exec", "a2", "stat", "-c", "%u:%g", "/bin/busybox").out().strip()).isEqualTo("0:0");
        // container:NAME joins a2's user namespace, its network on the bridge all the same
        Peapod.Result joined = ok("run", "--rm", "--userns=container:a2", "localhost/busybox", "sh", "-c",
                "readlink /proc/self/ns/user; stat -c %u:%g /bin/busybox; ip -4 addr show eth0 | grep -c inet");
        assertThat(joined.out().lines().toList()).containsExactly(
                ok("exec", "a2", "readlink", "/proc/self/ns/user").out().strip(), "0:0", "1");
        // ns:/proc/PID/ns/user joins that namespace with its mapping; inspect shows auto's mapping as podman does
        String pid = ok("inspect", "--format", "{{.State.Pid}}", "a2").out().strip();
        assertThat(ok("run", "--rm", "--userns=ns:/proc/" + pid + "/ns/user", "localhost/busybox", "sh", "-c",
                "readlink /proc/self/ns/user; stat -c %u:%g /bin/busybox").out().lines().toList())
                .containsExactly(Files.readSymbolicLink(Path.of("/proc", pid, "ns", "user")).toString(), "0:0");
        assertThat(ok("inspect", "--format", "[{{.HostConfig.UsernsMode}}] {{index .HostConfig.IDMappings.UidMap 0}}", "a2").out().strip())
                .isEqualTo("[] 0:" + bStart + ":5000");
        // the range of a removed container is free again, the other's stays taken
        ok("rm", "-f", "-t", "0", "a1");
        List<long[]> third = ranges(ok("run", "--rm", "--userns=auto", "localhost/busybox", "cat", "/proc/self/uid_map").out());
        assertThat(third.get(0)[1]).isEqualTo(aStart);
    }

    @Test
    void aPodWithAutoKeepsItsContainersInTheInfraUserNamespace() throws Exception {
        ok("pod", "create", "--name", "up", "--userns=auto");
        ok("run", "-d", "--pod", "up", "--name", "m1", "localhost/busybox", "sleep", "1000");
        ok("run", "-d", "--pod", "up", "--name", "m2", "localhost/busybox", "sleep", "1000");
        String infra = ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "up").out().strip();
        String pid = ok("inspect", "--format", "{{.State.Pid}}", infra).out().strip();
        String infraNs = Files.readSymbolicLink(Path.of("/proc", pid, "ns", "user")).toString();
        assertThat(infraNs).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString());
        assertThat(ok("exec", "m1", "readlink", "/proc/self/ns/user").out().strip()).isEqualTo(infraNs);
        assertThat(ok("exec", "m2", "readlink", "/proc/self/ns/user").out().strip()).isEqualTo(infraNs);
        assertThat(ranges(ok("exec", "m1", "cat", "/proc/self/uid_map").out()).get(0)[0]).isZero();
        assertThat(ok("exec", "m2", "stat", "-c", "%u:%g", "/bin/busybox").out().strip()).isEqualTo("0:0");
    }

    @Test
    void aPodWithAnExplicitMappingGivesItToItsContainers() throws Exception {
        // --uidmap alone maps the gids alike, as podman does
        ok("pod", "create", "--name", "mp", "--uidmap", "0:300000:65536");
        List<long[]> maps = ranges(ok("run", "--rm", "--pod", "mp", "localhost/busybox", "cat", "/proc/self/uid_map",
                "/proc/self/gid_map").out());
        assertThat(maps).hasSize(2);
        for (long[] m : maps) {
            assertThat(m).containsExactly(0, 300000, 65536);
        }
        assertThat(ok("run", "--rm", "--pod", "mp", "localhost/busybox", "stat", "-c", "%u:%g", "/bin/busybox").out().strip())
                .as("the image's files belong to root inside").isEqualTo("0:0");
        assertThat(ok("pod", "inspect", "--format", "{{.InfraConfig.UserNS}} {{.SharedNamespaces}}", "mp").out().strip())
                .isEqualTo("private [ipc net uts user]");
        // a member cannot bring a mapping or a mode of its own into a pod with an infra container
        Peapod.Result own = run("run", "--rm", "--pod", "mp", "--uidmap", "0:400000:100", "localhost/busybox", "true");
        assertThat(own.code()).isEqualTo(125);
        assertThat(own.err().strip())
                .isEqualTo("Error: cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument");
        Peapod.Result mode = run("create", "--pod", "mp", "--userns", "host", "localhost/busybox", "true");
        assertThat(mode.code()).isEqualTo(125);
        assertThat(mode.err().strip()).isEqualTo("Error: --userns and --pod cannot be set together");
        assertThat(ok("ps", "-a", "--filter", "pod=mp", "--format", "{{.Names}}").out().strip().lines())
                .as("only the infra container").hasSize(1);
        Peapod.Result bad = run("pod", "create", "--name", "bad", "--uidmap", "1:300000:10");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err().strip()).isEqualTo("Error: container ID 0 cannot be mapped to a host ID");
        assertThat(run("pod", "exists", "bad").code()).isEqualTo(1);
    }

    @Test
    void badValuesGetPodmansWordsAndLeaveNothing() throws Exception {
        String[][] cases = {
                {"--userns=bogus", "Error: unrecognized namespace mode bogus passed"},
                {"--userns=keep-id", "Error: keep-id is only supported in rootless mode"},
                {"--userns=nomap", "Error: nomap is only supported in rootless mode"},
                {"--userns=private", "Error: must provide at least one UID or GID mapping to configure a user namespace"},
                {"--userns=auto:size=abc", "Error: strconv.ParseUint: parsing \"abc\": invalid syntax"},
                {"--userns=auto:foo=1", "Error: unknown option specified: \"foo\""},
                {"--userns=ns:/nonexistent", "Error: cannot find specified user namespace path: stat /nonexistent: no such file or directory"},
                {"--userns=container:nope", "Error: looking up container to share user namespace with: no container with name or ID \"nope\" found: no such container"},
                {"--uidmap=0:1", "Error: initializing ID mappings: UID setting is malformed expected [\"uint32:uint32:uint32\"]: [\"0:1\"]"},
                {"--uidmap=1:100000:1000", "Error: container ID 0 cannot be mapped to a host ID"},
                {"--subuidname=nouser", "Error: no subuid ranges found for user \"nouser\" in /etc/subuid"},
        };
        for (String[] c : cases) {
            Peapod.Result r = run("create", c[0], "localhost/busybox", "true");
            assertThat(r.code()).as(c[0]).isEqualTo(125);
            assertThat(r.err().strip()).as(c[0]).isEqualTo(c[1]);
        }
        Peapod.Result both = run("run", "--rm", "--userns=auto", "--uidmap=0:100000:1000", "localhost/busybox", "true");
        assertThat(both.code()).isEqualTo(125);
        assertThat(both.err().strip()).isEqualTo("Error: --userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
        Peapod.Result overlap = run("create", "--uidmap=0:100000:1000", "--uidmap=500:300000:10", "localhost/busybox", "true");
        assertThat(overlap.err().strip()).isEqualTo("Error: creating container storage: the specified UID and/or GID mapping "
                + "500:300000:10 conflicts with other mappings: invalid mappings specified");
        Peapod.Result pod = run("pod", "create", "--userns=keep-id");
        assertThat(pod.code()).isEqualTo(125);
        assertThat(pod.err().strip()).isEqualTo("Error: keep-id is only supported in rootless mode");
        assertThat(ok("ps", "-a", "-q").out()).as("no container left").isBlank();
        assertThat(ok("pod", "ps", "-q").out()).as("no pod left").isBlank();
        Path containers = peapod.root.resolve("overlay-containers");
        if (Files.isDirectory(containers)) {
            try (var s = Files.list(containers)) {
                assertThat(s.toList()).as("no container layer left").isEmpty();
            }
        }
    }
}

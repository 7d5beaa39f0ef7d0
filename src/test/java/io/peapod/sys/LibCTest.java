package io.peapod.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real syscalls; these tests expect to run as root. */
class LibCTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir Path tmp;

    /** Everything mounted by a test, unmounted (lazily, so it cannot fail on busy) even when the test fails. */
    private final Deque<Path> mounts = new ArrayDeque<>();

    @AfterEach
    void unmountAll() {
        while (!mounts.isEmpty()) {
            try {
                LibC.umount2(mounts.pop(), LibC.MNT_DETACH);
            } catch (SysException e) {
                if (e.errno() != Errno.EINVAL) throw e; // EINVAL: the test already unmounted it
            }
        }
    }

    private Path mountTmpfs(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        LibC.mount("tmpfs", dir, "tmpfs", LibC.MS_NOSUID | LibC.MS_NODEV, "size=16m,mode=0755");
        mounts.push(dir);
        return dir;
    }

    @Test
    void tmpfsMountStatfsAndUmount() throws Exception {
        Path dir = mountTmpfs("t");
        LibC.StatFs fs = LibC.statfs(dir);
        assertThat(fs.type()).isEqualTo(0x01021994L).isEqualTo(LibC.TMPFS_MAGIC);
        assertThat(fs.blockSize()).isEqualTo(4096);
        assertThat(fs.blocks() * fs.blockSize()).isEqualTo(16L << 20);
        assertThat(fs.blocksFree()).isEqualTo(fs.blocks());
        assertThat(fs.files()).isPositive();

        LibC.umount2(dir, 0);
        assertThat(LibC.statfs(dir).type()).isNotEqualTo(LibC.TMPFS_MAGIC);
    }

    @Test
    void bindMountShowsSourceContent() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("file"), "hello");
        Path dst = Files.createDirectories(tmp.resolve("dst"));

        LibC.mount(src.toString(), dst, null, LibC.MS_BIND, null);
        mounts.push(dst);
        assertThat(Files.readString(dst.resolve("file"))).isEqualTo("hello");
        Files.writeString(dst.resolve("back"), "x");
        assertThat(src.resolve("back")).exists();

        LibC.umount2(dst, 0);
        assertThat(dst.resolve("file")).doesNotExist();
    }

    @Test
    void mountErrorCarriesErrnoAndPath() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> LibC.mount("tmpfs", missing, "tmpfs", 0, null))
                .isInstanceOfSatisfying(SysException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT).isEqualTo(2);
                    assertThat(e.call()).isEqualTo("mount");
                    assertThat(e.getMessage()).isEqualTo("mount: " + missing + ": No such file or directory");
                });
        assertThatThrownBy(() -> LibC.umount2(tmp, 0))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining(tmp.toString());
    }

    @Test
    void makedevMatchesGlibc() {
        // values printed by gnu_dev_makedev on x86_64 glibc 2.36
        assertThat(LibC.makedev(1, 3)).isEqualTo(0x103L);
        assertThat(LibC.makedev(0x12345, 0x6789a)).isEqualTo(0x120006783459aL);
    }

    @Test
    void mknodFifoAndCharDevice() throws Exception {
        Path fifo = tmp.resolve("fifo");
        LibC.mknod(fifo, LibC.S_IFIFO | 0640, 0, 0);
        assertThat((int) Files.getAttribute(fifo, "unix:mode", NOFOLLOW)).isEqualTo(LibC.S_IFIFO | 0640);
        assertThat(Files.readAttributes(fifo, "posix:*", NOFOLLOW).get("isOther")).isEqualTo(true);

        Path nullDev = tmp.resolve("null");
        LibC.mknod(nullDev, LibC.S_IFCHR | 0600, 1, 3); // permission bits the umask cannot touch
        assertThat((int) Files.getAttribute(nullDev, "unix:mode", NOFOLLOW)).isEqualTo(LibC.S_IFCHR | 0600);
        assertThat((long) Files.getAttribute(nullDev, "unix:rdev", NOFOLLOW)).isEqualTo(0x103L);
        // It really is /dev/null: writes vanish, reads are empty.
        Files.writeString(nullDev, "discarded");
        assertThat(Files.readAllBytes(nullDev)).isEmpty();

        assertThatThrownBy(() -> LibC.mknod(fifo, LibC.S_IFIFO | 0600, 0, 0))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining(fifo.toString());
    }

    /** tmpfs supports user.* xattrs since Linux 6.6; older kernels fall back to a dir on the root fs. */
    private Path xattrDir() throws Exception {
        Path dir = mountTmpfs("x");
        Path probe = Files.createFile(dir.resolve("probe"));
        try {
            LibC.lsetxattr(probe, "user.probe", new byte[] {1});
            return dir;
        } catch (SysException e) {
            assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP);
            return Files.createDirectories(tmp.resolve("xattr-fallback"));
        }
    }

    @Test
    void xattrsSetGetList() throws Exception {
        Path dir = xattrDir();
        Path file = Files.writeString(dir.resolve("f"), "data");

        LibC.lsetxattr(file, "user.x", "value".getBytes(StandardCharsets.UTF_8));
        LibC.lsetxattr(dir, "trusted.overlay.opaque", new byte[] {'y'});
        // struct vfs_cap_data, revision 2: magic, then permitted/inheritable for both 32-bit halves.
        byte[] cap = le32(0x02000000, 1 << 10 /* CAP_NET_BIND_SERVICE */, 0, 0, 0);
        LibC.lsetxattr(file, "security.capability", cap);

        assertThat(new String(LibC.lgetxattr(file, "user.x"), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(LibC.lgetxattr(dir, "trusted.overlay.opaque")).containsExactly('y');
        assertThat(LibC.lgetxattr(file, "security.capability")).containsExactly(cap);
        assertThat(LibC.lgetxattr(file, "user.absent")).isNull();
        assertThat(LibC.llistxattr(file)).contains("user.x", "security.capability").doesNotContain("user.absent");
        assertThat(LibC.llistxattr(dir)).contains("trusted.overlay.opaque");

        // Larger than the first buffer: exercises the ERANGE retry.
        byte[] big = new byte[3000];
        Arrays.fill(big, (byte) 'b');
        LibC.lsetxattr(file, "user.big", big);
        assertThat(LibC.lgetxattr(file, "user.big")).containsExactly(big);

        LibC.lsetxattr(file, "user.empty", new byte[0]);
        assertThat(LibC.lgetxattr(file, "user.empty")).isEmpty();
        assertThat(LibC.llistxattr(Files.createFile(dir.resolve("bare")))).doesNotContain("user.x");

        assertThatThrownBy(() -> LibC.lgetxattr(dir.resolve("nope"), "user.x"))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("nope");
    }

    @Test
    void xattrOnSymlinkStaysOnTheLink() throws Exception {
        Path dir = xattrDir();
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target.getFileName());
        LibC.lsetxattr(link, "trusted.overlay.redirect", "/elsewhere".getBytes(StandardCharsets.UTF_8));
        assertThat(LibC.lgetxattr(link, "trusted.overlay.redirect")).isNotNull();
        assertThat(LibC.lgetxattr(target, "trusted.overlay.redirect")).isNull();
    }

    private static byte[] le32(int... words) {
        byte[] out = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            for (int b = 0; b < 4; b++) out[i * 4 + b] = (byte) (words[i] >>> (8 * b));
        }
        return out;
    }

    @Test
    void lchownChangesTheLinkNotTheTarget() throws Exception {
        Path target = Files.createFile(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        int targetUid = (int) Files.getAttribute(target, "unix:uid", NOFOLLOW);

        LibC.lchown(link, 1234, 5678);
        assertThat(Files.getAttribute(link, "unix:uid", NOFOLLOW)).isEqualTo(1234);
        assertThat(Files.getAttribute(link, "unix:gid", NOFOLLOW)).isEqualTo(5678);
        assertThat(Files.getAttribute(target, "unix:uid", NOFOLLOW)).isEqualTo(targetUid);

        LibC.lchown(target, 42, 43);
        assertThat(Files.getAttribute(target, "unix:gid", NOFOLLOW)).isEqualTo(43);
    }

    @Test
    void chmodSetsSpecialBits() throws Exception {
        Path file = Files.createFile(tmp.resolve("suid"));
        LibC.chmod(file, 04755);
        assertThat((int) Files.getAttribute(file, "unix:mode", NOFOLLOW) & 07777).isEqualTo(04755);

        Path dir = Files.createDirectory(tmp.resolve("sticky"));
        LibC.chmod(dir, 03777);
        assertThat((int) Files.getAttribute(dir, "unix:mode", NOFOLLOW) & 07777).isEqualTo(03777);

        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> LibC.chmod(missing, 0644))
                .isInstanceOfSatisfying(SysException.class, e -> {
                    assertThat(e.errno()).isEqualTo(2);
                    assertThat(e.call()).isEqualTo("chmod");
                })
                .hasMessage("chmod: " + missing + ": No such file or directory");
    }

    @Test
    void lutimesSetsTheLinkTimesOnly() throws Exception {
        Path target = Files.createFile(tmp.resolve("target"));
        FileTime targetMtime = FileTime.fromMillis(1_500_000_000_000L);
        Files.setLastModifiedTime(target, targetMtime);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        LibC.lutimes(link, 1_000_000_000L, 5, 1_100_000_000L, 123_456_789);
        assertThat(Files.getLastModifiedTime(link, NOFOLLOW).to(TimeUnit.NANOSECONDS))
                .isEqualTo(1_100_000_000_123_456_789L);
        assertThat(((FileTime) Files.getAttribute(link, "lastAccessTime", NOFOLLOW)).to(TimeUnit.NANOSECONDS))
                .isEqualTo(1_000_000_000_000_000_005L);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(targetMtime);

        // UTIME_OMIT leaves mtime alone.
        LibC.lutimes(link, 7, 0, 0, LibC.UTIME_OMIT);
        assertThat(Files.getLastModifiedTime(link, NOFOLLOW).to(TimeUnit.NANOSECONDS))
                .isEqualTo(1_100_000_000_123_456_789L);
    }

    @Test
    void identityAndStatfsOfRoot() throws Exception {
        Path created = Files.createFile(tmp.resolve("mine"));
        assertThat(LibC.geteuid()).isEqualTo(Files.getAttribute(created, "unix:uid"));
        assertThat(LibC.getuid()).isEqualTo(LibC.geteuid());

        LibC.StatFs root = LibC.statfs(Path.of("/"));
        assertThat(root.blocks()).isPositive();
        assertThat(root.blocksAvailable()).isLessThanOrEqualTo(root.blocksFree());
        assertThatThrownBy(() -> LibC.statfs(tmp.resolve("none")))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }
}

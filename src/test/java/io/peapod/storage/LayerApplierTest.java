package io.peapod.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.sys.LibC;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Applies GNU-tar-made layers and checks everything a container image depends on survives. */
class LayerApplierTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** A valid VFS_CAP_REVISION_2 security.capability: effective, permitted = setgid|setuid (0xc0). */
    static final byte[] CAPABILITY = {
            0x01, 0x00, 0x00, 0x02, (byte) 0xc0, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    static final byte[] USER_FOO = {'b', (byte) 0xff, 0x00, (byte) 0x80, 'r'};

    private Path work;
    private Path src;

    @BeforeEach
    void setUp() throws Exception {
        work = TarFixtures.tempDir("peapod-applier-");
        src = Files.createDirectory(work.resolve("src"));
    }

    @AfterEach
    void tearDown() throws Exception {
        TarFixtures.deleteTree(work);
    }

    private static final long T_FILE = 1_600_000_000L;
    private static final long T_DIR = 1_500_000_000L;

    /** Builds a source tree with every kind of entry, returns its posix tar. */
    private Path buildRichTar() throws Exception {
        Path dir = Files.createDirectory(src.resolve("dir"));
        Path file = Files.writeString(dir.resolve("file.txt"), "hello layer\n");
        Files.createLink(dir.resolve("hard"), file);
        Files.createSymbolicLink(dir.resolve("sym"), Path.of("../nowhere/target"));
        Files.createSymbolicLink(dir.resolve("abs"), Path.of("/etc/passwd"));
        LibC.mknod(src.resolve("null"), LibC.S_IFCHR | 0666, 1, 3);
        LibC.mknod(src.resolve("fifo"), LibC.S_IFIFO | 0640, 0, 0);
        LibC.chmod(src.resolve("null"), 0666);  // mknod is subject to the umask
        Path suid = Files.write(src.resolve("suid"), new byte[] {1, 2, 3});
        Path sgid = Files.createDirectory(src.resolve("sgid"));
        Path sticky = Files.createDirectory(src.resolve("sticky"));
        Path owned = Files.writeString(src.resolve("owned"), "mine");
        Path cap = Files.write(src.resolve("cap"), new byte[] {(byte) 0x7f, 'E', 'L', 'F'});
        LibC.lchown(owned, 1234, 1234);
        LibC.lchown(suid, 1234, 1234);
        LibC.lchown(dir.resolve("sym"), 1234, 1234);
        LibC.chmod(suid, 04755);
        LibC.chmod(sgid, 02755);
        LibC.chmod(sticky, 01777);
        LibC.lsetxattr(cap, "security.capability", CAPABILITY);
        LibC.lsetxattr(cap, "user.foo", USER_FOO);
        LibC.lutimes(file, T_FILE, 123_456_789, T_FILE, 123_456_789);
        LibC.lutimes(cap, T_FILE + 5, 500, T_FILE + 5, 500);
        LibC.lutimes(dir.resolve("sym"), T_FILE + 7, 0, T_FILE + 7, 0);
        LibC.lutimes(dir, T_DIR, 987_654_321, T_DIR, 987_654_321);
        LibC.lutimes(sticky, T_DIR + 1, 0, T_DIR + 1, 0);
        return TarFixtures.tar(src, work.resolve("layer.tar"), "posix");
    }

    private Path apply(Path tar, LayerApplier.Whiteouts mode, String dirName) throws Exception {
        Path root = Files.createDirectory(work.resolve(dirName));
        try (InputStream in = Files.newInputStream(tar)) {
            LayerApplier.apply(in, root, mode, null);
        }
        return root;
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private static Map<String, Object> unix(Path p) throws Exception {
        return Files.readAttributes(p, "unix:*", NOFOLLOW);
    }

    @ParameterizedTest
    @EnumSource(LayerApplier.Whiteouts.class)
    void appliesEveryEntryKindFaithfully(LayerApplier.Whiteouts mode) throws Exception {
        Path root = apply(buildRichTar(), mode, "root");

        // regular file content and hardlink sharing its inode
        assertThat(Files.readString(root.resolve("dir/file.txt"))).isEqualTo("hello layer\n");
        assertThat(unix(root.resolve("dir/hard")).get("ino")).isEqualTo(unix(root.resolve("dir/file.txt")).get("ino"));
        assertThat(unix(root.resolve("dir/file.txt")).get("nlink")).isEqualTo(2);

        // symlinks keep their text and are not followed
        assertThat(Files.isSymbolicLink(root.resolve("dir/sym"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("dir/sym"))).isEqualTo(Path.of("../nowhere/target"));
        assertThat(Files.readSymbolicLink(root.resolve("dir/abs"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(unix(root.resolve("dir/sym")).get("uid")).isEqualTo(1234);

        // device node and fifo
        Map<String, Object> dev = unix(root.resolve("null"));
        assertThat((Integer) dev.get("mode") & 0170000).isEqualTo(LibC.S_IFCHR);
        assertThat((Integer) dev.get("mode") & 07777).isEqualTo(0666);
        assertThat((Long) dev.get("rdev")).isEqualTo((1L << 8) | 3L);
        Map<String, Object> fifo = unix(root.resolve("fifo"));
        assertThat((Integer) fifo.get("mode") & 0170000).isEqualTo(LibC.S_IFIFO);
        assertThat((Integer) fifo.get("mode") & 07777).isEqualTo(0640);

        // ownership and special mode bits (setuid must survive the chown)
        assertThat(unix(root.resolve("owned")).get("uid")).isEqualTo(1234);
        assertThat(unix(root.resolve("owned")).get("gid")).isEqualTo(1234);
        Map<String, Object> suid = unix(root.resolve("suid"));
        assertThat(suid.get("uid")).isEqualTo(1234);
        assertThat((Integer) suid.get("mode") & 07777).isEqualTo(04755);
        assertThat((Integer) unix(root.resolve("sgid")).get("mode") & 07777).isEqualTo(02755);
        assertThat((Integer) unix(root.resolve("sticky")).get("mode") & 07777).isEqualTo(01777);

        // mtimes, to the nanosecond, for files and directories (set after children were created)
        assertThat(nanos(Files.getLastModifiedTime(root.resolve("dir/file.txt"), NOFOLLOW)))
                .isEqualTo(T_FILE * 1_000_000_000L + 123_456_789);
        assertThat(nanos(Files.getLastModifiedTime(root.resolve("cap"), NOFOLLOW)))
                .isEqualTo((T_FILE + 5) * 1_000_000_000L + 500);
        assertThat(nanos(Files.getLastModifiedTime(root.resolve("dir/sym"), NOFOLLOW)))
                .isEqualTo((T_FILE + 7) * 1_000_000_000L);
        assertThat(nanos(Files.getLastModifiedTime(root.resolve("dir"), NOFOLLOW)))
                .isEqualTo(T_DIR * 1_000_000_000L + 987_654_321);
        assertThat(nanos(Files.getLastModifiedTime(root.resolve("sticky"), NOFOLLOW)))
                .isEqualTo((T_DIR + 1) * 1_000_000_000L);

        // xattrs, binary bytes intact
        assertThat(LibC.lgetxattr(root.resolve("cap"), "security.capability")).isEqualTo(CAPABILITY);
        assertThat(LibC.lgetxattr(root.resolve("cap"), "user.foo")).isEqualTo(USER_FOO);
        assertThat(Files.readAllBytes(root.resolve("cap"))).isEqualTo(new byte[] {(byte) 0x7f, 'E', 'L', 'F'});
    }

    @ParameterizedTest
    @EnumSource(LayerApplier.Whiteouts.class)
    void replacesExistingEntriesOfAnotherType(LayerApplier.Whiteouts mode) throws Exception {
        // A later layer may turn a directory into a file and a file into a symlink.
        Files.writeString(src.resolve("was-dir"), "now a file");
        Files.createSymbolicLink(src.resolve("was-file"), Path.of("elsewhere"));
        Path tar = TarFixtures.tar(src, work.resolve("l.tar"), "posix");
        Path root = Files.createDirectory(work.resolve("root"));
        Files.createDirectories(root.resolve("was-dir/child"));
        Files.writeString(root.resolve("was-file"), "old");
        try (InputStream in = Files.newInputStream(tar)) {
            LayerApplier.apply(in, root, mode, null);
        }
        assertThat(Files.readString(root.resolve("was-dir"))).isEqualTo("now a file");
        assertThat(Files.readSymbolicLink(root.resolve("was-file"))).isEqualTo(Path.of("elsewhere"));
    }

    static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}

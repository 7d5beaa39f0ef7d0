package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input fails with podman's "Error: " message, exit 125, and leaves the store untouched. */
class BadInputIT {

    static Peapod peapod;
    static String id;
    static Path good;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        id = peapod.importBusybox();
        good = peapod.dir.resolve("good.tar");
        peapod.ok("save", "-o", good.toString(), "busybox");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    private static void assertError125(Peapod.Result r) {
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).as(r.toString()).startsWith("Error: ");
    }

    private static void assertStoreUnchanged() {
        assertThat(peapod.ok("images", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");
        Peapod.Result check = peapod.run("system", "check");
        assertThat(check.code()).as(check.toString()).isZero();
    }

    @Test
    void loadGarbage() throws IOException {
        byte[] junk = new byte[20000];
        new Random(42).nextBytes(junk);
        Path f = Files.write(peapod.dir.resolve("garbage.tar"), junk);
        assertError125(peapod.run("load", "-i", f.toString()));
        assertStoreUnchanged();
        assertError125(peapod.runWithInput(f, 120, "load"));
        assertStoreUnchanged();
    }

    @Test
    void loadTruncatedArchive() throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(good)) {
            head = in.readNBytes(3000);
        }
        Path f = Files.write(peapod.dir.resolve("truncated.tar"), head);
        assertError125(peapod.run("load", "-i", f.toString()));
        assertStoreUnchanged();
        assertError125(peapod.runWithInput(f, 120, "load"));
        assertStoreUnchanged();
    }

    @Test
    void loadTruncatedArchiveIntoEmptyStore() throws Exception {
        try (Peapod empty = new Peapod()) {
            byte[] head;
            try (InputStream in = Files.newInputStream(good)) {
                head = in.readNBytes(3000);
            }
            Path f = Files.write(empty.dir.resolve("truncated.tar"), head);
            Peapod.Result r = empty.run("load", "-i", f.toString());
            assertError125(r);
            assertThat(empty.ok("images", "-q").out()).isEmpty();
            Peapod.Result check = empty.run("system", "check");
            assertThat(check.code()).as(check.toString()).isZero();
        }
    }

    @Test
    void loadMissingFile() {
        assertError125(peapod.run("load", "-i", peapod.dir.resolve("does-not-exist.tar").toString()));
        assertStoreUnchanged();
    }

    @Test
    void unknownFlag() {
        Peapod.Result r = peapod.run("images", "--bogus");
        assertError125(r);
        assertThat(r.err()).startsWith("Error: unknown flag: --bogus");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommand() {
        Peapod.Result r = peapod.run("nosuchcmd");
        assertError125(r);
    }

    @Test
    void inspectMissingImage() {
        Peapod.Result r = peapod.run("image", "inspect", "nope");
        assertError125(r);
        assertThat(r.err()).startsWith("Error: nope: image not known");
    }

    @Test
    void badTemplate() {
        Peapod.Result r = peapod.run("images", "--format", "{{.ID");
        assertError125(r);
        assertThat(r.err()).startsWith("Error: template: ");
    }
}

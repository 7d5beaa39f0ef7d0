package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tag, untag, rmi. */
class TagRmiIT {

    Peapod peapod;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        peapod = new Peapod();
        id = peapod.importBusybox();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    @Test
    void tagThenRmiTagThenRmiImage() {
        peapod.ok("tag", "busybox", "foo/bar:2");
        assertThat(peapod.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines())
                .containsExactlyInAnyOrder("localhost/busybox:latest", "localhost/foo/bar:2");
        assertThat(peapod.run("image", "exists", "localhost/foo/bar:2").code()).isZero();

        Peapod.Result untag = peapod.ok("rmi", "foo/bar:2");
        assertThat(untag.out()).isEqualTo("Untagged: localhost/foo/bar:2\n");
        assertThat(peapod.ok("images", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(peapod.run("image", "exists", "localhost/foo/bar:2").code()).isEqualTo(1);

        Peapod.Result rmi = peapod.ok("rmi", "busybox");
        assertThat(rmi.out()).isEqualTo("Untagged: localhost/busybox:latest\nDeleted: " + id + "\n");
        assertThat(peapod.ok("images", "-q").out()).isEmpty();
        Peapod.Result check = peapod.run("system", "check");
        assertThat(check.code()).as(check.toString()).isZero();
    }

    @Test
    void untagCommand() {
        peapod.ok("tag", "busybox", "foo/bar:2", "foo/bar:3");
        peapod.ok("untag", "busybox", "localhost/foo/bar:2");
        assertThat(peapod.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines())
                .containsExactlyInAnyOrder("localhost/busybox:latest", "localhost/foo/bar:3");
        assertThat(peapod.ok("images", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");
    }

    @Test
    void rmiMissingImage() {
        Peapod.Result r = peapod.run("rmi", "nosuch");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("nosuch");
    }

    @Test
    void rmiByIdWithSeveralTagsNeedsForce() {
        peapod.ok("tag", "busybox", "foo/bar:2");
        Peapod.Result r = peapod.run("rmi", id.substring(0, 12));
        assertThat(r.code()).as(r.toString()).isNotZero();
        assertThat(r.err()).startsWith("Error: ");
        Peapod.Result f = peapod.ok("rmi", "-f", id.substring(0, 12));
        assertThat(f.out()).contains("Untagged: localhost/foo/bar:2", "Untagged: localhost/busybox:latest", "Deleted: " + id);
        assertThat(peapod.ok("images", "-q").out()).isEmpty();
    }
}

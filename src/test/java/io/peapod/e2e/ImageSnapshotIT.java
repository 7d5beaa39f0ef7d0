package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code image inspect} and {@code image exists} answer from the image snapshot beside the database
 * when there is one: their answers must be the database's after every kind of image change, and
 * without a snapshot (or with one that does not belong to this store) the database answers.
 */
class ImageSnapshotIT {
    Peapod peapod;
    Path snapshot;

    @BeforeEach
    void setUp() throws Exception {
        peapod = new Peapod();
        peapod.importBusybox();
        snapshot = peapod.root.resolve("image-snapshot");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (peapod != null) peapod.close();
    }

    /** What the commands print with the snapshot, then without it (the database), as one string each. */
    private void assertSnapshotAgreesWithDatabase(List<String> names) throws Exception {
        assertThat(snapshot).exists();
        String withSnapshot = answers(names);
        byte[] saved = Files.readAllBytes(snapshot);
        Files.delete(snapshot);
        String fromDatabase = answers(names);
        Files.write(snapshot, saved);
        assertThat(withSnapshot).isEqualTo(fromDatabase);
    }

    private String answers(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String name : names) {
            Peapod.Result inspect = peapod.run("image", "inspect", name);
            Peapod.Result format = peapod.run("image", "inspect", "--format", "{{.Created}} {{.RepoTags}} {{.Size}}", name);
            Peapod.Result exists = peapod.run("image", "exists", name);
            b.append(name).append(":\n").append(inspect).append(format).append(exists);
        }
        return b.toString();
    }

    @Test
    void answersAsTheDatabaseDoesAfterEveryChange() throws Exception {
        List<String> names = List.of("busybox", "localhost/busybox:latest", "other:1", "other:2", "nothing", "busybox:nope");
        assertSnapshotAgreesWithDatabase(names);
        peapod.ok("tag", "busybox", "other:1", "other:2");
        assertSnapshotAgreesWithDatabase(names);
        assertThat(peapod.run("image", "inspect", "--format", "{{.RepoTags}}", "other:2").out())
                .isEqualTo("[localhost/busybox:latest localhost/other:1 localhost/other:2]\n");
        peapod.ok("untag", "busybox", "other:1");
        assertSnapshotAgreesWithDatabase(names);
        assertThat(peapod.run("image", "exists", "other:1").code()).isEqualTo(1);
        peapod.ok("rmi", "busybox");   // one of two names: untagged only
        assertSnapshotAgreesWithDatabase(names);
        assertThat(peapod.run("image", "inspect", "busybox").err()).isEqualTo("Error: busybox: image not known\n");
        peapod.ok("rmi", "other:2");
        assertSnapshotAgreesWithDatabase(names);
        assertThat(peapod.run("image", "inspect", "other:2").err()).isEqualTo("Error: other:2: image not known\n");
    }

    @Test
    void aMissingOrForeignSnapshotLeavesTheDatabaseToAnswer() throws Exception {
        String id = peapod.ok("image", "inspect", "--format", "{{.Id}}", "busybox").out().strip();
        Files.delete(snapshot);   // as after a writer was killed between its change and the new snapshot
        assertThat(peapod.ok("image", "inspect", "--format", "{{.Id}}", "busybox").out().strip()).isEqualTo(id);
        // A snapshot copied from another store (another graph root in its header) is not believed.
        peapod.ok("tag", "busybox", "second");
        String text = Files.readString(snapshot);
        Files.writeString(snapshot, text.replace(peapod.root.toString(), "/elsewhere")
                .replace("localhost/second:latest", "localhost/forged:latest"));
        assertThat(peapod.run("image", "exists", "forged").code()).isEqualTo(1);
        assertThat(peapod.run("image", "exists", "second").code()).isEqualTo(0);
        // Asking for another driver than the store's is the database's error, as without a snapshot.
        peapod.ok("tag", "busybox", "third");
        String other = Files.readString(snapshot).contains(" overlay ") ? "vfs" : "overlay";
        assertThat(peapod.run("--storage-driver", other, "image", "inspect", "busybox").err())
                .contains("does not match our storage graph driver");
    }
}

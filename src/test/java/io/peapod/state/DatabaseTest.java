package io.peapod.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import io.peapod.state.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void opensInWalModeAtTheCurrentSchemaVersion() {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            Object mode = db.read(c -> {
                try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            Object version = db.read(c -> {
                try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(mode).isEqualTo("wal");
            assertThat(version).isEqualTo(Database.schemaVersion());
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            assertThatThrownBy(() -> db.transaction(c -> {
                Metadata.insertLayer(c, new LayerRow("l1", null, "sha256:x", null, -1, 10, 1));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(db.read(Metadata::layers)).isEmpty();
        }
    }

    @Test
    void tagsMoveBetweenImagesAndImagesCascadeTheirNames() {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            db.transaction(c -> {
                Metadata.insertImage(c, new ImageRow("i1", null, "sha256:m", new byte[] {1}, "t", new byte[] {2}, 5, 6,
                        List.of("localhost/a:1")));
                Metadata.insertImage(c, new ImageRow("i2", null, "sha256:n", new byte[] {1}, "t", new byte[] {3}, 5, 7,
                        List.of("localhost/b:1")));
                Metadata.setName(c, "localhost/a:1", "i2", 8);
                return null;
            });
            List<ImageRow> images = db.read(Metadata::images);
            assertThat(images).extracting(ImageRow::names)
                    .containsExactly(List.of(), List.of("localhost/b:1", "localhost/a:1"));
            db.transaction(c -> {
                Metadata.deleteImage(c, "i2");
                return null;
            });
            List<String> left = db.read(c -> Metadata.images(c).getFirst().names());
            assertThat(left).isEmpty();
            int names = db.read(c -> {
                try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM image_names")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(names).isZero();
        }
    }

    @Test
    void refusesADatabaseFromANewerPeapod() throws Exception {
        Path file = dir.resolve("p.db");
        try (Database db = Database.open(file)) {
            db.transaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("PRAGMA user_version = 99");
                }
                return null;
            });
        }
        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StateException.class)
                .hasMessageContaining("newer than this peapod understands");
    }

    @Test
    void aVersion3StoreGainsVolumesAndKeepsItsContainers() throws Exception {
        Path file = dir.resolve("p.db");
        // a store as the previous peapod left it: schema 3 with one container
        try (var c = io.peapod.state.sql.Connection.open(file, 1000); Statement st = c.createStatement()) {
            for (String script : Database.MIGRATIONS.subList(0, 3)) {
                for (String sql : script.split(";\\s*\n")) {
                    if (!sql.isBlank()) {
                        st.executeUpdate(sql);
                    }
                }
            }
            st.executeUpdate("INSERT INTO containers (id, name, image_id, image_name, config, state, created) "
                    + "VALUES ('c1', 'old', 'i', 'img', x'7b7d', 'exited', 1)");
            st.executeUpdate("PRAGMA user_version = 3");
        }
        try (Database db = Database.open(file)) {
            assertThat(Database.schemaVersion()).isEqualTo(7);
            assertThat(db.read(Metadata::containers)).extracting(ContainerRow::name).containsExactly("old");
            // version 7: no restarts counted yet, not stopped by a user
            assertThat(db.read(Metadata::containers).getFirst().restartCount()).isZero();
            assertThat(db.read(Metadata::containers).getFirst().stoppedByUser()).isFalse();
            db.transaction(c -> {
                VolumeRows.insert(c, new VolumeRow("data", "local", java.util.Map.of("a", "b"), java.util.Map.of(), false, true, true, 5));
                VolumeRows.attach(c, "c1", "data", "/data");
                return null;
            });
            List<String> users = db.read(c -> VolumeRows.users(c, "data"));
            assertThat(users).containsExactly("c1");
            // a volume in use cannot be deleted; deleting the container releases it
            assertThatThrownBy(() -> db.transaction(c -> {
                VolumeRows.delete(c, "data");
                return null;
            })).isInstanceOf(StateException.class);
            db.transaction(c -> {
                Metadata.deleteContainer(c, "c1");
                VolumeRows.delete(c, "data");
                return null;
            });
            assertThat(db.read(VolumeRows::all)).isEmpty();
        }
    }
}

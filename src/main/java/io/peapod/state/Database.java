package io.peapod.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.peapod.state.sql.Connection;
import io.peapod.state.sql.SQLException;
import io.peapod.state.sql.Statement;

/**
 * Peapod's metadata database: one SQLite file in the storage root, opened in WAL mode so that
 * readers ({@code images}, {@code inspect}) never wait for a writer and never take a file lock.
 *
 * <p>The schema is versioned: {@link #MIGRATIONS} holds one script per version and opening the
 * database applies the ones it has not seen yet, inside a transaction.
 */
public final class Database implements AutoCloseable {
    /** Script i brings the schema from version i to i+1. Append only; never edit a landed script. */
    static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE layers (
                id                TEXT PRIMARY KEY,   -- chain id (hex): the layer and all below it
                parent            TEXT REFERENCES layers(id),
                diff_id           TEXT NOT NULL,      -- sha256:... of the uncompressed tar
                compressed_digest TEXT,               -- digest of the blob it came from, if any
                compressed_size   INTEGER,
                size              INTEGER NOT NULL,   -- bytes of the uncompressed tar
                created           INTEGER NOT NULL    -- unix nanos
            );
            CREATE INDEX layers_parent ON layers(parent);
            CREATE TABLE images (
                id            TEXT PRIMARY KEY,       -- sha256 hex of the config blob
                top_layer     TEXT REFERENCES layers(id),
                digest        TEXT NOT NULL,          -- sha256:... of the manifest
                manifest      BLOB NOT NULL,
                manifest_type TEXT NOT NULL,
                config        BLOB NOT NULL,
                created       INTEGER NOT NULL,       -- unix nanos, from the config
                added         INTEGER NOT NULL        -- unix nanos, when it entered this store
            );
            CREATE TABLE image_names (
                name     TEXT PRIMARY KEY,            -- fully qualified, e.g. docker.io/library/a:1
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                added    INTEGER NOT NULL
            );
            CREATE INDEX image_names_image ON image_names(image_id);
            CREATE TABLE settings (
                key   TEXT PRIMARY KEY,               -- e.g. "driver": the storage driver the store was made with
                value TEXT NOT NULL
            );
            """, """
            CREATE TABLE container_layers (
                container_id TEXT PRIMARY KEY,        -- the container this read-write layer belongs to
                image_id     TEXT NOT NULL REFERENCES images(id),
                top_layer    TEXT REFERENCES layers(id),  -- the image layer it sits on (null: empty image)
                created      INTEGER NOT NULL         -- unix nanos
            );
            CREATE INDEX container_layers_image ON container_layers(image_id);
            """, """
            CREATE TABLE containers (
                id          TEXT PRIMARY KEY,         -- 64 hex
                name        TEXT NOT NULL UNIQUE,
                image_id    TEXT NOT NULL,
                image_name  TEXT NOT NULL,            -- what the user asked for, as podman shows it
                config      BLOB NOT NULL,            -- the create-time settings (JSON)
                state       TEXT NOT NULL,            -- created, running, exited
                pid         INTEGER NOT NULL DEFAULT 0,
                conmon_pid  INTEGER NOT NULL DEFAULT 0,
                exit_code   INTEGER NOT NULL DEFAULT 0,
                created     INTEGER NOT NULL,         -- unix nanos
                started     INTEGER NOT NULL DEFAULT 0,
                finished    INTEGER NOT NULL DEFAULT 0
            );
            """, """
            CREATE TABLE volumes (
                name          TEXT PRIMARY KEY,       -- the user's name, or 64 hex for a generated one
                driver        TEXT NOT NULL,          -- "local"
                labels        BLOB NOT NULL,          -- JSON object
                options       BLOB NOT NULL,          -- JSON object: the driver's options (type, device, o)
                anonymous     INTEGER NOT NULL,       -- made for one container (-v /dir, image VOLUME)
                needs_copy_up INTEGER NOT NULL,       -- the first container to mount it copies its image's files in
                needs_chown   INTEGER NOT NULL,       -- the first container to mount it gives it its owner
                created       INTEGER NOT NULL        -- unix nanos
            );
            CREATE TABLE container_volumes (
                container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
                volume       TEXT NOT NULL REFERENCES volumes(name),  -- in use: the volume cannot go first
                destination  TEXT NOT NULL,
                PRIMARY KEY (container_id, destination)
            );
            CREATE INDEX container_volumes_volume ON container_volumes(volume);
            """, """
            CREATE TABLE network_addresses (
                network      TEXT NOT NULL,
                address      TEXT NOT NULL,           -- IPv4 or IPv6, no prefix
                container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
                PRIMARY KEY (network, address)
            );
            CREATE INDEX network_addresses_container ON network_addresses(container_id);
            CREATE TABLE network_last_address (   -- podman's IPAM goes on after the last address it gave
                network TEXT NOT NULL,
                subnet  TEXT NOT NULL,
                address TEXT NOT NULL,
                PRIMARY KEY (network, subnet)
            );
            """, """
            CREATE TABLE pods (
                id           TEXT PRIMARY KEY,        -- 64 hex
                name         TEXT NOT NULL UNIQUE,
                created      INTEGER NOT NULL,        -- unix nanos
                infra_id     TEXT NOT NULL,           -- the infra container's id, "" for none (or not made yet)
                shared       TEXT NOT NULL,           -- the shared namespaces, comma-separated (ipc,net,uts)
                exit_policy  TEXT NOT NULL,           -- continue or stop
                hostname     TEXT NOT NULL,           -- --hostname, "" for the pod's name
                labels       BLOB NOT NULL,           -- JSON object
                config       BLOB NOT NULL            -- JSON: create command, infra settings (as pod inspect shows them)
            );
            """, """
            -- restarts by the restart policy since a user last started it (podman's RestartCount)
            ALTER TABLE containers ADD COLUMN restart_count INTEGER NOT NULL DEFAULT 0;
            -- stopped, killed or removed by a command since it last started: its policy must not restart it
            ALTER TABLE containers ADD COLUMN stopped_by_user INTEGER NOT NULL DEFAULT 0;
            """);

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database at {@code file} and brings its schema up to date. */
    public static Database open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Connection c = Connection.open(file, 30000);
            try {
                // WAL: readers never wait for the writer; NORMAL: WAL's commits need no fsync, checkpoints do.
                c.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
                Database db = new Database(c);
                db.migrate();
                return db;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StateException("opening database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The schema version this code writes. */
    public static int schemaVersion() {
        return MIGRATIONS.size();
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version == MIGRATIONS.size()) {
            return;
        }
        if (version > MIGRATIONS.size()) {
            throw new StateException("database schema version " + version
                    + " is newer than this peapod understands (" + MIGRATIONS.size() + ")", null);
        }
        transaction(c -> {
            try (Statement st = c.createStatement()) {
                // Re-read inside the write transaction: a parallel process may have migrated meanwhile.
                int current;
                try (var rs = st.executeQuery("PRAGMA user_version")) {
                    current = rs.next() ? rs.getInt(1) : 0;
                }
                for (int v = current; v < MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v).split(";\\s*\n")) {
                        if (!sql.isBlank()) {
                            st.executeUpdate(sql);
                        }
                    }
                }
                st.executeUpdate("PRAGMA user_version = " + MIGRATIONS.size());
            }
            return null;
        });
    }

    public Connection connection() {
        return connection;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in an immediate (write-locking) transaction, rolling back on any failure. */
    public <T> T transaction(Work<T> work) {
        try {
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run(connection);
                try (Statement st = connection.createStatement()) {
                    st.executeUpdate("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement st = connection.createStatement()) {
                    st.executeUpdate("ROLLBACK");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StateException(e.getMessage(), e);
        }
    }

    /** Runs read-only {@code work} in a deferred transaction: one consistent WAL snapshot, no write lock. */
    public <T> T read(Work<T> work) {
        try {
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("BEGIN DEFERRED");
            }
            try {
                return work.run(connection);
            } finally {
                try (Statement st = connection.createStatement()) {
                    st.executeUpdate("COMMIT");
                }
            }
        } catch (SQLException e) {
            throw new StateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StateException(e.getMessage(), e);
        }
    }
}

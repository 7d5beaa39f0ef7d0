package io.peapod.state.sql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One open SQLite database, in the shape of the part of JDBC the state layer uses (prepared statements,
 * plain statements, result sets read by column number), over libpeapod's binding of Debian's libsqlite3.
 * There is no auto-commit switch: a statement outside {@code BEGIN … COMMIT} is its own transaction, as in
 * SQLite itself. SQLite is built serialized here, so a connection may pass between threads.
 */
public final class Connection implements AutoCloseable {
    private final long db;
    private boolean closed;

    private Connection(long db) {
        this.db = db;
    }

    /** Opens {@code file}, creating it if needed; a locked database is retried for {@code busyTimeoutMillis}. */
    public static Connection open(Path file, int busyTimeoutMillis) throws SQLException {
        Sqlite.requireLoaded();
        byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withNul = java.util.Arrays.copyOf(name, name.length + 1);
        int[] rc = new int[1];
        long db = Sqlite.open0(withNul, rc);
        if (rc[0] != Sqlite.OK) {
            SQLException e = new SQLException("opening " + file + ": " + message(db), rc[0]);
            Sqlite.close0(db);
            throw e;
        }
        Connection c = new Connection(db);
        c.check(Sqlite.busyTimeout0(db, busyTimeoutMillis));
        return c;
    }

    public PreparedStatement prepareStatement(String sql) throws SQLException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        long stmt = prepare(text, 0, new int[1]);
        if (stmt == 0) {
            throw new SQLException("not a statement: " + sql, 21);
        }
        return new PreparedStatement(this, stmt);
    }

    /** A statement for SQL without parameters (JDBC's {@code createStatement}). */
    public Statement createStatement() {
        return new Statement(this);
    }

    /** Runs every statement of {@code script} in turn, discarding any rows. */
    public void execute(String script) throws SQLException {
        byte[] text = script.getBytes(StandardCharsets.UTF_8);
        int[] rest = new int[1];
        for (int offset = 0; offset < text.length; offset = rest[0]) {
            long stmt = prepare(text, offset, rest);
            if (stmt == 0) {
                break;   // only white space or comments were left
            }
            try (PreparedStatement ps = new PreparedStatement(this, stmt)) {
                ps.execute();
            }
        }
    }

    private long prepare(byte[] text, int offset, int[] rest) throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed", 21);
        }
        int[] rc = new int[1];
        long stmt = Sqlite.prepare0(db, text, offset, rc, rest);
        check(rc[0]);
        return stmt;
    }

    /** Rows the last INSERT, UPDATE or DELETE changed. */
    int changes() {
        return Sqlite.changes0(db);
    }

    /** Throws SQLite's own words for a failed result code. */
    void check(int rc) throws SQLException {
        if (rc != Sqlite.OK && rc != Sqlite.ROW && rc != Sqlite.DONE) {
            throw new SQLException(message(db), rc);
        }
    }

    private static String message(long db) {
        return new String(Sqlite.errmsg0(db), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            check(Sqlite.close0(db));
        }
    }
}

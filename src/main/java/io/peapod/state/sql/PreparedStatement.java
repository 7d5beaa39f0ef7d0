package io.peapod.state.sql;

import java.nio.charset.StandardCharsets;

/**
 * A prepared statement: parameters are numbered from 1 and keep their values between executions, as in
 * JDBC; a null string or byte array binds SQL NULL.
 */
public final class PreparedStatement implements AutoCloseable {
    private final Connection connection;
    private long stmt;
    /** Stepped since the last reset: SQLite refuses new bindings until it is reset. */
    private boolean active;

    PreparedStatement(Connection connection, long stmt) {
        this.connection = connection;
        this.stmt = stmt;
    }

    public void setString(int index, String value) throws SQLException {
        bind(index, value == null ? null : value.getBytes(StandardCharsets.UTF_8), true);
    }

    public void setBytes(int index, byte[] value) throws SQLException {
        bind(index, value, false);
    }

    public void setLong(int index, long value) throws SQLException {
        idle();
        connection.check(Sqlite.bindLong0(handle(), index, value));
    }

    public void setInt(int index, int value) throws SQLException {
        setLong(index, value);
    }

    private void bind(int index, byte[] bytes, boolean asText) throws SQLException {
        idle();
        connection.check(Sqlite.bindBytes0(handle(), index, bytes, asText));
    }

    /** Runs the statement to its end; the rows an INSERT, UPDATE or DELETE changed. */
    public int executeUpdate() throws SQLException {
        execute();
        return connection.changes();
    }

    /** Runs the statement to its end, discarding rows. */
    void execute() throws SQLException {
        idle();
        active = true;
        int rc;
        do {
            rc = Sqlite.step0(handle());
        } while (rc == Sqlite.ROW);
        connection.check(rc);
    }

    /** The statement's rows, stepped as {@link ResultSet#next} asks for them. */
    public ResultSet executeQuery() throws SQLException {
        idle();
        return new ResultSet(this, false);
    }

    /** One step: true when it gave a row. */
    boolean step() throws SQLException {
        active = true;
        int rc = Sqlite.step0(handle());
        connection.check(rc);
        return rc == Sqlite.ROW;
    }

    long handle() throws SQLException {
        if (stmt == 0) {
            throw new SQLException("the statement is closed", 21);
        }
        return stmt;
    }

    /** Resets a stepped statement (keeping its bindings) so it can be bound or run again. */
    void idle() throws SQLException {
        if (active) {
            active = false;
            Sqlite.reset0(handle());   // its code repeats the last step's error, already reported
        }
    }

    @Override
    public void close() {
        if (stmt != 0) {
            Sqlite.finalize0(stmt);
            stmt = 0;
        }
    }
}

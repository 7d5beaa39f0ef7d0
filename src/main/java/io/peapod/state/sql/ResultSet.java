package io.peapod.state.sql;

import java.nio.charset.StandardCharsets;

/**
 * The rows of a query, read as JDBC reads them: {@link #next} moves to the next row and columns are numbered
 * from 1; SQL NULL reads as null, or 0 for numbers.
 */
public final class ResultSet implements AutoCloseable {
    private final PreparedStatement statement;
    /** Made for a plain {@link Statement}'s query: closing the rows finalizes it. */
    private final boolean ownsStatement;
    /** Past the last row: SQLite would start the query again on another step. */
    private boolean done;

    ResultSet(PreparedStatement statement, boolean ownsStatement) {
        this.statement = statement;
        this.ownsStatement = ownsStatement;
    }

    public boolean next() throws SQLException {
        if (done) {
            return false;
        }
        done = !statement.step();
        return !done;
    }

    public String getString(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public byte[] getBytes(int column) throws SQLException {
        return Sqlite.columnBytes0(statement.handle(), column - 1);
    }

    public long getLong(int column) throws SQLException {
        return Sqlite.columnLong0(statement.handle(), column - 1);
    }

    public int getInt(int column) throws SQLException {
        return (int) getLong(column);
    }

    @Override
    public void close() throws SQLException {
        if (ownsStatement) {
            statement.close();
        } else {
            statement.idle();
        }
    }
}

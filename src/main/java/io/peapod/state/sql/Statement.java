package io.peapod.state.sql;

import java.util.ArrayList;
import java.util.List;

/** SQL without parameters, JDBC's plain statement: each call prepares, runs and finalizes its text. */
public final class Statement implements AutoCloseable {
    private final Connection connection;
    private final List<PreparedStatement> open = new ArrayList<>();

    Statement(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code sql}, one statement; the rows it changed. */
    public int executeUpdate(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            return ps.executeUpdate();
        }
    }

    /** Runs the query {@code sql}; its statement is finalized when the rows or this statement close. */
    public ResultSet executeQuery(String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        open.add(ps);
        return new ResultSet(ps, true);
    }

    @Override
    public void close() {
        open.forEach(PreparedStatement::close);
        open.clear();
    }
}

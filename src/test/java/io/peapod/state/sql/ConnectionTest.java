package io.peapod.state.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** libpeapod's SQLite binding against a real database file. */
class ConnectionTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        Connection c = Connection.open(dir.resolve("t.db"), 200);
        c.execute("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, n INTEGER, b BLOB)");
        return c;
    }

    @Test
    void textAndBlobsComeBackByteForByte() throws Exception {
        String text = "naïve 🐳 \u0000 nul";   // a character outside the BMP and a NUL: JNI's modified UTF-8 differs
        byte[] blob = {0, 1, (byte) 0xff, 0};
        try (Connection c = open()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, n, b) VALUES (?, ?, ?)")) {
                ps.setString(1, text);
                ps.setLong(2, Long.MAX_VALUE);
                ps.setBytes(3, blob);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT k, n, b, length(k) FROM t");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(text);
                assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
                assertThat(rs.getBytes(3)).containsExactly(blob);
                assertThat(rs.getInt(4)).isEqualTo(text.codePointCount(0, text.indexOf('\u0000')));
                assertThat(rs.next()).isFalse();
                assertThat(rs.next()).as("no new round of the query after its end").isFalse();
            }
        }
        assertThat(Files.size(dir.resolve("t.db"))).isPositive();
    }

    @Test
    void nullsAndEmptyValuesStayApart() throws Exception {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, n, b) VALUES (?, ?, ?)")) {
            ps.setString(1, "");
            ps.setString(2, null);
            ps.setBytes(3, new byte[0]);
            ps.executeUpdate();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT k, n, b, typeof(k), typeof(n), typeof(b) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEmpty();
                assertThat(rs.getString(2)).isNull();
                assertThat(rs.getLong(2)).isZero();
                assertThat(rs.getBytes(3)).isEmpty();
                assertThat(List.of(rs.getString(4), rs.getString(5), rs.getString(6)))
                        .containsExactly("text", "null", "blob");
            }
        }
    }

    @Test
    void aStatementRunsAgainWithNewParametersAndKeepsTheOthers() throws Exception {
        try (Connection c = open()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, n) VALUES (?, ?)")) {
                ps.setLong(2, 7);
                for (String k : List.of("a", "b", "c")) {
                    ps.setString(1, k);
                    ps.executeUpdate();
                }
            }
            List<String> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT k || n FROM t WHERE k > ? ORDER BY k")) {
                for (String after : List.of("a", "b")) {
                    ps.setString(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getString(1));
                        }
                    }
                }
            }
            assertThat(rows).containsExactly("b7", "c7", "c7");
            try (Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE t SET n = 8 WHERE k <> 'a'")).isEqualTo(2);
            }
        }
    }

    @Test
    void failuresCarrySqlitesWordsAndCodeAndLeaveTheConnectionUsable() throws Exception {
        try (Connection c = open()) {
            c.execute("INSERT INTO t (k) VALUES ('x')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                ps.setString(1, "x");
                assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessage("UNIQUE constraint failed: t.k")
                        .satisfies(e -> assertThat(((SQLException) e).code()).isEqualTo(1555));   // SQLITE_CONSTRAINT_PRIMARYKEY
                ps.setString(1, "y");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThatThrownBy(() -> c.prepareStatement("SELEC 1")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("syntax error");
        }
    }

    @Test
    void aWriterWaitsForTheLockThenGivesUp() throws Exception {
        try (Connection first = open(); Connection second = open()) {
            first.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> second.execute("BEGIN IMMEDIATE")).isInstanceOf(SQLException.class)
                    .hasMessage("database is locked");
            assertThat((System.nanoTime() - start) / 1_000_000).as("waited for the busy timeout").isGreaterThanOrEqualTo(150);
            first.execute("COMMIT");
            second.execute("BEGIN IMMEDIATE; INSERT INTO t (k) VALUES ('z'); COMMIT");
            try (Statement st = first.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aClosedConnectionRefusesWork() throws Exception {
        Connection c = open();
        c.close();
        assertThatThrownBy(() -> c.prepareStatement("SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessage("the database is closed");
    }

    @Test
    void aFileThatCannotBeOpenedIsAnError() {
        Path inMissingDir = dir.resolve("no/such/dir/t.db");
        assertThatThrownBy(() -> Connection.open(inMissingDir, 100)).isInstanceOf(SQLException.class)
                .hasMessageStartingWith("opening " + inMissingDir + ": unable to open database file");
    }
}

package io.peapod.state.sql;

import java.nio.file.Path;

/**
 * The natives of libpeapod's SQLite binding ({@code src/main/c/peapod_sqlite.c}, linked against Debian's
 * libsqlite3): handles are C pointers, results are SQLite's result codes. Only this package calls them;
 * {@link Connection} and its statements give them JDBC's shape.
 */
final class Sqlite {
    private Sqlite() {}

    static final int OK = 0, ROW = 100, DONE = 101;

    /** Why libpeapod could not be loaded; null once it is. */
    private static final String PROBLEM = load();

    private static String load() {
        // sys.Jni loads the same library (its system calls); the JVM loads a path once whoever asks first.
        String dir = System.getProperty("peapod.native.dir");
        Path library = Path.of(dir == null ? "target/native" : dir, "libpeapod.so");
        try {
            System.load(library.toAbsolutePath().toString());
            return null;
        } catch (UnsatisfiedLinkError e) {
            return "loading " + library + " (built by mvn package): " + e.getMessage();
        }
    }

    static void requireLoaded() throws SQLException {
        if (PROBLEM != null) {
            throw new SQLException(PROBLEM, -1);
        }
    }

    static native long open0(byte[] pathWithNul, int[] rc);

    static native int close0(long db);

    static native int busyTimeout0(long db, int millis);

    static native byte[] errmsg0(long db);

    static native long prepare0(long db, byte[] sql, int offset, int[] rc, int[] rest);

    static native int finalize0(long stmt);

    static native int reset0(long stmt);

    static native int bindBytes0(long stmt, int index, byte[] bytes, boolean asText);

    static native int bindLong0(long stmt, int index, long value);

    static native int step0(long stmt);

    static native int changes0(long db);

    static native long columnLong0(long stmt, int column);

    static native byte[] columnBytes0(long stmt, int column);
}

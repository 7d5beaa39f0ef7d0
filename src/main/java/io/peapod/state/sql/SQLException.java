package io.peapod.state.sql;

/** A failed SQLite call: SQLite's own message and its (extended) result code. */
public final class SQLException extends Exception {
    private final int code;

    public SQLException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** SQLite's extended result code (e.g. 2067 for a UNIQUE constraint, 1555 for a primary key); -1 when SQLite was not reached. */
    public int code() {
        return code;
    }
}

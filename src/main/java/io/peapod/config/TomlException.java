package io.peapod.config;

/** A TOML document that Peapod cannot parse; the message names the line, counted from 1. */
public final class TomlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    public TomlException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** Wraps an error found in a file, so the message says which file. */
    public TomlException(String source, TomlException cause) {
        super(source + ": " + cause.getMessage(), cause);
        this.line = cause.line;
    }

    /** The 1-based line of the error. */
    public int line() {
        return line;
    }
}

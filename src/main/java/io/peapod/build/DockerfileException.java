package io.peapod.build;

/**
 * A Containerfile that cannot be built, with where it was found. {@link #getMessage()} is podman 4.3.1's
 * wording (what follows {@code Error: }); {@link #file()} and {@link #line()} say where, for callers that
 * want to point at it (podman itself names the line nowhere).
 */
public final class DockerfileException extends Exception {
    /** How podman frames the reason. */
    public enum Kind {
        /** Found by its parser: {@code parsing main Dockerfile: FILE: reason}. */
        PARSE,
        /** Found when the step is run: {@code building at STEP "STEP": reason}. */
        STEP,
        /** Reported bare: {@code reason}. */
        PLAIN
    }

    private final Kind kind;
    private final String file;
    private final int line;
    private final String step;
    private final String reason;

    public DockerfileException(Kind kind, String file, int line, String step, String reason) {
        super(switch (kind) {
            case PARSE -> "parsing main Dockerfile: " + file + ": " + reason;
            case STEP -> "building at STEP \"" + step + "\": " + reason;
            case PLAIN -> reason;
        });
        this.kind = kind;
        this.file = file;
        this.line = line;
        this.step = step;
        this.reason = reason;
    }

    static DockerfileException parse(Source at, String reason) {
        return new DockerfileException(Kind.PARSE, at.file(), at.line(), at.text(), reason);
    }

    static DockerfileException step(Source at, String reason) {
        return new DockerfileException(Kind.STEP, at.file(), at.line(), at.text(), reason);
    }

    static DockerfileException plain(Source at, String reason) {
        return new DockerfileException(Kind.PLAIN, at.file(), at.line(), at.text(), reason);
    }

    public Kind kind() {
        return kind;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the instruction's start, 0 when the file as a whole is at fault. */
    public int line() {
        return line;
    }

    /** The instruction as written (continuations joined), or null. */
    public String step() {
        return step;
    }

    /** The reason without podman's framing. */
    public String reason() {
        return reason;
    }

    /** {@code FILE:LINE: reason}, for logs and tests. */
    public String located() {
        return file + ":" + line + ": " + reason;
    }
}

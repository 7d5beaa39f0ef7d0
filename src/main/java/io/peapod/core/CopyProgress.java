package io.peapod.core;

import java.io.PrintStream;

/**
 * The lines podman (containers/image) prints while copying an image, on stderr. On a terminal podman
 * draws progress bars that end as {@code Copying blob 0123456789ab done}; elsewhere it prints one
 * {@code Copying blob sha256:<full digest>} line per blob as the copy starts. Peapod prints the
 * final terminal form without the bars. Quiet prints nothing.
 */
final class CopyProgress {
    private final PrintStream out;
    private final PrintStream warnings;
    private final boolean terminal;

    private CopyProgress(PrintStream out, PrintStream warnings, boolean terminal) {
        this.out = out;
        this.warnings = warnings;
        this.terminal = terminal;
    }

    static CopyProgress to(PrintStream out, boolean quiet, boolean terminal) {
        return new CopyProgress(quiet ? null : out, out, terminal);
    }

    /** A warning, as logrus prints it: also with {@code -q}. */
    synchronized void warn(String message) {
        if (warnings != null) {
            warnings.println("WARNING: " + message);
            warnings.flush();
        }
    }

    /** A line of its own, e.g. pull's {@code Trying to pull NAME...}; not with {@code -q}. */
    void note(String line) {
        line(line);
    }

    /** A warning as logrus writes it to a pipe ({@code time="..." level=warning msg="..."}), also with {@code -q}. */
    synchronized void logrusWarning(String message) {
        if (warnings != null) {
            warnings.println("time=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\" level=warning msg=\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            warnings.flush();
        }
    }

    /** An error logrus logs without failing the command ({@code level=error}), also with {@code -q}. */
    synchronized void logrusError(String message) {
        if (warnings != null) {
            warnings.println("time=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\" level=error msg=\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            warnings.flush();
        }
    }

    void start() {
        line("Getting image source signatures");
    }

    /** A blob is about to be copied (the plain form prints here). */
    synchronized void blobStarting(String digest) {
        if (!terminal) {
            line("Copying blob " + digest);
        }
    }

    synchronized void blobDone(String digest) {
        if (terminal) {
            line("Copying blob " + shortHex(digest, 12) + " done  ");
        }
    }

    synchronized void blobSkipped(String digest) {
        line(terminal ? "Copying blob " + shortHex(digest, 12) + " skipped: already exists  " : "Copying blob " + digest);
    }

    /**
     * A blob the destination already had (or mounted) under {@code reused}: podman's plain form said
     * all there is when the copy started; its terminal form names the blob that was reused.
     */
    synchronized void blobReused(String reused) {
        if (terminal) {
            line("Copying blob " + shortHex(reused, 12) + " skipped: already exists  ");
        }
    }

    void config(String digest) {
        line(terminal ? "Copying config " + shortHex(digest, 10) + " done  " : "Copying config " + digest);
    }

    void finish() {
        line("Writing manifest to image destination");
        line("Storing signatures");
    }

    private static String shortHex(String digest, int n) {
        String hex = io.peapod.storage.Digests.hex(digest);
        return hex.length() > n ? hex.substring(0, n) : hex;
    }

    private synchronized void line(String s) {
        if (out != null) {
            out.println(s);
            out.flush();
        }
    }
}

package io.peapod.core;

import io.peapod.engine.ContainerEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading conmon's k8s-file log ({@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}): all of it, or
 * following it while the container runs, until its exit file appears and the log is drained.
 */
final class LogFollower {
    private LogFollower() {}

    /** Where followed lines go. */
    @FunctionalInterface
    interface Printer {
        void print(ContainerEngine.LogLine line);
    }

    /** Copies the log to {@code out}/{@code err} as it grows; returns the exit code once the container exited. */
    static int follow(Path log, Path exitFile, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        return followFrom(log, 0, exitFile, line -> {
            PrintStream target = line.stream().equals("stderr") ? err : out;
            target.print(line.text());
            target.flush();
        });
    }

    /** Prints the lines written after {@code offset} until the exit file appears and the log is drained. */
    static int followFrom(Path log, long offset, Path exitFile, Printer printer) throws IOException, InterruptedException {
        StringBuilder pending = new StringBuilder();
        // Short polls at first: most foreground commands are over within a fraction of a second, and
        // each poll is two stat calls. Then the usual 10 ms.
        for (int polls = 0; ; polls++) {
            boolean exited = Files.exists(exitFile);
            offset = copyNew(log, offset, pending, printer);
            if (exited) {
                copyNew(log, offset, pending, printer);
                String code = Files.readString(exitFile).strip();
                return code.isEmpty() ? -1 : Integer.parseInt(code);
            }
            Thread.sleep(polls < 250 ? 2 : 10);
        }
    }

    /** Prints the complete lines written since {@code offset}; returns the new offset. */
    private static long copyNew(Path log, long offset, StringBuilder pending, Printer printer) throws IOException {
        if (!Files.exists(log)) {
            return offset;
        }
        long length;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            length = f.length();
            if (length < offset) {
                offset = 0;   // conmon replaced the log on reaching --log-opt max-size: read the new one
            }
            if (length <= offset) {
                return offset;
            }
            byte[] buf = new byte[(int) (length - offset)];
            f.seek(offset);
            f.readFully(buf);
            pending.append(new String(buf, StandardCharsets.UTF_8));
        }
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            ContainerEngine.LogLine line = parse(pending.substring(0, nl));
            pending.delete(0, nl + 1);
            if (line != null) {
                printer.print(line);
            }
        }
        return length;
    }

    /** Every line of the log; a full line's text ends with a newline, a partial one does not. */
    static List<ContainerEngine.LogLine> read(Path log) {
        List<ContainerEngine.LogLine> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        try {
            for (String raw : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                ContainerEngine.LogLine line = parse(raw);
                if (line != null) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The complete lines of the log as it is now, and the offset just after them, where following goes on. */
    record Snapshot(List<ContainerEngine.LogLine> lines, long offset) {}

    /**
     * Reads the log once for {@code logs -f}: the lines printed first and the offset to follow from
     * come from the same read, so a line written meanwhile is printed exactly once.
     */
    static Snapshot snapshot(Path log) {
        List<ContainerEngine.LogLine> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return new Snapshot(out, 0);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int end = data.length;
        while (end > 0 && data[end - 1] != '\n') {
            end--;   // a line still being written is left for the follower
        }
        for (String raw : new String(data, 0, end, StandardCharsets.UTF_8).split("\n")) {
            ContainerEngine.LogLine line = parse(raw);
            if (line != null) {
                out.add(line);
            }
        }
        return new Snapshot(out, end);
    }

    private static ContainerEngine.LogLine parse(String raw) {
        int s1 = raw.indexOf(' ');
        int s2 = s1 < 0 ? -1 : raw.indexOf(' ', s1 + 1);
        int s3 = s2 < 0 ? -1 : raw.indexOf(' ', s2 + 1);
        if (s3 < 0) {
            return null;
        }
        String stream = raw.substring(s1 + 1, s2);
        boolean partial = raw.substring(s2 + 1, s3).equals("P");
        String text = raw.substring(s3 + 1) + (partial ? "" : "\n");
        long nanos = io.peapod.core.Times.parseNanos(raw.substring(0, s1));
        return new ContainerEngine.LogLine(stream, text, nanos);
    }
}

package io.peapod.core.conmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the k8s-file logs conmon writes: one record per line,
 * {@code 2026-11-23T13:03:17.123456789+00:00 stdout F text}, where F ends a line and P marks a piece
 * of a longer one (conmon splits at its buffer size, and at the end of output without a newline).
 * Pieces are joined per stream, since stdout and stderr pieces may interleave.
 */
public final class K8sFileLog {
    private K8sFileLog() {}

    public enum Stream {
        STDOUT, STDERR;

        static Stream parse(String s) {
            return switch (s) {
                case "stdout" -> STDOUT;
                case "stderr" -> STDERR;
                default -> throw new IllegalArgumentException("unknown stream " + s);
            };
        }
    }

    /**
     * One logical line, without its newline. {@code timestamp} is that of its first piece;
     * {@code partial} is true only for a trailing piece whose line has not been finished (yet).
     */
    public record Line(OffsetDateTime timestamp, Stream stream, String text, boolean partial) {}

    /** All lines of the log; an absent file (nothing logged yet) has none. */
    public static List<Line> read(Path file) {
        try {
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConmonException("reading log " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Line> parse(String content) {
        List<Line> out = new ArrayList<>();
        Map<Stream, Line> pending = new EnumMap<>(Stream.class);
        for (String raw : content.split("\n", -1)) {
            if (raw.isEmpty()) continue;
            Piece r = Piece.parse(raw);
            Line started = pending.remove(r.stream);
            OffsetDateTime ts = started == null ? r.timestamp : started.timestamp();
            String text = started == null ? r.text : started.text() + r.text;
            if (r.full) out.add(new Line(ts, r.stream, text, false));
            else pending.put(r.stream, new Line(ts, r.stream, text, true));
        }
        // Unfinished lines last: the writer may still complete them.
        out.addAll(pending.values());
        return out;
    }

    /** One physical record of the file. */
    private record Piece(OffsetDateTime timestamp, Stream stream, boolean full, String text) {
        static Piece parse(String raw) {
            // Split only at the first three spaces: the text keeps its own spaces.
            int a = raw.indexOf(' '), b = a < 0 ? -1 : raw.indexOf(' ', a + 1);
            int c = b < 0 ? -1 : raw.indexOf(' ', b + 1);
            String tag = c < 0 ? (b < 0 ? "" : raw.substring(b + 1)) : raw.substring(b + 1, c);
            if (b < 0 || !(tag.equals("F") || tag.equals("P"))) {
                throw new ConmonException("malformed k8s-file log line: " + raw);
            }
            try {
                return new Piece(OffsetDateTime.parse(raw.substring(0, a)), Stream.parse(raw.substring(a + 1, b)),
                        tag.equals("F"), c < 0 ? "" : raw.substring(c + 1));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new ConmonException("malformed k8s-file log line: " + raw, e);
            }
        }
    }
}

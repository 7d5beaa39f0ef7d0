package io.peapod.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Time stamps as image configs carry them (RFC 3339) and as Go prints them. */
final class Times {
    private Times() {}

    /** Unix nanos of an RFC 3339 time stamp, or 0 when absent or unreadable. */
    static long parseNanos(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return 0;
        }
        try {
            Instant t = OffsetDateTime.parse(rfc3339).toInstant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}

package io.peapod.network;

import io.peapod.engine.EngineException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code until=} filter value as podman's ComputeUntilTimestamp reads it: a Go duration before
 * {@code now} ("24h", "1h30m"), Unix seconds, or an RFC 3339 time, date-time or date (local time).
 */
final class Until {
    private Until() {}

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    static Instant parse(String value, Instant now) {
        Long nanos = duration(value);
        if (nanos != null) return now.minusNanos(nanos);
        if (value.matches("\\d+(\\.\\d{1,9})?")) {
            BigDecimal s = new BigDecimal(value);
            return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new EngineException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    /** Go's time.ParseDuration for non-negative values, in nanoseconds; null if it is not one. */
    static Long duration(String s) {
        if (s.equals("0")) return 0L;
        Matcher m = DURATION_PART.matcher(s);
        int pos = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (pos < s.length() && m.find(pos) && m.start() == pos) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        return pos == s.length() && pos > 0 ? total.longValue() : null;
    }
}

package io.peapod.core.names;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as podman shows and reads them: go-units' {@code HumanDuration} for the STATUS and CREATED
 * columns of {@code ps}, Go's {@code time.ParseDuration}, and podman's {@code ParseInputTime} for
 * {@code --since}/{@code --until}. All instants are nanoseconds since the Unix epoch.
 */
public final class Durations {
    /** podman's error for a --since/--until value it cannot read (it prefixes {@code parsing --since "X": }). */
    public static final String UNINTERPRETABLE_TIME = "unable to interpret time value";

    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    // The layouts podman tries, folded into one pattern: RFC3339(Nano), the same without a zone,
    // and a bare date with or without a zone. Go's parser reads any fraction after the seconds.
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?)?(Z|[+-]\\d{2}:\\d{2})?");
    // What strconv.ParseFloat takes that can sensibly be a Unix time (no hex, Inf or NaN).
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Durations() {}

    /**
     * The STATUS column of {@code podman ps} (cmd/podman/containers/ps.go {@code Status()}).
     * Running and exited containers use start/finish times truncated to whole seconds, as podman does;
     * every other state is just its title-cased name ("Created", "Paused", "Stopping", ...).
     */
    public static String statusText(String state, long startedNanos, long finishedNanos, int exitCode, long nowNanos) {
        return switch (state) {
            case "running" -> "Up " + humanDuration(nowNanos - wholeSeconds(startedNanos));
            case "exited", "stopped" ->
                "Exited (" + exitCode + ") " + humanDuration(nowNanos - wholeSeconds(finishedNanos)) + " ago";
            default -> state.isEmpty() ? state : state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1);
        };
    }

    /** The CREATED column of {@code podman ps} ("3 minutes ago"); podman uses the full-precision time here. */
    public static String runningFor(long createdNanos, long nowNanos) {
        return humanDuration(nowNanos - createdNanos) + " ago";
    }

    /** go-units {@code HumanDuration}: "Less than a second", "About a minute", "3 hours", "2 weeks"... */
    public static String humanDuration(long nanos) {
        return io.peapod.engine.GoUnits.humanDuration(nanos);
    }

    private static long wholeSeconds(long nanos) {
        return Math.floorDiv(nanos, SECOND) * SECOND;
    }

    /**
     * Go's {@code time.ParseDuration}: "10s", "1h30m", "1.5h", "-300ms", "0". Units ns, us/µs/μs, ms, s, m, h.
     *
     * @throws IllegalArgumentException with Go's wording, e.g. {@code time: missing unit in duration "10"}
     */
    public static long parseDuration(String s) {
        String orig = s;
        String quoted = "\"" + orig + "\"";
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return 0;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("time: invalid duration " + quoted);
        }
        long total = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            // Integer part.
            int start = i;
            long whole = 0;
            while (i < s.length() && isDigit(s.charAt(i))) {
                int digit = s.charAt(i) - '0';
                if (whole > (Long.MAX_VALUE - digit) / 10) {
                    overflow(quoted);
                }
                whole = whole * 10 + digit;
                i++;
            }
            boolean hadWhole = i > start;
            // Fraction: digits beyond what a long can hold are dropped, as Go does.
            long fraction = 0;
            double scale = 1;
            boolean hadFraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflowed = false;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    if (!overflowed && fraction <= (Long.MAX_VALUE - 9) / 10) {
                        fraction = fraction * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    } else {
                        overflowed = true;
                    }
                    i++;
                }
                hadFraction = i > fracStart;
            }
            if (!hadWhole && !hadFraction) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            String unitName = s.substring(unitStart, i);
            if (unitName.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            }
            long unit = unitNanos(unitName);
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit \"" + unitName + "\" in duration " + quoted);
            }
            if (whole > Long.MAX_VALUE / unit) {
                overflow(quoted);
            }
            long value = whole * unit;
            if (fraction > 0) {
                value += (long) (fraction * (unit / scale));
                if (value < 0) {
                    overflow(quoted);
                }
            }
            total += value;
            if (total < 0) {
                overflow(quoted);
            }
        }
        return negative ? -total : total;
    }

    private static long overflow(String quoted) {
        throw new IllegalArgumentException("time: invalid duration " + quoted);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L; // micro sign U+00B5 and Greek mu U+03BC
            case "ms" -> 1_000_000L;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> 0L;
        };
    }

    /** {@link #parseTimestamp(String, long, boolean)} for --since: a duration means that long before now. */
    public static long parseTimestamp(String value, long nowNanos) {
        return parseTimestamp(value, nowNanos, true);
    }

    /**
     * podman's {@code ParseInputTime}: RFC3339 with or without fraction and zone ("2006-01-02T15:04:05",
     * no zone meaning UTC), a date ("2006-01-02", optionally with a zone), Unix seconds with an optional
     * fraction ("1700000000.5"), or a Go duration. A duration counts back from now for --since
     * ({@code since=true}) but forward for --until, which is what podman 4.3 does.
     *
     * @throws IllegalArgumentException {@value #UNINTERPRETABLE_TIME}
     */
    public static long parseTimestamp(String value, long nowNanos, boolean since) {
        Matcher m = TIMESTAMP.matcher(value);
        if (m.matches()) {
            try {
                return toNanos(m);
            } catch (DateTimeException | ArithmeticException outOfRange) {
                throw new IllegalArgumentException(UNINTERPRETABLE_TIME);
            }
        }
        if (DECIMAL.matcher(value).matches()) {
            double unix = Double.parseDouble(value);
            // math.Modf then time.Unix(int, frac*1e9): both parts truncate toward zero.
            long whole = (long) unix;
            long frac = (long) ((unix - whole) * 1e9);
            return whole * SECOND + frac;
        }
        long duration;
        try {
            duration = parseDuration(value);
        } catch (IllegalArgumentException notADuration) {
            throw new IllegalArgumentException(UNINTERPRETABLE_TIME);
        }
        return since ? nowNanos - duration : nowNanos + duration;
    }

    private static long toNanos(Matcher m) {
        LocalDate date = LocalDate.of(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group(4) != null) {
            String fraction = m.group(7) == null ? "" : m.group(7);
            // Go keeps nanosecond precision and ignores any further digits.
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), nanos);
        }
        String zone = m.group(8);
        ZoneOffset offset = zone == null || zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone);
        var instant = ZonedDateTime.of(date, time, offset).toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), SECOND), instant.getNano());
    }
}

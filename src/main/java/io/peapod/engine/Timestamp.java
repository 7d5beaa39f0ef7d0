package io.peapod.engine;

/**
 * A point in time that prints as Go's {@code time.Time} does: {@link #toString()} is Go's
 * {@code String()} ("2026-11-23 13:03:17.675153421 +0000 UTC", what a {@code --format} template
 * shows), {@link #rfc3339Nano()} is its JSON form. Times are shown in UTC.
 *
 * <p>A class rather than a record on purpose: templates print records as Go structs ({@code {...}}),
 * but a time must print through {@link #toString()}, as Go calls a time's String method.
 */
public final class Timestamp {
    private final long nanos;

    /** @param nanos unix time in nanoseconds */
    public Timestamp(long nanos) {
        this.nanos = nanos;
    }

    public long nanos() {
        return nanos;
    }

    public long seconds() {
        return Math.floorDiv(nanos, 1_000_000_000L);
    }

    public int nano() {
        return (int) Math.floorMod(nanos, 1_000_000_000L);
    }

    /** RFC 3339 with fractional seconds, trailing zeros dropped, as Go marshals a time. */
    public String rfc3339Nano() {
        StringBuilder b = date('T');
        fraction(b);
        return b.append('Z').toString();
    }

    @Override
    public String toString() {
        StringBuilder b = date(' ');
        fraction(b);
        return b.append(" +0000 UTC").toString();
    }

    private StringBuilder date(char separator) {
        // Civil-from-days (Howard Hinnant's algorithm): no java.time on the hot path of every listing.
        long secs = seconds();
        long days = Math.floorDiv(secs, 86400L);
        long rem = Math.floorMod(secs, 86400L);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        StringBuilder b = new StringBuilder(40);
        pad(b, y, 4).append('-');
        pad(b, m, 2).append('-');
        pad(b, d, 2).append(separator);
        pad(b, rem / 3600, 2).append(':');
        pad(b, rem / 60 % 60, 2).append(':');
        pad(b, rem % 60, 2);
        return b;
    }

    private void fraction(StringBuilder b) {
        int n = nano();
        if (n == 0) {
            return;
        }
        StringBuilder f = new StringBuilder(9);
        pad(f, n, 9);
        int end = 9;
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        b.append('.').append(f, 0, end);
    }

    private static StringBuilder pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}

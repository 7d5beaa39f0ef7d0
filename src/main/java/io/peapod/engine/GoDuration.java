package io.peapod.engine;

/** Go's {@code time.Duration.String()}: "1h2m3.5s", "45.001s", "1.5ms", "0s". */
public final class GoDuration {
    private GoDuration() {}

    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; Go prints it from its unsigned magnitude too.
        long u = negative ? -nanos : nanos;
        StringBuilder b = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            // Under a second: one unit, with a fraction (ns, µs, ms).
            String unit;
            int precision;
            if (u < 1_000L) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "µs";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            b.append(fraction(u, precision)).append(unit);
        } else {
            long secondsPart = u / 1_000_000_000L;
            long frac = u % 1_000_000_000L;
            long hours = secondsPart / 3600;
            long minutes = (secondsPart / 60) % 60;
            long seconds = secondsPart % 60;
            if (hours > 0) {
                b.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                b.append(minutes).append('m');
            }
            b.append(seconds);
            appendFraction(b, frac, 9);
            b.append('s');
        }
        return (negative ? "-" : "") + b;
    }

    /** {@code v} scaled down by 10^digits, trailing zeros of the fraction dropped. */
    private static String fraction(long v, int digits) {
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        StringBuilder b = new StringBuilder().append(v / scale);
        appendFraction(b, v % scale, digits);
        return b.toString();
    }

    private static void appendFraction(StringBuilder b, long frac, int digits) {
        if (frac == 0) {
            return;
        }
        String f = String.format("%0" + digits + "d", frac);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') {
            end--;
        }
        b.append('.').append(f, 0, end);
    }
}

package io.peapod.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import io.peapod.engine.Timestamp;


/** Sizes and durations written the way podman writes them (docker/go-units). */
final class Human {
    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private Human() {}

    /** go-units HumanSizeWithPrecision(size, 3): "1.99 MB", "512 B", "12.3 kB". */
    static String size(double size) {
        int unit = 0;
        while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        return goG3(size) + " " + DECIMAL_UNITS[unit];
    }

    /** Go's %.3g: three significant digits, no trailing zeros, exponent form from 1e+03. */
    static String goG3(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (rounded.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return "1e+03";
        }
        String s = rounded.stripTrailingZeros().toPlainString();
        return s;
    }

    /** go-units HumanDuration of a number of seconds. */
    static String duration(long seconds) {
        return io.peapod.engine.GoUnits.humanDuration(seconds * 1_000_000_000L);
    }

    /** "2 hours ago" for a unix time in seconds. */
    static String ago(long unixSeconds) {
        return duration(System.currentTimeMillis() / 1000 - unixSeconds) + " ago";
    }

    /** Go's time.Time String() for a whole-second time: "2026-11-23 13:03:17 +0000 UTC". */
    static String goTime(long unixSeconds) {
        return new Timestamp(unixSeconds * 1_000_000_000L).toString();
    }

    /** go-units HumanSize (podman's df and tree): four significant digits, no space: "3.975MB", "0B". */
    static String compactSize(double size) {
        return io.peapod.engine.GoUnits.humanSize(size);
    }
}

package io.peapod.engine;

/**
 * docker/go-units' duration wording, which podman's CREATED and STATUS columns use: one copy for the
 * CLI (images) and the engine (containers).
 */
public final class GoUnits {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private GoUnits() {}

    /** go-units {@code HumanDuration}: "Less than a second", "About a minute", "3 hours", "2 weeks"... */
    public static String humanDuration(long nanos) {
        long seconds = nanos / SECOND;
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = nanos / MINUTE;
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        // Hours are rounded (math.Round), unlike the truncated seconds and minutes above.
        long hours = Math.round((double) nanos / HOUR);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return nanos / HOUR / 24 / 365 + " years";
    }

    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    /** go-units {@code HumanSize}: four significant digits, no space: "3.975MB", "100B", "0B". */
    public static String humanSize(double size) {
        return customSize(size, 1000, DECIMAL_UNITS);
    }

    /** go-units {@code BytesSize}: powers of 1024, four significant digits: "360KiB", "23.54GiB". */
    public static String bytesSize(double size) {
        return customSize(size, 1024, BINARY_UNITS);
    }

    private static String customSize(double size, double base, String[] units) {
        int unit = 0;
        while (size >= base && unit < units.length - 1) {
            size /= base;
            unit++;
        }
        if (size == 0) {
            return "0" + units[unit];
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(size)
                .round(new java.math.MathContext(4, java.math.RoundingMode.HALF_EVEN));
        return rounded.stripTrailingZeros().toPlainString() + units[unit];
    }
}

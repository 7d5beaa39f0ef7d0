package io.peapod.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's number parsing as podman's flags use it, with Go's error texts (strconv, go-units). */
final class GoNumbers {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern HUMAN_SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
    private static final Map<Character, Long> DECIMAL = Map.of('k', 1000L, 'm', 1000_000L, 'g', 1000_000_000L,
            't', 1000_000_000_000L, 'p', 1000_000_000_000_000L);

    private GoNumbers() {}

    /** strconv.ParseInt(s, 10, 64). */
    static long parseInt64(String s) {
        return parse("strconv.ParseInt", s);
    }

    /** strconv.Atoi on a 64-bit host, narrowed to what a Java int holds. */
    static int atoi(String s) {
        long v = parse("strconv.Atoi", s);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": value out of range");
        }
        return (int) v;
    }

    /** strconv.ParseUint(s, 10, bits): digits only, at most 2^bits-1 (64 bits: what a long holds). */
    static long parseUint(String s, int bits) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + s + "\": invalid syntax");
        }
        try {
            long v = Long.parseLong(s);
            if (bits < 64 && v >= 1L << bits) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + s + "\": value out of range");
        }
    }

    private static long parse(String function, String s) {
        if (!INTEGER.matcher(s).matches()) {
            throw new IllegalArgumentException(function + ": parsing \"" + s + "\": invalid syntax");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(function + ": parsing \"" + s + "\": value out of range");
        }
    }

    /** go-units FromHumanSize: decimal units, "1m" = 1000000, "100" = 100 bytes. */
    static long fromHumanSize(String s) {
        Matcher m = HUMAN_SIZE.matcher(s);
        if (!m.matches()) {
            throw new io.peapod.engine.EngineException("invalid size: '" + s + "'");
        }
        double size;
        try {
            size = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new io.peapod.engine.EngineException("strconv.ParseFloat: parsing \"" + m.group(1) + "\": invalid syntax");
        }
        if (m.group(3) != null) {
            size *= DECIMAL.get(Character.toLowerCase(m.group(3).charAt(0)));
        }
        return (long) size;
    }

    private static final Map<Character, Long> BINARY = Map.of('k', 1L << 10, 'm', 1L << 20, 'g', 1L << 30,
            't', 1L << 40, 'p', 1L << 50);

    /** go-units RAMInBytes: binary units, "100m" = 104857600, "100" = 100 bytes. */
    static long ramInBytes(String s) {
        Matcher m = HUMAN_SIZE.matcher(s);
        if (!m.matches()) {
            throw new io.peapod.engine.EngineException("invalid size: '" + s + "'");
        }
        double size;
        try {
            size = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new io.peapod.engine.EngineException("strconv.ParseFloat: parsing \"" + m.group(1) + "\": invalid syntax");
        }
        if (m.group(3) != null) {
            size *= BINARY.get(Character.toLowerCase(m.group(3).charAt(0)));
        }
        return (long) size;
    }
}

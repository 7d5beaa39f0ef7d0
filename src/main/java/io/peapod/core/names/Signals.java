package io.peapod.core.names;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signal names and numbers as {@code podman kill -s} accepts them (containers/common's
 * {@code ParseSignalNameOrNumber} plus podman's range check), numbered for Linux x86_64.
 */
public final class Signals {
    /** Highest signal number on Linux (SIGRTMAX). */
    public static final int MAX = 64;
    private static final int RTMIN = 34;

    /** Names without the "SIG" prefix, upper case, as in containers/common's Linux SignalMap. */
    private static final Map<String, Integer> BY_NAME = buildNames();

    private Signals() {}

    private static Map<String, Integer> buildNames() {
        Map<String, Integer> m = new TreeMap<>();
        m.put("HUP", 1);
        m.put("INT", 2);
        m.put("QUIT", 3);
        m.put("ILL", 4);
        m.put("TRAP", 5);
        m.put("ABRT", 6);
        m.put("IOT", 6);
        m.put("BUS", 7);
        m.put("FPE", 8);
        m.put("KILL", 9);
        m.put("USR1", 10);
        m.put("SEGV", 11);
        m.put("USR2", 12);
        m.put("PIPE", 13);
        m.put("ALRM", 14);
        m.put("TERM", 15);
        m.put("STKFLT", 16);
        m.put("CHLD", 17);
        m.put("CLD", 17);
        m.put("CONT", 18);
        m.put("STOP", 19);
        m.put("TSTP", 20);
        m.put("TTIN", 21);
        m.put("TTOU", 22);
        m.put("URG", 23);
        m.put("XCPU", 24);
        m.put("XFSZ", 25);
        m.put("VTALRM", 26);
        m.put("PROF", 27);
        m.put("WINCH", 28);
        m.put("IO", 29);
        m.put("POLL", 29);
        m.put("PWR", 30);
        m.put("SYS", 31);
        // Real-time signals: podman names 34..49 from RTMIN and 50..64 from RTMAX, nothing beyond
        // (so RTMIN+16 and RTMAX-15 are rejected even though they are valid numbers).
        m.put("RTMIN", RTMIN);
        for (int i = 1; i <= 15; i++) {
            m.put("RTMIN+" + i, RTMIN + i);
        }
        for (int i = 1; i <= 14; i++) {
            m.put("RTMAX-" + i, MAX - i);
        }
        m.put("RTMAX", MAX);
        return Map.copyOf(m);
    }

    /**
     * Parses {@code SIGTERM}, {@code TERM}, {@code term}, {@code 15}, {@code -9}, {@code SIGRTMIN+3}.
     * One leading '-' is dropped (as in {@code kill -9}); numbers may carry a '+' sign as Go's Atoi allows.
     *
     * @throws IllegalArgumentException "invalid signal: X" for unknown names and 0, or
     *     "valid signals are 1 through 64" for numbers out of range, both as podman kill prints them
     */
    public static int parse(String raw) {
        String name = raw.startsWith("-") ? raw.substring(1) : raw;
        Long number = parseGoInt(name);
        if (number == null) {
            String upper = name.toUpperCase(Locale.ROOT);
            Integer known = BY_NAME.get(upper.startsWith("SIG") ? upper.substring(3) : upper);
            if (known != null) {
                number = (long) known;
            }
        }
        if (number == null || number == 0L) {
            throw new IllegalArgumentException("invalid signal: " + name);
        }
        if (number < 1 || number > MAX) {
            throw new IllegalArgumentException("valid signals are 1 through " + MAX);
        }
        return number.intValue();
    }

    /** Go's strconv.Atoi (64-bit int): optional sign then ASCII digits only (no spaces), null if not a number. */
    private static Long parseGoInt(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException outOfRange) {
            return null; // Atoi fails too, and the name lookup then reports "invalid signal"
        }
    }
}

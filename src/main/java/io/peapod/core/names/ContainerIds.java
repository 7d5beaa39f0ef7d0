package io.peapod.core.names;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Container IDs in podman's shape: 64 lowercase hex digits, shown as their first 12. */
public final class ContainerIds {
    /** Length of the truncated ID that {@code ps}, {@code create} and friends show. */
    public static final int SHORT_LENGTH = 12;

    private ContainerIds() {}

    /**
     * 32 random bytes as hex. Like podman's {@code stringid.GenerateRandomID}, an ID whose short form
     * is all decimal digits is redrawn: such a short ID could be mistaken for a number (e.g. a PID).
     */
    public static String newId(RandomGenerator rnd) {
        byte[] bytes = new byte[32];
        while (true) {
            rnd.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!allDigits(shortId(id))) {
                return id;
            }
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The first 12 characters; shorter strings are returned unchanged (as Go's TruncateID does). */
    public static String shortId(String id) {
        return id.length() <= SHORT_LENGTH ? id : id.substring(0, SHORT_LENGTH);
    }
}

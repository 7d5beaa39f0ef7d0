package io.peapod.config;

/** Small pieces of Go behaviour that podman's messages depend on. */
public final class GoText {
    private GoText() {}

    /** Go's {@code %q}: double quotes, backslash escapes for quotes, backslashes and control characters. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * distribution/reference's anchored DomainRegexp: {@code host[:port]}, where host is dot-separated
     * components of letters, digits and inner hyphens, or a bracketed IPv6 address.
     */
    static boolean isDomain(String s) {
        int i;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int k = 1; k < close; k++) {
                char c = s.charAt(k);
                if (!(Character.digit(c, 16) >= 0 && c < 0x80 || c == ':')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            i = 0;
            while (true) {
                int start = i;
                while (i < s.length() && (isAlnum(s.charAt(i)) || s.charAt(i) == '-')) {
                    i++;
                }
                if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                if (i == s.length() || s.charAt(i) == ':') {
                    break;
                }
                if (s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        if (i == s.length()) {
            return true;
        }
        if (s.charAt(i) != ':' || i + 1 == s.length()) {
            return false;
        }
        for (int k = i + 1; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

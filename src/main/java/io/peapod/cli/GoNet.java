package io.peapod.cli;

import java.nio.charset.StandardCharsets;

/**
 * Go's net.ParseIP, IP.String and net.ParseMAC as podman 4.3.1 (Go 1.19) applies them to network flags:
 * what they accept decides which flag values are errors, and their output is how podman stores the value.
 * Not InetAddress: it takes forms Go refuses (zones, {@code 1.2.3}, brackets) and prints IPv6 uncompressed.
 */
final class GoNet {
    private static final int BIG = 0xFFFFFF;

    private GoNet() {}

    /** net.ParseIP: 4 or 16 bytes (an IPv4 address as IPv4-mapped IPv6, as Go keeps it), or null. */
    static byte[] parseIp(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') return parseIpv4(s);
            if (c == ':') return parseIpv6(s);
        }
        return null;
    }

    /** The address as IP.String() prints it, or null when {@link #parseIp} refuses it. */
    static String canonicalIp(String s) {
        byte[] ip = parseIp(s);
        return ip == null ? null : ipString(ip);
    }

    private static byte[] parseIpv4(String s) {
        byte[] p = new byte[4];
        int at = 0;
        for (int i = 0; i < 4; i++) {
            if (at == s.length()) return null;   // missing octets
            if (i > 0) {
                if (s.charAt(at) != '.') return null;
                at++;
            }
            int n = 0;
            int start = at;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9' && n < BIG) {
                n = n * 10 + (s.charAt(at) - '0');
                at++;
            }
            if (at == start || n >= BIG || n > 0xFF) return null;
            if (at - start > 1 && s.charAt(start) == '0') return null;   // Go 1.17+: no leading zeros
            p[i] = (byte) n;
        }
        if (at != s.length()) return null;
        byte[] ip = new byte[16];
        ip[10] = (byte) 0xFF;
        ip[11] = (byte) 0xFF;
        System.arraycopy(p, 0, ip, 12, 4);
        return ip;
    }

    private static byte[] parseIpv6(String s) {
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int at = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            at = 2;
            if (at == s.length()) return ip;
        }
        int i = 0;
        while (i < 16) {
            int n = 0;
            int start = at;
            while (at < s.length() && hex(s.charAt(at)) >= 0 && n < BIG) {
                n = n * 16 + hex(s.charAt(at));
                at++;
            }
            if (at == start || n >= BIG || n > 0xFFFF) return null;
            if (at < s.length() && s.charAt(at) == '.') {   // a trailing IPv4 address
                if (ellipsis < 0 && i != 12 || i + 4 > 16) return null;
                byte[] v4 = parseIpv4(s.substring(start));
                if (v4 == null) return null;
                System.arraycopy(v4, 12, ip, i, 4);
                at = s.length();
                i += 4;
                break;
            }
            ip[i] = (byte) (n >> 8);
            ip[i + 1] = (byte) n;
            i += 2;
            if (at == s.length()) break;
            if (s.charAt(at) != ':' || at + 1 == s.length()) return null;
            at++;
            if (s.charAt(at) == ':') {
                if (ellipsis >= 0) return null;   // only one "::"
                ellipsis = i;
                at++;
                if (at == s.length()) break;
            }
        }
        if (at != s.length()) return null;
        if (i < 16) {
            if (ellipsis < 0) return null;
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
        } else if (ellipsis >= 0) {
            return null;   // "::" must stand for at least one group
        }
        return ip;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** IP.String: dotted for IPv4 and IPv4-mapped addresses, else RFC 5952 (longest zero run as "::"). */
    static String ipString(byte[] p) {
        boolean v4 = p.length == 4;
        if (p.length == 16) {
            v4 = p[10] == (byte) 0xFF && p[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && v4; i++) v4 = p[i] == 0;
        }
        if (v4) {
            int o = p.length - 4;
            return (p[o] & 0xFF) + "." + (p[o + 1] & 0xFF) + "." + (p[o + 2] & 0xFF) + "." + (p[o + 3] & 0xFF);
        }
        int e0 = -1;
        int e1 = -1;
        for (int i = 0; i < 16; i += 2) {
            int j = i;
            while (j < 16 && p[j] == 0 && p[j + 1] == 0) j += 2;
            if (j > i && j - i > e1 - e0) {
                e0 = i;
                e1 = j;
                i = j;
            }
        }
        if (e1 - e0 <= 2) {
            e0 = -1;
            e1 = -1;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i == e0) {
                b.append("::");
                i = e1;
                if (i >= 16) break;
            } else if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString((p[i] & 0xFF) << 8 | p[i + 1] & 0xFF));
        }
        return b.toString();
    }

    /** Thrown by {@link #parseMac} with Go's AddrError text. */
    static final class MacException extends Exception {
        private static final long serialVersionUID = 1L;

        MacException(String address) {
            super(address.isEmpty() ? "invalid MAC address" : "address " + address + ": invalid MAC address");
        }
    }

    /**
     * net.ParseMAC: 6, 8 or 20 octets as {@code xx:xx:…}, {@code xx-xx-…} or {@code xxxx.xxxx.…}; returns
     * HardwareAddr.String() (lower-case, colon-separated).
     */
    static String parseMac(String s) throws MacException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);   // Go indexes bytes
        int len = b.length;
        byte[] hw;
        if (len < 14) throw new MacException(s);
        if (b[2] == ':' || b[2] == '-') {
            if ((len + 1) % 3 != 0) throw new MacException(s);
            int n = (len + 1) / 3;
            if (n != 6 && n != 8 && n != 20) throw new MacException(s);
            hw = new byte[n];
            for (int x = 0, i = 0; i < n; i++, x += 3) {
                int v = xtoi2(b, x, b[2]);
                if (v < 0) throw new MacException(s);
                hw[i] = (byte) v;
            }
        } else if (b[4] == '.') {
            if ((len + 1) % 5 != 0) throw new MacException(s);
            int n = 2 * (len + 1) / 5;
            if (n != 6 && n != 8 && n != 20) throw new MacException(s);
            hw = new byte[n];
            for (int x = 0, i = 0; i < n; i += 2, x += 5) {
                int hi = xtoi2(b, x, (byte) 0, x + 2);
                int lo = xtoi2(b, x + 2, b[4]);
                if (hi < 0 || lo < 0) throw new MacException(s);
                hw[i] = (byte) hi;
                hw[i + 1] = (byte) lo;
            }
        } else {
            throw new MacException(s);
        }
        StringBuilder out = new StringBuilder();
        for (byte octet : hw) {
            if (!out.isEmpty()) out.append(':');
            out.append(Character.forDigit((octet >> 4) & 0xF, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return out.toString();
    }

    private static int xtoi2(byte[] b, int x, byte sep) {
        return xtoi2(b, x, sep, b.length);
    }

    /** Go's xtoi2 on b[x:end]: two hex digits, then the separator or the end; -1 when not. */
    private static int xtoi2(byte[] b, int x, byte sep, int end) {
        if (end - x > 2 && b[x + 2] != sep) return -1;
        if (end - x < 2) return -1;
        int hi = hex((char) (b[x] & 0xFF));
        int lo = hex((char) (b[x + 1] & 0xFF));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }
}

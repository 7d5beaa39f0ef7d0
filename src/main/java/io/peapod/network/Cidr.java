package io.peapod.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 subnet: its network address (host bits cleared) and prefix length. */
record Cidr(byte[] network, int prefix) {

    /** Parses "a.b.c.d/n" or "x::/n" as Go's net.ParseCIDR does; the host bits are cleared. */
    static Cidr parse(String s) {
        int slash = s.indexOf('/');
        IllegalArgumentException invalid = new IllegalArgumentException("invalid CIDR address: " + s);
        if (slash < 0) throw invalid;
        byte[] addr = parseIp(s.substring(0, slash));
        String p = s.substring(slash + 1);
        if (addr == null || p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) throw invalid;
        int prefix = Integer.parseInt(p);
        if (prefix > addr.length * 8) throw invalid;
        return new Cidr(mask(addr, prefix), prefix);
    }

    /** A literal IPv4 or IPv6 address (no host names), or null. */
    static byte[] parseIp(String s) {
        if (!s.contains(":")) {
            return parseIpv4(s);
        }
        if (!s.matches("[0-9a-fA-F:.]+")) return null;
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            return b.length == 16 ? b : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Dotted decimal, four parts of one to three digits, none above 255 and none with a leading zero (Go refuses
     * those), or null. By hand: a regex and InetAddress cost a fresh JVM milliseconds on every create.
     */
    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0, value = 0, digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 3 || (digits == 1 && value == 0)) return null;   // four digits, or a leading zero
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    static String format(byte[] addr) {
        if (addr.length == 4) {
            return (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
        }
        try {
            String s = InetAddress.getByAddress(addr).getHostAddress();
            return addr.length == 16 ? compressV6(s) : s;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java writes 1:0:0:0:0:0:0:1; Go writes the longest run of zero groups as "::" (RFC 5952). */
    private static String compressV6(String full) {
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) j++;
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) return full;
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
        return head + "::" + tail;
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bits));
        }
        return out;
    }

    boolean isV6() {
        return network.length == 16;
    }

    boolean contains(byte[] ip) {
        return ip.length == network.length && java.util.Arrays.equals(mask(ip, prefix), network);
    }

    /** Whether either subnet contains the other's network address. */
    boolean overlaps(Cidr other) {
        return other.network.length == network.length && (contains(other.network) || other.contains(network));
    }

    /** The address {@code offset} after the network address. */
    byte[] plus(long offset) {
        BigInteger v = new BigInteger(1, network).add(BigInteger.valueOf(offset));
        return toBytes(v, network.length);
    }

    /** The last address (the broadcast address for IPv4). */
    byte[] last() {
        BigInteger hostBits = BigInteger.ONE.shiftLeft(network.length * 8 - prefix).subtract(BigInteger.ONE);
        return toBytes(new BigInteger(1, network).or(hostBits), network.length);
    }

    /** The next subnet of the same size, or null past the end of the address space. */
    Cidr next() {
        BigInteger v = new BigInteger(1, network).add(BigInteger.ONE.shiftLeft(network.length * 8 - prefix));
        return v.bitLength() > network.length * 8 ? null : new Cidr(toBytes(v, network.length), prefix);
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(len, raw.length);
        System.arraycopy(raw, raw.length - n, out, len - n, n);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}

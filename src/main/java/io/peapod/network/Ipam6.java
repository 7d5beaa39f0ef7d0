package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.state.NetworkAddressRows;

import java.math.BigInteger;
import io.peapod.state.sql.Connection;
import io.peapod.state.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * IPv6 address management, podman's libnetwork rule as {@link Ipam} applies it to IPv4: the next free address
 * after the last one given out in the subnet, wrapping around; never the subnet address (the range starts one
 * after it) nor the gateway. IPv6 has no broadcast address, so the subnet's last address is given too, as
 * podman gives it. Addresses are 128-bit numbers (BigInteger) and are stored as Go prints them
 * ({@code fd00::2}), so the same address always has the same row.
 */
public final class Ipam6 {
    private Ipam6() {}

    /** An IPv6 subnet {@code x::/prefix}: its network address as an unsigned 128-bit number. */
    public record Subnet6(BigInteger base, int prefix) {
        public static Subnet6 parse(String cidr) {
            Cidr c;
            try {
                c = Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new EngineException(e.getMessage());
            }
            if (!c.isV6()) {
                throw new EngineException("IPAM error: not an IPv6 subnet: " + cidr);
            }
            return new Subnet6(new BigInteger(1, c.network()), c.prefix());
        }

        /** The subnet's last address (all host bits set). */
        BigInteger last() {
            return base.or(BigInteger.ONE.shiftLeft(128 - prefix).subtract(BigInteger.ONE));
        }

        /** Whether {@code address} (any IPv6 spelling) is in the subnet; IPv4 addresses never are. */
        public boolean contains(String address) {
            BigInteger a = parseOrNull(address);
            return a != null && a.compareTo(base) >= 0 && a.compareTo(last()) <= 0;
        }

        @Override
        public String toString() {
            return toText(base) + "/" + prefix;
        }
    }

    /**
     * Gives {@code container} the next free address of {@code subnet} on {@code network}.
     *
     * @param gateway    the subnet's gateway, never given out (may be null or "")
     * @param leaseStart the first address to give ({@code network create --ip-range}), or null: the subnet's second
     * @param leaseEnd   the last address to give, or null: the subnet's last
     */
    public static String allocate(Connection c, String network, Subnet6 subnet, String gateway, String leaseStart,
                                  String leaseEnd, String container) throws SQLException {
        BigInteger first = blank(leaseStart) ? subnet.base().add(BigInteger.ONE) : toBig(leaseStart);
        BigInteger last = blank(leaseEnd) ? subnet.last() : toBig(leaseEnd);
        Set<BigInteger> taken = new HashSet<>();
        for (String a : NetworkAddressRows.addresses(c, network)) {
            if (a.indexOf(':') >= 0 && subnet.contains(a)) {
                taken.add(toBig(a));
            }
        }
        if (!blank(gateway)) {
            taken.add(toBig(gateway));
        }
        String lastGiven = NetworkAddressRows.lastGiven(c, network, subnet.toString());
        BigInteger after = lastGiven == null ? null : toBig(lastGiven);
        BigInteger start = after != null && after.compareTo(first) >= 0 && after.compareTo(last) < 0
                ? after.add(BigInteger.ONE) : first;
        if (first.compareTo(last) <= 0) {
            // every address from start up to last, then from first up to start: at most one lap
            BigInteger a = start;
            for (int i = 0; i <= taken.size(); i++) {
                if (!taken.contains(a)) {
                    String address = toText(a);
                    NetworkAddressRows.insert(c, network, address, container);
                    NetworkAddressRows.recordLastGiven(c, network, subnet.toString(), address);
                    return address;
                }
                a = a.equals(last) ? first : a.add(BigInteger.ONE);
                if (a.equals(start)) {
                    break;
                }
            }
        }
        throw new EngineException("IPAM error: failed to find free IP in range: " + toText(first) + " - " + toText(last));
    }

    /** Gives {@code container} the address it asked for ({@code --ip6}), unless another container has it. */
    public static void reserve(Connection c, String network, Subnet6 subnet, String address, String container)
            throws SQLException {
        if (!subnet.contains(address)) {
            throw new EngineException("IPAM error: requested ip address " + address + " is not in any subnet of network " + network);
        }
        String canonical = toText(toBig(address));
        String holder = NetworkAddressRows.holder(c, network, canonical);
        if (holder != null && !holder.equals(container)) {
            throw new EngineException("IPAM error: requested ip address " + canonical
                    + " is already allocated to container ID " + holder);
        }
        NetworkAddressRows.insert(c, network, canonical, container);
    }

    /** An IPv6 address as Go prints it (lower case, the longest run of zero groups as "::"). */
    public static String canonical(String address) {
        return toText(toBig(address));
    }

    static BigInteger toBig(String address) {
        BigInteger v = parseOrNull(address);
        if (v == null) {
            throw new EngineException("invalid IPv6 address: " + address);
        }
        return v;
    }

    private static BigInteger parseOrNull(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return null;
        }
        byte[] b = Cidr.parseIp(address);
        return b == null || b.length != 16 ? null : new BigInteger(1, b);
    }

    static String toText(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return Cidr.format(out);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}

package io.peapod.network;

import io.peapod.engine.EngineException;

import io.peapod.state.NetworkAddressRows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * IPv4 address management for bridge networks, as podman's libnetwork does it (netavark only applies
 * the addresses it is given): per network and subnet, the next free address after the last one given
 * out, wrapping around; the network address, the gateway and the broadcast address are never given.
 * Addresses live in the state database ({@link NetworkAddressRows}), tied to their container: removing
 * the container frees them even when its network was never torn down. Runs inside the caller's
 * write transaction.
 */
public final class Ipam {
    private Ipam() {}

    /** An IPv4 subnet {@code a.b.c.d/prefix}, its address as an unsigned 32-bit number. */
    public record Subnet4(long base, int prefix) {
        /** An IPv4 CIDR (parsed as {@link Cidr} does); IPv6 subnets are not handed out yet. */
        public static Subnet4 parse(String cidr) {
            Cidr c;
            try {
                c = Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new EngineException(e.getMessage());
            }
            if (c.isV6()) {
                throw new EngineException("IPAM error: IPv6 subnets are not supported yet: " + cidr);
            }
            return new Subnet4(toLong(Cidr.format(c.network())), c.prefix());
        }

        long size() {
            return 1L << (32 - prefix);
        }

        public boolean contains(String address) {
            long a = toLong(address);
            return a >= base && a < base + size();
        }

        @Override
        public String toString() {
            return toText(base) + "/" + prefix;
        }
    }

    /**
     * Gives {@code container} the next free address of {@code subnet} on {@code network}.
     *
     * @param gateway the subnet's gateway, never given out (may be null)
     */
    public static String allocate(Connection c, String network, Subnet4 subnet, String gateway, String container)
            throws SQLException {
        Set<Long> taken = new HashSet<>();
        for (String a : NetworkAddressRows.addresses(c, network)) {
            if (a.indexOf(':') < 0 && subnet.contains(a)) {
                taken.add(toLong(a));
            }
        }
        if (gateway != null && !gateway.isEmpty()) {
            taken.add(toLong(gateway));
        }
        long first = subnet.base() + (subnet.prefix() >= 31 ? 0 : 1);
        long last = subnet.base() + subnet.size() - (subnet.prefix() >= 31 ? 1 : 2);
        String lastGiven = NetworkAddressRows.lastGiven(c, network, subnet.toString());
        long after = lastGiven == null ? -1 : toLong(lastGiven);
        long start = after >= first && after < last ? after + 1 : first;
        for (long i = 0, a = start; i <= last - first; i++, a = a == last ? first : a + 1) {
            if (!taken.contains(a)) {
                String address = toText(a);
                NetworkAddressRows.insert(c, network, address, container);
                NetworkAddressRows.recordLastGiven(c, network, subnet.toString(), address);
                return address;
            }
        }
        throw new EngineException("IPAM error: failed to find free IP in range: " + toText(first) + " - " + toText(last));
    }

    /** Gives {@code container} the address it asked for ({@code --ip}), unless another container has it. */
    public static void reserve(Connection c, String network, Subnet4 subnet, String address, String container)
            throws SQLException {
        if (!subnet.contains(address)) {
            throw new EngineException("IPAM error: requested ip address " + address + " is not in any subnet of network " + network);
        }
        String holder = NetworkAddressRows.holder(c, network, address);
        if (holder != null && !holder.equals(container)) {
            throw new EngineException("IPAM error: requested ip address " + address
                    + " is already allocated to container ID " + holder);
        }
        NetworkAddressRows.insert(c, network, address, container);
    }

    /** Frees the addresses {@code container} holds on {@code network}. */
    public static void release(Connection c, String network, String container) throws SQLException {
        NetworkAddressRows.release(c, network, container);
    }

    static long toLong(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new EngineException("invalid IPv4 address: " + dotted);
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new EngineException("invalid IPv4 address: " + dotted);
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || (p.length() > 1 && p.startsWith("0"))) {
                throw new EngineException("invalid IPv4 address: " + dotted);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    static String toText(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}

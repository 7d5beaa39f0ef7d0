package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Subnet;

import io.peapod.state.NetworkAddressRows;

import io.peapod.state.sql.Connection;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IPv4 address management for bridge networks (IPv6: {@link Ipam6}; both through {@link #assign}), as podman's libnetwork does it (netavark only applies
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
        /** An IPv4 CIDR (parsed as {@link Cidr} does); IPv6 subnets are {@link Ipam6}'s. */
        public static Subnet4 parse(String cidr) {
            Cidr c;
            try {
                c = Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new EngineException(e.getMessage());
            }
            if (c.isV6()) {
                throw new EngineException("IPAM error: not an IPv4 subnet: " + cidr);
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
        return allocate(c, network, subnet, gateway, null, null, container);
    }

    /** As above, within the lease range ({@code network create --ip-range}) when one is given. */
    static String allocate(Connection c, String network, Subnet4 subnet, String gateway, String leaseStart,
                           String leaseEnd, String container) throws SQLException {
        Set<Long> taken = new HashSet<>();
        for (String a : NetworkAddressRows.addresses(c, network)) {
            if (a.indexOf(':') < 0 && subnet.contains(a)) {
                taken.add(toLong(a));
            }
        }
        if (gateway != null && !gateway.isEmpty()) {
            taken.add(toLong(gateway));
        }
        long first = leaseStart == null || leaseStart.isEmpty() ? subnet.base() + (subnet.prefix() >= 31 ? 0 : 1)
                : toLong(leaseStart);
        long last = leaseEnd == null || leaseEnd.isEmpty() ? subnet.base() + subnet.size() - (subnet.prefix() >= 31 ? 1 : 2)
                : toLong(leaseEnd);
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

    /**
     * One network's addresses for {@code container}, in the order of its subnets (IPv4 and IPv6): the address
     * asked for ({@code --ip}, {@code --ip6}) where one lies in the subnet, else the next free one. As podman,
     * every address asked for must lie in some subnet of the network, checked before any is given.
     */
    public static List<String> assign(Connection c, String network, List<Subnet> subnets, List<String> staticIps,
                                      String container) throws SQLException {
        checkStaticIps(network, subnets, staticIps);
        List<String> out = new ArrayList<>();
        for (Subnet s : subnets) {
            if (s.subnet().contains(":")) {
                Ipam6.Subnet6 subnet = Ipam6.Subnet6.parse(s.subnet());
                String asked = staticIps.stream().filter(subnet::contains).findFirst().orElse(null);
                if (asked != null) {
                    Ipam6.reserve(c, network, subnet, asked, container);
                    out.add(Ipam6.canonical(asked));
                } else {
                    out.add(Ipam6.allocate(c, network, subnet, s.gateway(), s.leaseStart(), s.leaseEnd(), container));
                }
            } else {
                Subnet4 subnet = Subnet4.parse(s.subnet());
                String asked = staticIps.stream().filter(ip -> ip.indexOf(':') < 0 && subnet.contains(ip))
                        .findFirst().orElse(null);
                if (asked != null) {
                    reserve(c, network, subnet, asked, container);
                    out.add(asked);
                } else {
                    out.add(allocate(c, network, subnet, s.gateway(), s.leaseStart(), s.leaseEnd(), container));
                }
            }
        }
        return out;
    }

    /** podman's check of {@code --ip}/{@code --ip6} (libnetwork's validatePerNetworkOpts), before any IPAM. */
    public static void checkStaticIps(String network, List<Subnet> subnets, List<String> staticIps) {
        for (String ip : staticIps) {
            boolean in = subnets.stream().anyMatch(s -> s.subnet().contains(":")
                    ? Ipam6.Subnet6.parse(s.subnet()).contains(ip)
                    : ip.indexOf(':') < 0 && Subnet4.parse(s.subnet()).contains(ip));
            if (!in) {
                throw new EngineException("requested static ip " + ip + " not in any subnet on network " + network);
            }
        }
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

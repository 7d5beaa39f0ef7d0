package io.peapod.network;

import io.peapod.engine.EngineException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * IPv4 address management for bridge networks, as podman's libnetwork does it (netavark only applies
 * the addresses it is given): per network and subnet, the next free address after the last one given
 * out, wrapping around; the network address, the gateway and the broadcast address are never given.
 * Addresses live in the state database ({@code network_addresses}), tied to their container: removing
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
        try (PreparedStatement st = c.prepareStatement("SELECT address FROM network_addresses WHERE network = ?")) {
            st.setString(1, network);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String a = rs.getString(1);
                    if (a.indexOf(':') < 0 && subnet.contains(a)) {
                        taken.add(toLong(a));
                    }
                }
            }
        }
        if (gateway != null && !gateway.isEmpty()) {
            taken.add(toLong(gateway));
        }
        long first = subnet.base() + (subnet.prefix() >= 31 ? 0 : 1);
        long last = subnet.base() + subnet.size() - (subnet.prefix() >= 31 ? 1 : 2);
        long after = lastGiven(c, network, subnet);
        long start = after >= first && after < last ? after + 1 : first;
        for (long i = 0, a = start; i <= last - first; i++, a = a == last ? first : a + 1) {
            if (!taken.contains(a)) {
                String address = toText(a);
                insert(c, network, address, container);
                try (PreparedStatement st = c.prepareStatement(
                        "INSERT OR REPLACE INTO network_last_address (network, subnet, address) VALUES (?, ?, ?)")) {
                    st.setString(1, network);
                    st.setString(2, subnet.toString());
                    st.setString(3, address);
                    st.executeUpdate();
                }
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
        try (PreparedStatement st = c.prepareStatement(
                "SELECT container_id FROM network_addresses WHERE network = ? AND address = ?")) {
            st.setString(1, network);
            st.setString(2, address);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(container)) {
                    throw new EngineException("IPAM error: requested ip address " + address
                            + " is already allocated to container ID " + rs.getString(1));
                }
            }
        }
        insert(c, network, address, container);
    }

    /** Frees the addresses {@code container} holds on {@code network}. */
    public static void release(Connection c, String network, String container) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "DELETE FROM network_addresses WHERE network = ? AND container_id = ?")) {
            st.setString(1, network);
            st.setString(2, container);
            st.executeUpdate();
        }
    }

    private static void insert(Connection c, String network, String address, String container) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT OR IGNORE INTO network_addresses (network, address, container_id) VALUES (?, ?, ?)")) {
            st.setString(1, network);
            st.setString(2, address);
            st.setString(3, container);
            st.executeUpdate();
        }
    }

    private static long lastGiven(Connection c, String network, Subnet4 subnet) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT address FROM network_last_address WHERE network = ? AND subnet = ?")) {
            st.setString(1, network);
            st.setString(2, subnet.toString());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? toLong(rs.getString(1)) : -1;
            }
        }
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

package io.peapod.state;

import io.peapod.state.sql.Connection;
import io.peapod.state.sql.PreparedStatement;
import io.peapod.state.sql.ResultSet;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the {@code network_addresses} and {@code network_last_address} tables: which container
 * holds which address on which network, and the last address handed out per subnet. The rules of
 * handing them out are {@code network.Ipam}'s.
 */
public final class NetworkAddressRows {
    private NetworkAddressRows() {}

    /** Every address held on {@code network}. */
    public static List<String> addresses(Connection c, String network) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM network_addresses WHERE network = ?")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The container holding {@code address} on {@code network}, or null. */
    public static String holder(Connection c, String network, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT container_id FROM network_addresses WHERE network = ? AND address = ?")) {
            ps.setString(1, network);
            ps.setString(2, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** {@code container} holds {@code address} on {@code network} (again: no error). */
    public static void insert(Connection c, String network, String address, String container) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO network_addresses (network, address, container_id) VALUES (?, ?, ?)")) {
            ps.setString(1, network);
            ps.setString(2, address);
            ps.setString(3, container);
            ps.executeUpdate();
        }
    }

    /** Frees what {@code container} holds on {@code network}. */
    public static void release(Connection c, String network, String container) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM network_addresses WHERE network = ? AND container_id = ?")) {
            ps.setString(1, network);
            ps.setString(2, container);
            ps.executeUpdate();
        }
    }

    /** The last address handed out in {@code subnet} of {@code network}, or null. */
    public static String lastGiven(Connection c, String network, String subnet) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT address FROM network_last_address WHERE network = ? AND subnet = ?")) {
            ps.setString(1, network);
            ps.setString(2, subnet);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static void recordLastGiven(Connection c, String network, String subnet, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO network_last_address (network, subnet, address) VALUES (?, ?, ?)")) {
            ps.setString(1, network);
            ps.setString(2, subnet);
            ps.setString(3, address);
            ps.executeUpdate();
        }
    }
}

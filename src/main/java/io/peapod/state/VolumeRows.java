package io.peapod.state;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import java.io.IOException;
import io.peapod.state.sql.Connection;
import io.peapod.state.sql.PreparedStatement;
import io.peapod.state.sql.ResultSet;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries over volumes and the containers using them (schema v4). Like {@link Metadata}, each
 * runs in the caller's transaction. A {@code container_volumes} row keeps its volume from being
 * deleted, and goes with its container.
 */
public final class VolumeRows {
    private VolumeRows() {}

    private static final String COLUMNS = "name, driver, labels, options, anonymous, needs_copy_up, needs_chown, created";

    /** Every volume, by name (podman lists them sorted). */
    public static List<VolumeRow> all(Connection c) throws SQLException {
        List<VolumeRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM volumes ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    public static VolumeRow find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM volumes WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private static VolumeRow row(ResultSet rs) throws SQLException {
        return new VolumeRow(rs.getString(1), rs.getString(2), map(rs.getBytes(3)), map(rs.getBytes(4)),
                rs.getInt(5) != 0, rs.getInt(6) != 0, rs.getInt(7) != 0, rs.getLong(8));
    }

    public static void insert(Connection c, VolumeRow v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO volumes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, v.name());
            ps.setString(2, v.driver());
            ps.setBytes(3, bytes(v.labels()));
            ps.setBytes(4, bytes(v.options()));
            ps.setInt(5, v.anonymous() ? 1 : 0);
            ps.setInt(6, v.needsCopyUp() ? 1 : 0);
            ps.setInt(7, v.needsChown() ? 1 : 0);
            ps.setLong(8, v.created());
            ps.executeUpdate();
        }
    }

    /** Records that the volume's first mount has happened: no copy-up or chown after this. */
    public static void updateState(Connection c, VolumeRow v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE volumes SET needs_copy_up = ?, needs_chown = ? WHERE name = ?")) {
            ps.setInt(1, v.needsCopyUp() ? 1 : 0);
            ps.setInt(2, v.needsChown() ? 1 : 0);
            ps.setString(3, v.name());
            ps.executeUpdate();
        }
    }

    public static void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM volumes WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /** Records that the container mounts {@code volume} at {@code destination}. */
    public static void attach(Connection c, String containerId, String volume, String destination) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO container_volumes (container_id, volume, destination) VALUES (?, ?, ?)")) {
            ps.setString(1, containerId);
            ps.setString(2, volume);
            ps.setString(3, destination);
            ps.executeUpdate();
        }
    }

    /** The containers using {@code volume}, oldest first. */
    public static List<String> users(Connection c, String volume) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT v.container_id FROM container_volumes v JOIN containers k ON k.id = v.container_id
                 WHERE v.volume = ? ORDER BY k.created, k.rowid""")) {
            ps.setString(1, volume);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Every volume with the number of containers using it. */
    public static Map<String, Integer> userCounts(Connection c) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT volume, count(DISTINCT container_id) FROM container_volumes GROUP BY volume");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static byte[] bytes(Map<String, String> m) {
        return JsonWriter.write(m, false);
    }

    private static Map<String, String> map(byte[] data) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            if (JsonReader.parse(data) instanceof Map<?, ?> raw) {
                raw.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
                return out;
            }
            throw new IllegalArgumentException("not a JSON object");
        } catch (IllegalArgumentException e) {
            throw new StateException("decoding volume metadata: " + e.getMessage(), e);
        }
    }
}

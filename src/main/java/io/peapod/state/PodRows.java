package io.peapod.state;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import io.peapod.state.sql.Connection;
import io.peapod.state.sql.PreparedStatement;
import io.peapod.state.sql.ResultSet;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queries over pods (schema v6). Like {@link Metadata}, each runs in the caller's transaction. */
public final class PodRows {
    private PodRows() {}

    private static final String COLUMNS = "id, name, created, infra_id, shared, exit_policy, hostname, labels, config";

    /** Every pod, newest first (podman's pod ps order). */
    public static List<PodRow> all(Connection c) throws SQLException {
        List<PodRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM pods ORDER BY created DESC, rowid DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static PodRow row(ResultSet rs) throws SQLException {
        String shared = rs.getString(5);
        return new PodRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                shared.isEmpty() ? List.of() : List.of(shared.split(",")), rs.getString(6), rs.getString(7),
                map(rs.getBytes(8)), rs.getBytes(9));
    }

    public static void insert(Connection c, PodRow p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pods (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.id());
            ps.setString(2, p.name());
            ps.setLong(3, p.created());
            ps.setString(4, p.infraId());
            ps.setString(5, String.join(",", p.shared()));
            ps.setString(6, p.exitPolicy());
            ps.setString(7, p.hostname());
            ps.setBytes(8, JsonWriter.write(p.labels(), false));
            ps.setBytes(9, p.config());
            ps.executeUpdate();
        }
    }

    public static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pods WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
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
            throw new StateException("decoding pod metadata: " + e.getMessage(), e);
        }
    }
}

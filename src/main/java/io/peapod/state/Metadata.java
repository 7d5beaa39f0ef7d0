package io.peapod.state;

import io.peapod.state.sql.Connection;
import io.peapod.state.sql.PreparedStatement;
import io.peapod.state.sql.ResultSet;
import io.peapod.state.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries over images, names and layers. Each method runs in the caller's transaction
 * ({@link Database#transaction} or {@link Database#read}), so several calls compose atomically.
 */
public final class Metadata {
    private Metadata() {}

    public static List<LayerRow> layers(Connection c) throws SQLException {
        List<LayerRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, parent, diff_id, compressed_digest, compressed_size, size, created FROM layers");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(layer(rs));
            }
        }
        return out;
    }

    public static LayerRow layer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, parent, diff_id, compressed_digest, compressed_size, size, created FROM layers WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? layer(rs) : null;
            }
        }
    }

    private static LayerRow layer(ResultSet rs) throws SQLException {
        return new LayerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7));
    }

    public static void insertLayer(Connection c, LayerRow l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO layers (id, parent, diff_id, compressed_digest, compressed_size, size, created) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, l.id());
            ps.setString(2, l.parent());
            ps.setString(3, l.diffId());
            ps.setString(4, l.compressedDigest());
            ps.setLong(5, l.compressedSize());
            ps.setLong(6, l.size());
            ps.setLong(7, l.created());
            ps.executeUpdate();
        }
    }

    public static void deleteLayer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM layers WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Layers that no image's top layer reaches and no other layer has as parent. */
    public static List<String> unreferencedLayers(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.id FROM layers l
                 WHERE NOT EXISTS (SELECT 1 FROM images i WHERE i.top_layer = l.id)
                   AND NOT EXISTS (SELECT 1 FROM layers k WHERE k.parent = l.id)
                   AND NOT EXISTS (SELECT 1 FROM container_layers x WHERE x.top_layer = l.id)""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every image with its names, in the order the images were added. */
    public static List<ImageRow> images(Connection c) throws SQLException {
        Map<String, List<String>> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, image_id FROM image_names ORDER BY added, rowid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(1));
            }
        }
        Map<String, ImageRow> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, top_layer, digest, manifest, manifest_type, config, created, added FROM images ORDER BY added, rowid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.put(id, new ImageRow(id, rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                        rs.getBytes(6), rs.getLong(7), rs.getLong(8), names.getOrDefault(id, List.of())));
            }
        }
        return new ArrayList<>(out.values());
    }

    public static ImageRow image(Connection c, String id) throws SQLException {
        for (ImageRow row : images(c)) {
            if (row.id().equals(id)) {
                return row;
            }
        }
        return null;
    }

    /** Inserts an image (its layers must exist) and points {@code names} at it. */
    public static void insertImage(Connection c, ImageRow img) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO images (id, top_layer, digest, manifest, manifest_type, config, created, added) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, img.id());
            ps.setString(2, img.topLayer());
            ps.setString(3, img.digest());
            ps.setBytes(4, img.manifest());
            ps.setString(5, img.manifestType());
            ps.setBytes(6, img.config());
            ps.setLong(7, img.created());
            ps.setLong(8, img.added());
            ps.executeUpdate();
        }
        for (String name : img.names()) {
            setName(c, name, img.id(), img.added());
        }
    }

    /** Points {@code name} at {@code imageId}, taking it away from any image that had it (as tagging does). */
    public static void setName(Connection c, String name, String imageId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO image_names (name, image_id, added) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id, added = excluded.added
                 WHERE image_names.image_id <> excluded.image_id""")) {
            ps.setString(1, name);
            ps.setString(2, imageId);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    /** Removes {@code name} from {@code imageId}; returns false if the image did not have it. */
    public static boolean removeName(Connection c, String name, String imageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM image_names WHERE name = ? AND image_id = ?")) {
            ps.setString(1, name);
            ps.setString(2, imageId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Replaces an image's manifest and config: a manifest list's document and instance sources as they are edited. */
    public static void updateImageManifest(Connection c, String id, byte[] manifest, String manifestType, byte[] config)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE images SET manifest = ?, manifest_type = ?, config = ? WHERE id = ?")) {
            ps.setBytes(1, manifest);
            ps.setString(2, manifestType);
            ps.setBytes(3, config);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    public static void deleteImage(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    public static String setting(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static void deleteSetting(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM settings WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    public static void putSetting(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    public static void insertContainerLayer(Connection c, ContainerLayerRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO container_layers (container_id, image_id, top_layer, created) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, row.containerId());
            ps.setString(2, row.imageId());
            ps.setString(3, row.topLayer());
            ps.setLong(4, row.created());
            ps.executeUpdate();
        }
    }

    public static void deleteContainerLayer(Connection c, String containerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM container_layers WHERE container_id = ?")) {
            ps.setString(1, containerId);
            ps.executeUpdate();
        }
    }

    public static List<ContainerLayerRow> containerLayers(Connection c) throws SQLException {
        List<ContainerLayerRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT container_id, image_id, top_layer, created FROM container_layers ORDER BY created, rowid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ContainerLayerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return out;
    }

    private static final String CONTAINER_COLUMNS =
            "id, name, image_id, image_name, config, state, pid, conmon_pid, exit_code, created, started, finished, "
            + "restart_count, stopped_by_user";

    public static List<ContainerRow> containers(Connection c) throws SQLException {
        List<ContainerRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONTAINER_COLUMNS + " FROM containers ORDER BY created, rowid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ContainerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                        rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getInt(13), rs.getInt(14) != 0));
            }
        }
        return out;
    }

    public static void insertContainer(Connection c, ContainerRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO containers (" + CONTAINER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.name());
            ps.setString(3, r.imageId());
            ps.setString(4, r.imageName());
            ps.setBytes(5, r.config());
            ps.setString(6, r.state());
            ps.setInt(7, r.pid());
            ps.setInt(8, r.conmonPid());
            ps.setInt(9, r.exitCode());
            ps.setLong(10, r.created());
            ps.setLong(11, r.started());
            ps.setLong(12, r.finished());
            ps.setInt(13, r.restartCount());
            ps.setInt(14, r.stoppedByUser() ? 1 : 0);
            ps.executeUpdate();
        }
    }

    public static void updateContainerState(Connection c, ContainerRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE containers SET state = ?, pid = ?, conmon_pid = ?, "
                + "exit_code = ?, started = ?, finished = ?, restart_count = ?, stopped_by_user = ? WHERE id = ?")) {
            ps.setString(1, r.state());
            ps.setInt(2, r.pid());
            ps.setInt(3, r.conmonPid());
            ps.setInt(4, r.exitCode());
            ps.setLong(5, r.started());
            ps.setLong(6, r.finished());
            ps.setInt(7, r.restartCount());
            ps.setInt(8, r.stoppedByUser() ? 1 : 0);
            ps.setString(9, r.id());
            ps.executeUpdate();
        }
    }

    /** Replaces the container's stored settings (network connect/disconnect change them after create). */
    public static void updateContainerConfig(Connection c, String id, byte[] config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE containers SET config = ? WHERE id = ?")) {
            ps.setBytes(1, config);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public static void renameContainer(Connection c, String id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE containers SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public static void deleteContainer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM containers WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}

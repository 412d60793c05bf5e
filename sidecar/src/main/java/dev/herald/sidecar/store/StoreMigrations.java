package dev.herald.sidecar.store;

import dev.herald.sidecar.delivery.DestinationSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Brings a data directory written by an earlier Herald up to the current schema. */
final class StoreMigrations {
    private StoreMigrations() {
    }

    static void apply(Connection c) throws SQLException {
        if (!hasColumn(c, "deliveries", "origin")) {
            addDeliveryOrigin(c);
        }
    }

    /** Deliveries gained their destination origin (per-destination loading) and ordering key (FIFO). */
    private static void addDeliveryOrigin(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE deliveries ADD COLUMN origin TEXT NOT NULL DEFAULT ''");
            st.execute("ALTER TABLE deliveries ADD COLUMN order_key TEXT");
            st.execute("ALTER TABLE dead_letters ADD COLUMN order_key TEXT");
            st.execute("DROP INDEX IF EXISTS deliveries_due");
        }
        Map<String, String> origins = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, target_url FROM deliveries")) {
            while (rs.next()) {
                origins.put(rs.getString(1), DestinationSettings.origin(rs.getString(2)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET origin = ? WHERE id = ?")) {
            for (Map.Entry<String, String> e : origins.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.executeUpdate();
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.DeadLetterStore.LoggedAttempt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code attempts} table: the failed attempts of pending and dead deliveries. A first-attempt
 * success writes nothing here; a delivered or purged delivery takes its log with it.
 */
final class AttemptTable {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS attempts (
                      delivery_id TEXT NOT NULL,
                      attempt INTEGER NOT NULL,
                      started_at INTEGER NOT NULL,
                      duration_ms INTEGER NOT NULL,
                      status INTEGER,
                      error TEXT,
                      PRIMARY KEY (delivery_id, attempt))""");
        }
    };

    private AttemptTable() {
    }

    static void log(Connection c, String deliveryId, Attempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO attempts (delivery_id, attempt, started_at, "
                + "duration_ms, status, error) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, deliveryId);
            ps.setInt(2, a.number());
            ps.setLong(3, a.startedAt());
            ps.setLong(4, a.durationMillis());
            PushColumns.setStatus(ps, 5, a.status());
            ps.setString(6, a.error());
            ps.executeUpdate();
        }
    }

    static void delete(Connection c, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM attempts WHERE delivery_id = ?")) {
            ps.setString(1, deliveryId);
            ps.executeUpdate();
        }
    }

    static List<LoggedAttempt> list(Connection c, String deliveryId) throws SQLException {
        List<LoggedAttempt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attempt, started_at, duration_ms, status, error FROM attempts "
                + "WHERE delivery_id = ? ORDER BY attempt")) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LoggedAttempt(rs.getInt(1), rs.getLong(2), rs.getLong(3), PushColumns.status(rs, 4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }
}

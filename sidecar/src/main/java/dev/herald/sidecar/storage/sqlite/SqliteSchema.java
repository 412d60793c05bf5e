package dev.herald.sidecar.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the table owners' migrations ask of a database written by an earlier Herald, and the
 * batched deletes of their retention.
 */
final class SqliteSchema {
    private SqliteSchema() {
    }

    static boolean hasTable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The single number a {@code SELECT count(*) ...} answers. */
    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static final int DELETE_BATCH = 5_000;

    /**
     * Runs {@code sql} — a DELETE whose parameters are a time and the batch size — until a batch
     * deletes fewer rows than that, each batch its own group commit so that ingest is never held
     * up for long; returns how many rows it deleted.
     */
    static int deleteInBatches(SqliteDatabase db, String sql, long before) {
        int total = 0;
        int n;
        do {
            n = db.writer().execute(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, before);
                    ps.setInt(2, DELETE_BATCH);
                    return ps.executeUpdate();
                }
            });
            total += n;
        } while (n == DELETE_BATCH);
        return total;
    }
}

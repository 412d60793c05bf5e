package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.DisabledTargetStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The {@code disabled_targets} table: URLs that answered {@code 410 Gone}. */
final class DisabledTargetTable implements DisabledTargetStore {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS disabled_targets (
                      target_url TEXT PRIMARY KEY,
                      disabled_at INTEGER NOT NULL,
                      reason TEXT NOT NULL)""");
        }
    };

    private final SqliteDatabase db;

    DisabledTargetTable(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public List<DisabledTarget> list() {
        return db.read(c -> {
            List<DisabledTarget> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT target_url, disabled_at, reason FROM disabled_targets "
                    + "ORDER BY target_url"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DisabledTarget(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    @Override
    public void disable(DisabledTarget target) {
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO disabled_targets (target_url, disabled_at, "
                    + "reason) VALUES (?, ?, ?)")) {
                ps.setString(1, target.targetUrl());
                ps.setLong(2, target.disabledAt());
                ps.setString(3, target.reason());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean enable(String targetUrl) {
        return db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM disabled_targets WHERE target_url = ?")) {
                ps.setString(1, targetUrl);
                return ps.executeUpdate();
            }
        }) == 1;
    }
}

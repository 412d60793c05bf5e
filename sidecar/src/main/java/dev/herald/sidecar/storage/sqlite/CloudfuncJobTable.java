package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.DeferredJob;
import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.RoutedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code cloudfunc_jobs} table: jobs stored with their event, removed when the job is over. */
final class CloudfuncJobTable implements CloudfuncJobStore {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS cloudfunc_jobs (
                      id TEXT PRIMARY KEY,
                      event_id TEXT NOT NULL,
                      dialect TEXT NOT NULL,
                      bucket TEXT NOT NULL,
                      rule_id TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at INTEGER NOT NULL,
                      created_at INTEGER NOT NULL,
                      last_error TEXT)""");
        }
    };

    private final SqliteDatabase db;

    CloudfuncJobTable(SqliteDatabase db) {
        this.db = db;
    }

    /** Stores an event's jobs inside the caller's (ingest) transaction. */
    static void insert(Connection c, RoutedEvent event, long now) throws SQLException {
        if (event.jobs().isEmpty()) {
            return; // the common case: no statement at all
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO cloudfunc_jobs (id, event_id, dialect, bucket, "
                + "rule_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (DeferredJob job : event.jobs()) {
                ps.setString(1, job.id());
                ps.setString(2, event.id());
                ps.setString(3, job.dialect());
                ps.setString(4, event.bucket());
                ps.setString(5, job.ruleId());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public List<DueJob> due(long now, int limit) {
        return db.read(c -> {
            List<DueJob> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT j.id, j.event_id, e.body, j.dialect, "
                    + "j.bucket, j.rule_id, j.attempts FROM cloudfunc_jobs j LEFT JOIN events e ON e.id = j.event_id "
                    + "WHERE j.next_attempt_at <= ? ORDER BY j.next_attempt_at LIMIT ?")) {
                ps.setLong(1, now);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String body = rs.getString(3);
                        due.add(new DueJob(rs.getString(1), rs.getString(2), body == null || body.isEmpty() ? null : body,
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
            }
            return due;
        });
    }

    @Override
    public void retryLater(String id, long next, String error) {
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cloudfunc_jobs SET attempts = attempts + 1, "
                    + "next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                ps.setLong(1, next);
                ps.setString(2, error);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Delivery> finish(String id, Optional<Delivery> result) {
        return db.writer().execute(c -> {
            List<Delivery> stored = result.isPresent() ? DeliveryTable.insert(c, List.of(result.get()), null) : List.of();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cloudfunc_jobs WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return stored.stream().findFirst();
        });
    }
}

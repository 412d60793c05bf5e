package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code deliveries} table: pending deliveries with their push. Rows are loaded per
 * destination in insertion (rowid) order, which is also the queue position a {@link Delivery} carries.
 */
final class DeliveryTable implements DeliveryQueue {
    /** What a push is, shared with {@code dead_letters}, which keeps it for replay. */
    static final String PUSH_COLUMNS = """
              id TEXT PRIMARY KEY,
              event_id TEXT NOT NULL,
              dialect TEXT NOT NULL,
              bucket TEXT NOT NULL,
              rule_id TEXT,
              vendor_event_id TEXT,
              target_url TEXT NOT NULL,
              method TEXT NOT NULL,
              content_type TEXT,
              body BLOB NOT NULL,
              signing_key TEXT,
              headers TEXT,
              order_key TEXT,""";
    static final String PUSH_COLUMN_NAMES = "id, event_id, dialect, bucket, rule_id, vendor_event_id, target_url, method, "
            + "content_type, body, signing_key, headers, order_key";

    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS deliveries (\n" + PUSH_COLUMNS + """
                      origin TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at INTEGER NOT NULL,
                      created_at INTEGER NOT NULL,
                      last_status INTEGER,
                      last_error TEXT,
                      trace_context TEXT)""");
            if (!SqliteSchema.hasColumn(c, "deliveries", "origin")) {
                addOrigin(c);
            }
            if (!SqliteSchema.hasColumn(c, "deliveries", "trace_context")) {
                st.execute("ALTER TABLE deliveries ADD COLUMN trace_context TEXT");
            }
            // SQLite indexes carry the rowid, so a destination's rows come out in insertion order.
            st.execute("CREATE INDEX IF NOT EXISTS deliveries_origin ON deliveries (origin)");
        }
    };

    private static final String INSERT = "INSERT OR IGNORE INTO deliveries (" + PUSH_COLUMN_NAMES + ", origin, attempts, "
            + "next_attempt_at, created_at, trace_context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING rowid";

    private final SqliteDatabase db;

    DeliveryTable(SqliteDatabase db) {
        this.db = db;
    }

    /**
     * Inserts fresh deliveries inside the caller's transaction; returns those stored (an existing id is skipped), at their positions.
     *
     * @param traceContext their event's trace, {@code null} when not traced
     */
    static List<Delivery> insert(Connection c, List<Delivery> deliveries, String traceContext) throws SQLException {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        List<Delivery> stored = new ArrayList<>(deliveries.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Delivery d : deliveries) {
                PushColumns.bind(ps, d.id(), d.eventId(), d.push(), d.orderKey());
                ps.setString(14, d.origin());
                ps.setLong(15, d.dueAt());
                ps.setLong(16, d.createdAt());
                ps.setString(17, traceContext);
                // One statement per delivery, not two: the row's position comes back with the insert
                // (none when the delivery was stored before).
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        stored.add(d.at(rs.getLong(1)));
                    }
                }
            }
        }
        return stored;
    }

    /** Puts a dead letter back, due at {@code now} with a fresh budget; inside the caller's transaction. */
    static Optional<Delivery> restore(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO deliveries (" + PUSH_COLUMN_NAMES + ", origin, "
                + "attempts, next_attempt_at, created_at, last_status, last_error) SELECT " + PUSH_COLUMN_NAMES + ", ?, 0, ?, "
                + "created_at, last_status, last_error FROM dead_letters WHERE id = ?");
             PreparedStatement read = c.prepareStatement("SELECT event_id, target_url, order_key, created_at FROM dead_letters "
                     + "WHERE id = ?")) {
            read.setString(1, id);
            String eventId;
            String target;
            String orderKey;
            long createdAt;
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                eventId = rs.getString(1);
                target = rs.getString(2);
                orderKey = rs.getString(3);
                createdAt = rs.getLong(4);
            }
            String origin = Delivery.originOf(target);
            ps.setString(1, origin);
            ps.setLong(2, now);
            ps.setString(3, id);
            ps.executeUpdate();
            return Optional.of(new Delivery(id, eventId, target, origin, orderKey, lastRowid(c), createdAt, 0, now, null));
        }
    }

    @Override
    public List<String> origins() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT origin FROM deliveries");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<Delivery> pendingAfter(String origin, long afterSeq, int limit) {
        return db.read(c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, target_url, order_key, rowid, created_at, "
                    + "attempts, next_attempt_at FROM deliveries WHERE origin = ? AND rowid > ? ORDER BY rowid LIMIT ?")) {
                ps.setString(1, origin);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), origin, rs.getString(4),
                                rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getLong(8), null));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Delivery> load(Delivery delivery) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PUSH_COLUMN_NAMES + ", attempts FROM deliveries "
                    + "WHERE id = ?")) {
                ps.setString(1, delivery.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    OutboundPush push = PushColumns.read(rs);
                    int attempts = rs.getInt(14);
                    return Optional.of(new Delivery(delivery.id(), delivery.eventId(), delivery.targetUrl(), delivery.origin(),
                            delivery.orderKey(), delivery.seq(), delivery.createdAt(), attempts, delivery.dueAt(), push));
                }
            }
        });
    }

    @Override
    public Optional<String> traceContext(String deliveryId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT trace_context FROM deliveries WHERE id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> delivered(List<Delivery> deliveries) {
        return db.writer().submit(c -> {
            for (Delivery delivery : deliveries) {
                if (delivery.attempts() > 0) {
                    AttemptTable.delete(c, delivery.id());
                }
                delete(c, delivery.id());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> retryLater(Delivery delivery, Attempt failed, long nextAttemptAt) {
        return db.writer().submit(c -> {
            AttemptTable.log(c, delivery.id(), failed);
            try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET attempts = ?, next_attempt_at = ?, "
                    + "last_status = ?, last_error = ? WHERE id = ?")) {
                ps.setInt(1, failed.number());
                ps.setLong(2, nextAttemptAt);
                PushColumns.setStatus(ps, 3, failed.status());
                ps.setString(4, failed.error());
                ps.setString(5, delivery.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> deadLetter(Delivery delivery, Attempt last, long now, ReportTarget report) {
        return db.writer().submit(c -> {
            AttemptTable.log(c, delivery.id(), last);
            DeadLetterTable.insertFromDeliveries(c, delivery.id(), last, now, report);
            delete(c, delivery.id());
            return null;
        });
    }

    @Override
    public long pendingCount() {
        // SQLite counts them over its smallest index.
        return db.read(c -> SqliteSchema.count(c, "SELECT count(*) FROM deliveries"));
    }

    /**
     * Rowids grow with each insert, so the first row is the one queued longest: one B-tree seek,
     * not a scan. A replayed dead letter is queued again at the end but keeps its {@code created_at}.
     */
    @Override
    public OptionalLong oldestPendingCreatedAt() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM deliveries ORDER BY rowid LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    private static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM deliveries WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    static long lastRowid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deliveries gained their destination origin (per-destination loading) and ordering key (FIFO). */
    private static void addOrigin(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE deliveries ADD COLUMN origin TEXT NOT NULL DEFAULT ''");
            st.execute("ALTER TABLE deliveries ADD COLUMN order_key TEXT");
            st.execute("DROP INDEX IF EXISTS deliveries_due");
        }
        Map<String, String> origins = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, target_url FROM deliveries")) {
            while (rs.next()) {
                origins.put(rs.getString(1), Delivery.originOf(rs.getString(2)));
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
}

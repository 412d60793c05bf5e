package dev.herald.sidecar.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.store.HeraldStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** SQL for the {@code deliveries}, {@code attempts} and {@code dead_letters} tables. */
public final class DeliveryStore {
    private static final String COLUMNS = "id, event_id, dialect, bucket, rule_id, vendor_event_id, target_url, method, "
            + "content_type, body, signing_key, attempts, next_attempt_at, created_at, last_status, last_error, headers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private final HeraldStore store;

    public DeliveryStore(HeraldStore store) {
        this.store = store;
    }

    /**
     * Inserts a new delivery inside the caller's transaction.
     *
     * @param orderKey the object ({@code bucket/key}) for FIFO destinations, or null
     * @return what to schedule once the transaction commits, or null if that id already exists
     */
    public static ScheduledDelivery insert(Connection c, String eventId, OutboundPush push, String orderKey, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO deliveries (" + COLUMNS
                + ", order_key, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, NULL, ?, ?, ?)")) {
            ps.setString(1, push.deliveryId());
            ps.setString(2, eventId);
            ps.setString(3, push.dialect());
            ps.setString(4, push.bucket());
            ps.setString(5, push.ruleId());
            ps.setString(6, push.eventId());
            ps.setString(7, push.targetUrl());
            ps.setString(8, push.method());
            ps.setString(9, push.contentType());
            ps.setBytes(10, push.body());
            ps.setString(11, push.signingKey());
            ps.setLong(12, now);
            ps.setLong(13, now);
            ps.setString(14, push.headers().isEmpty() ? null : writeHeaders(push.headers()));
            ps.setString(15, orderKey);
            ps.setString(16, DestinationSettings.origin(push.targetUrl()));
            if (ps.executeUpdate() != 1) {
                return null;
            }
        }
        StoredDelivery fresh = new StoredDelivery(push.deliveryId(), eventId, push.dialect(), push.bucket(), push.ruleId(),
                push.eventId(), push.targetUrl(), push.method(), push.contentType(), push.body(), push.signingKey(), 0, now, now,
                null, null, push.headers());
        return new ScheduledDelivery(push.deliveryId(), now, push.targetUrl(), orderKey, lastRowid(c), fresh);
    }

    static long lastRowid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Optional<StoredDelivery> find(String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Destinations (origins) with pending deliveries, for rescheduling after a restart. */
    public List<String> pendingOrigins() {
        return store.read(c -> {
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

    /** Up to {@code limit} pending deliveries of one origin inserted after {@code afterSeq}, in insertion order. */
    public List<ScheduledDelivery> pendingAfter(String origin, long afterSeq, int limit) {
        return store.read(c -> {
            List<ScheduledDelivery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, next_attempt_at, target_url, order_key, rowid "
                    + "FROM deliveries WHERE origin = ? AND rowid > ? ORDER BY rowid LIMIT ?")) {
                ps.setString(1, origin);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ScheduledDelivery(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5)));
                    }
                }
            }
            return out;
        });
    }

    /** Deliveries stored and not yet delivered or dead (the queue depth); SQLite counts them over its smallest index. */
    public long pendingCount() {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM deliveries");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * When the pending delivery queued first was stored ({@code created_at}, epoch millis), or
     * empty when nothing is pending. {@code deliveries} is a rowid table and rowids grow with each
     * insert, so the first row is the one queued longest: one B-tree seek, not a scan. A replayed
     * dead letter is queued again at the end but keeps its original {@code created_at}.
     */
    public OptionalLong oldestPendingCreatedAt() {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM deliveries ORDER BY rowid LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /** Deliveries in the dead-letter table. */
    public long deadCount() {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dead_letters");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * The delivery succeeded: it and its attempt log are removed.
     *
     * @param attemptsLogged whether failed attempts were logged before (not on a first-attempt success)
     */
    public CompletableFuture<Integer> delivered(String id, boolean attemptsLogged) {
        return store.writer().submit(c -> {
            if (attemptsLogged) {
                deleteAttempts(c, id);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM deliveries WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Records a failed attempt and when to try next. */
    public CompletableFuture<Integer> retryLater(String id, Attempt attempt, long nextAttemptAt) {
        return store.writer().submit(c -> {
            logAttempt(c, id, attempt);
            try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET attempts = ?, next_attempt_at = ?, "
                    + "last_status = ?, last_error = ? WHERE id = ?")) {
                ps.setInt(1, attempt.number());
                ps.setLong(2, nextAttemptAt);
                setStatus(ps, 3, attempt.status());
                ps.setString(4, attempt.error());
                ps.setString(5, id);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The retry budget is spent: the delivery moves to {@code dead_letters}, its attempts are kept.
     *
     * @param report where the rule wants failed deliveries reported, or {@code null}
     */
    public CompletableFuture<Integer> deadLetter(String id, Attempt attempt, long now, ReportTarget report) {
        return store.writer().submit(c -> {
            logAttempt(c, id, attempt);
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO dead_letters (id, event_id, dialect, "
                    + "bucket, rule_id, vendor_event_id, target_url, method, content_type, body, signing_key, headers, "
                    + "order_key, attempts, created_at, died_at, last_status, last_error, report_bucket, report_prefix) "
                    + "SELECT id, event_id, dialect, bucket, rule_id, vendor_event_id, target_url, method, content_type, "
                    + "body, signing_key, headers, order_key, ?, "
                    + "created_at, ?, ?, ?, ?, ? FROM deliveries WHERE id = ?")) {
                ps.setInt(1, attempt.number());
                ps.setLong(2, now);
                setStatus(ps, 3, attempt.status());
                ps.setString(4, attempt.error());
                ps.setString(5, report == null ? null : report.bucket());
                ps.setString(6, report == null ? null : report.prefix());
                ps.setString(7, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM deliveries WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    private static void logAttempt(Connection c, String id, Attempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO attempts (delivery_id, attempt, "
                + "started_at, duration_ms, status, error) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, a.number());
            ps.setLong(3, a.startedAt());
            ps.setLong(4, a.durationMillis());
            setStatus(ps, 5, a.status());
            ps.setString(6, a.error());
            ps.executeUpdate();
        }
    }

    private static void deleteAttempts(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM attempts WHERE delivery_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static void setStatus(PreparedStatement ps, int index, Integer status) throws SQLException {
        if (status == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, status);
        }
    }

    private static StoredDelivery row(ResultSet rs) throws SQLException {
        int lastStatus = rs.getInt(15);
        Integer status = rs.wasNull() ? null : lastStatus;
        return new StoredDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBytes(10), rs.getString(11),
                rs.getInt(12), rs.getLong(13), rs.getLong(14), status, rs.getString(16), readHeaders(rs.getString(17)));
    }

    private static String writeHeaders(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers of strings always serialize", e);
        }
    }

    private static Map<String, String> readHeaders(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored delivery headers are not a JSON object", e);
        }
    }
}

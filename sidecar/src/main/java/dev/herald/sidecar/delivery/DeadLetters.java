package dev.herald.sidecar.delivery;

import dev.herald.sidecar.store.HeraldStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter table for operators: list, inspect, replay and purge. A replayed delivery goes
 * back to the pending table under its own id (receivers deduplicating on
 * {@code X-Herald-Delivery-Id} see the same id again) with a fresh retry budget; its old attempt
 * log is dropped with it.
 */
public final class DeadLetters {
    private final HeraldStore store;
    private final DeliveryEngine engine;

    public DeadLetters(HeraldStore store, DeliveryEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    /** One dead delivery, without its body. */
    public record DeadLetter(String id, String dialect, String bucket, String ruleId, String eventId, String targetUrl,
                             String method, int attempts, long createdAt, long diedAt, Integer lastStatus,
                             String lastError) {
    }

    /** A logged attempt of a dead delivery. */
    public record LoggedAttempt(int number, long startedAt, long durationMillis, Integer status, String error) {
    }

    /** Dead letters, newest first, after {@code beforeDiedAt} (exclusive; {@code Long.MAX_VALUE} for the newest). */
    public List<DeadLetter> list(int limit, long beforeDiedAt) {
        return store.read(c -> {
            List<DeadLetter> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, dialect, bucket, rule_id, vendor_event_id, target_url, "
                    + "method, attempts, created_at, died_at, last_status, last_error FROM dead_letters "
                    + "WHERE died_at < ? ORDER BY died_at DESC, id LIMIT ?")) {
                ps.setLong(1, beforeDiedAt);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    public Optional<DeadLetter> find(String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, dialect, bucket, rule_id, vendor_event_id, target_url, "
                    + "method, attempts, created_at, died_at, last_status, last_error FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<LoggedAttempt> attempts(String id) {
        return store.read(c -> {
            List<LoggedAttempt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT attempt, started_at, duration_ms, status, error FROM attempts "
                    + "WHERE delivery_id = ? ORDER BY attempt")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Number status = (Number) rs.getObject(4);
                        out.add(new LoggedAttempt(rs.getInt(1), rs.getLong(2), rs.getLong(3),
                                status == null ? null : status.intValue(), rs.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    /** Replays the dead letters with these ids (unknown ids are skipped); returns those replayed. */
    public List<String> replay(List<String> ids, long now) {
        List<ScheduledDelivery> replayed = store.writer().execute(c -> {
            List<ScheduledDelivery> out = new ArrayList<>();
            for (String id : ids) {
                ScheduledDelivery back = moveBack(c, id, now);
                if (back != null) {
                    out.add(back);
                }
            }
            return out;
        });
        replayed.forEach(engine::schedule);
        return replayed.stream().map(ScheduledDelivery::id).toList();
    }

    /** Ids of the dead letters that died at or after {@code since}. */
    public List<String> idsDiedSince(long since) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM dead_letters WHERE died_at >= ? ORDER BY died_at")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Deletes one dead letter, or with {@code id == null} every one that died before {@code before};
     * returns how many. Dead letters still waiting for their failure report (KS3 {@code Report})
     * are kept: purging them would drop the report line.
     */
    public int purge(String id, long before) {
        return store.writer().execute(c -> {
            String where = (id != null ? "id = ?" : "died_at < ?") + " AND (report_bucket IS NULL OR reported_at IS NOT NULL)";
            try (PreparedStatement attempts = c.prepareStatement("DELETE FROM attempts WHERE delivery_id IN "
                    + "(SELECT id FROM dead_letters WHERE " + where + ")");
                 PreparedStatement dead = c.prepareStatement("DELETE FROM dead_letters WHERE " + where)) {
                bind(attempts, id, before);
                attempts.executeUpdate();
                bind(dead, id, before);
                return dead.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, String id, long before) throws SQLException {
        if (id != null) {
            ps.setString(1, id);
        } else {
            ps.setLong(1, before);
        }
    }

    /** Moves one dead letter back to {@code deliveries}; what to schedule, or {@code null} when there is no such dead letter. */
    private static ScheduledDelivery moveBack(Connection c, String id, long now) throws SQLException {
        String target;
        String orderKey;
        try (PreparedStatement ps = c.prepareStatement("SELECT target_url, order_key FROM dead_letters WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                target = rs.getString(1);
                orderKey = rs.getString(2);
            }
        }
        long seq;
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO deliveries (id, event_id, dialect, bucket, "
                + "rule_id, vendor_event_id, target_url, method, content_type, body, signing_key, headers, order_key, "
                + "origin, attempts, next_attempt_at, created_at, last_status, last_error) SELECT id, event_id, dialect, "
                + "bucket, rule_id, vendor_event_id, target_url, method, content_type, body, signing_key, headers, "
                + "order_key, ?, 0, ?, created_at, last_status, last_error FROM dead_letters WHERE id = ?");
             PreparedStatement attempts = c.prepareStatement("DELETE FROM attempts WHERE delivery_id = ?");
             PreparedStatement dead = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
            ps.setString(1, DestinationSettings.origin(target));
            ps.setLong(2, now);
            ps.setString(3, id);
            ps.executeUpdate();
            seq = DeliveryStore.lastRowid(c);
            attempts.setString(1, id);
            attempts.executeUpdate();
            dead.setString(1, id);
            dead.executeUpdate();
        }
        return new ScheduledDelivery(id, now, target, orderKey, seq);
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        Number status = (Number) rs.getObject(11);
        return new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getLong(10),
                status == null ? null : status.intValue(), rs.getString(12));
    }
}

package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.Delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code dead_letters} table: deliveries whose budget is spent, with their push for replay and
 * a mark for those owed to a failure report ({@code report_bucket} set, {@code reported_at} not yet).
 */
final class DeadLetterTable implements DeadLetterStore {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS dead_letters (\n" + DeliveryTable.PUSH_COLUMNS + """
                      attempts INTEGER NOT NULL,
                      created_at INTEGER NOT NULL,
                      died_at INTEGER NOT NULL,
                      last_status INTEGER,
                      last_error TEXT,
                      report_bucket TEXT,
                      report_prefix TEXT,
                      reported_at INTEGER)""");
            if (!SqliteSchema.hasColumn(c, "dead_letters", "order_key")) {
                st.execute("ALTER TABLE dead_letters ADD COLUMN order_key TEXT"); // FIFO came later
            }
            st.execute("CREATE INDEX IF NOT EXISTS dead_letters_unreported ON dead_letters (report_bucket) "
                    + "WHERE reported_at IS NULL");
        }
    };

    private static final String LETTER_COLUMNS = "id, dialect, bucket, rule_id, vendor_event_id, target_url, method, attempts, "
            + "created_at, died_at, last_status, last_error";

    private final SqliteDatabase db;

    DeadLetterTable(SqliteDatabase db) {
        this.db = db;
    }

    /** Copies a pending delivery here, inside the caller's transaction (which then removes it from the queue). */
    static void insertFromDeliveries(Connection c, String id, Attempt last, long now, ReportTarget report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO dead_letters (" + DeliveryTable.PUSH_COLUMN_NAMES
                + ", attempts, created_at, died_at, last_status, last_error, report_bucket, report_prefix) SELECT "
                + DeliveryTable.PUSH_COLUMN_NAMES + ", ?, created_at, ?, ?, ?, ?, ? FROM deliveries WHERE id = ?")) {
            ps.setInt(1, last.number());
            ps.setLong(2, now);
            PushColumns.setStatus(ps, 3, last.status());
            ps.setString(4, last.error());
            ps.setString(5, report == null ? null : report.bucket());
            ps.setString(6, report == null ? null : report.prefix());
            ps.setString(7, id);
            ps.executeUpdate();
        }
    }

    @Override
    public List<DeadLetter> list(int limit, long beforeDiedAt) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LETTER_COLUMNS + " FROM dead_letters "
                    + "WHERE died_at < ? ORDER BY died_at DESC, id LIMIT ?")) {
                ps.setLong(1, beforeDiedAt);
                ps.setInt(2, limit);
                return letters(ps);
            }
        });
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LETTER_COLUMNS + " FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                return letters(ps).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<OutboundPush> push(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DeliveryTable.PUSH_COLUMN_NAMES
                    + " FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(PushColumns.read(rs)) : Optional.<OutboundPush>empty();
                }
            }
        });
    }

    @Override
    public List<LoggedAttempt> attempts(String id) {
        return db.read(c -> AttemptTable.list(c, id));
    }

    @Override
    public List<String> idsDiedSince(long since) {
        return db.read(c -> {
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

    @Override
    public List<Delivery> replay(List<String> ids, long now) {
        return db.writer().execute(c -> {
            List<Delivery> out = new ArrayList<>();
            for (String id : ids) {
                Optional<Delivery> back = DeliveryTable.restore(c, id, now);
                if (back.isPresent()) {
                    AttemptTable.delete(c, id);
                    delete(c, "id = ?", id);
                    out.add(back.get());
                }
            }
            return out;
        });
    }

    @Override
    public int purge(String id, long before) {
        String where = (id != null ? "id = ?" : "died_at < ?") + " AND (report_bucket IS NULL OR reported_at IS NOT NULL)";
        Object bound = id != null ? id : before;
        return db.writer().execute(c -> {
            try (PreparedStatement attempts = c.prepareStatement("DELETE FROM attempts WHERE delivery_id IN "
                    + "(SELECT id FROM dead_letters WHERE " + where + ")")) {
                attempts.setObject(1, bound);
                attempts.executeUpdate();
            }
            return delete(c, where, bound);
        });
    }

    @Override
    public long count() {
        return db.read(c -> SqliteSchema.count(c, "SELECT count(*) FROM dead_letters"));
    }

    /** The event's name and key come from {@code events} while it is remembered (within {@code store.retention}). */
    @Override
    public <T> T withUnreported(Function<List<ReportLine>, T> work) {
        return work.apply(db.read(c -> {
            List<ReportLine> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.dialect, d.bucket, d.rule_id, d.vendor_event_id, "
                    + "d.target_url, d.method, d.attempts, d.created_at, d.died_at, d.last_status, d.last_error, "
                    + "d.report_bucket, d.report_prefix, e.event_name, e.object_key FROM dead_letters d "
                    + "LEFT JOIN events e ON e.id = d.event_id WHERE d.report_bucket IS NOT NULL AND d.reported_at IS NULL "
                    + "ORDER BY d.died_at, d.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new ReportLine(letter(rs), rs.getString(13), Objects.requireNonNullElse(rs.getString(14), ""),
                            rs.getString(15), rs.getString(16)));
                }
            }
            return lines;
        }));
    }

    @Override
    public void markReported(List<String> ids, long now) {
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET reported_at = ? WHERE id = ?")) {
                for (String id : ids) {
                    ps.setLong(1, now);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public long unreportedCount() {
        return db.read(c -> SqliteSchema.count(c,
                "SELECT count(*) FROM dead_letters WHERE report_bucket IS NOT NULL AND reported_at IS NULL"));
    }

    private static int delete(Connection c, String where, Object bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE " + where)) {
            ps.setObject(1, bound);
            return ps.executeUpdate();
        }
    }

    private static List<DeadLetter> letters(PreparedStatement ps) throws SQLException {
        List<DeadLetter> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(letter(rs));
            }
        }
        return out;
    }

    /** Columns 1 to 12 in the order of {@link #LETTER_COLUMNS}. */
    private static DeadLetter letter(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getLong(10), PushColumns.status(rs, 11),
                rs.getString(12));
    }
}

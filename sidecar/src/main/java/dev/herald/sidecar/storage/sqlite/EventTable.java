package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.EventLog;
import dev.herald.sidecar.storage.RoutedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events} table: every accepted event's identity, remembered for {@code store.retention}
 * so that a resend is recognised. Its deliveries, jobs and object-index entry go into their tables
 * in the same transaction, so an acknowledged event is never without them.
 */
final class EventTable implements EventLog {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            // body is '' unless a cloudfunc job reads the event back.
            st.execute("""
                    CREATE TABLE IF NOT EXISTS events (
                      id TEXT PRIMARY KEY,
                      producer TEXT NOT NULL,
                      bucket TEXT NOT NULL,
                      object_key TEXT NOT NULL,
                      event_name TEXT NOT NULL,
                      received_at INTEGER NOT NULL,
                      body TEXT NOT NULL)""");
            st.execute("CREATE INDEX IF NOT EXISTS events_received ON events (received_at)");
            if (SqliteSchema.hasTable(c, "bus_events")) {
                // Bus events had a table of their own before; their bodies were never read back.
                st.execute("INSERT OR IGNORE INTO events (id, producer, bucket, object_key, event_name, received_at, body) "
                        + "SELECT id, 'eventbus', bus_id, source, event_id, received_at, '' FROM bus_events");
                st.execute("DROP TABLE bus_events");
            }
        }
    };

    private static final String INSERT = "INSERT OR IGNORE INTO events (id, producer, bucket, object_key, event_name, "
            + "received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final SqliteDatabase db;
    private final Clock clock;

    EventTable(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<RoutedEvent> append(List<RoutedEvent> events) {
        long now = clock.millis();
        return db.writer().execute(c -> insert(c, events, now));
    }

    private static List<RoutedEvent> insert(Connection c, List<RoutedEvent> events, long now) throws SQLException {
        List<RoutedEvent> fresh = new ArrayList<>(events.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (RoutedEvent e : events) {
                ps.setString(1, e.id());
                ps.setString(2, e.producer());
                ps.setString(3, e.bucket());
                ps.setString(4, e.key());
                ps.setString(5, e.eventName());
                ps.setLong(6, now);
                ps.setString(7, e.body());
                if (ps.executeUpdate() == 1) {
                    List<Delivery> stored = DeliveryTable.insert(c, e.deliveries(), e.traceContext());
                    CloudfuncJobTable.insert(c, e, now);
                    if (e.indexed() != null) {
                        ObjectIndexTable.upsert(c, e.indexed(), now);
                    }
                    fresh.add(e.withDeliveries(stored));
                }
            }
        }
        return fresh;
    }

    /**
     * Forgets events received before {@code receivedBefore}, except those a cloudfunc job still
     * needs; returns how many. In small batches, each its own group commit, so ingest is never held
     * up for long.
     */
    int forget(long receivedBefore) {
        return SqliteSchema.deleteInBatches(db, "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events "
                + "WHERE received_at < ? AND id NOT IN (SELECT event_id FROM cloudfunc_jobs) LIMIT ?)", receivedBefore);
    }
}

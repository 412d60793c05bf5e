package dev.herald.sidecar.storage.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventRetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    @Test
    void forgetsEventsOlderThanTheRetentionUnlessACloudfuncJobNeedsThem() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), Clock.systemUTC())) {
            SqliteDatabase store = storage.database();
            long now = NOW.toEpochMilli();
            store.writer().execute(c -> {
                try (PreparedStatement ev = c.prepareStatement("INSERT INTO events (id, producer, bucket, object_key, "
                        + "event_name, received_at, body) VALUES (?, 'minio', 'b', 'k', 'ObjectCreated:Put', ?, '{}')");
                     PreparedStatement bus = c.prepareStatement("INSERT INTO events (id, producer, bucket, object_key, "
                             + "event_name, received_at, body) VALUES (?, 'eventbus', 'eb', 'src', ?, ?, '')")) {
                    for (int i = 0; i < 12_000; i++) { // more than one delete batch
                        ev.setString(1, "old-" + i);
                        ev.setLong(2, now - 8 * DAY);
                        ev.executeUpdate();
                    }
                    ev.setString(1, "recent");
                    ev.setLong(2, now - 6 * DAY);
                    ev.executeUpdate();
                    ev.setString(1, "old-with-job");
                    ev.setLong(2, now - 30 * DAY);
                    ev.executeUpdate();
                    bus.setString(1, "bus-old");
                    bus.setString(2, "e1");
                    bus.setLong(3, now - 8 * DAY);
                    bus.executeUpdate();
                    bus.setString(1, "bus-recent");
                    bus.setString(2, "e2");
                    bus.setLong(3, now - DAY);
                    bus.executeUpdate();
                }
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO cloudfunc_jobs (id, event_id, dialect, bucket, rule_id, next_attempt_at, created_at) "
                            + "VALUES ('j1', 'old-with-job', 'qingstor', 'b', 'r', 0, 0)");
                }
                return null;
            });
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            EventRetention retention = new EventRetention(new EventTable(store, clock), new ObjectIndexTable(store), Duration.ofDays(7), clock);
            assertThat(retention.sweep()).isEqualTo(12_001);
            assertThat(ids(store, "events")).containsExactlyInAnyOrder("recent", "old-with-job", "bus-recent");
            assertThat(retention.sweep()).isZero();
        }
    }

    private static List<String> ids(SqliteDatabase store, String table) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM " + table)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}

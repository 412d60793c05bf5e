package dev.herald.sidecar.storage.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.herald.sidecar.storage.RoutedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory written by an earlier Herald opens with everything in it, in the current schema. */
class SqliteMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void deliveriesOfAnEarlierStoreGetTheirOriginAndKeepEverythingElse() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) {
            // The two tables as the first Herald wrote them.
            st.execute("""
                    CREATE TABLE deliveries (id TEXT PRIMARY KEY, event_id TEXT NOT NULL, dialect TEXT NOT NULL,
                      bucket TEXT NOT NULL, rule_id TEXT, vendor_event_id TEXT, target_url TEXT NOT NULL, method TEXT NOT NULL,
                      content_type TEXT, body BLOB NOT NULL, signing_key TEXT, headers TEXT,
                      attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
                      last_status INTEGER, last_error TEXT)""");
            st.execute("CREATE INDEX deliveries_due ON deliveries (next_attempt_at)");
            st.execute("""
                    CREATE TABLE dead_letters (id TEXT PRIMARY KEY, event_id TEXT NOT NULL, dialect TEXT NOT NULL,
                      bucket TEXT NOT NULL, rule_id TEXT, vendor_event_id TEXT, target_url TEXT NOT NULL, method TEXT NOT NULL,
                      content_type TEXT, body BLOB NOT NULL, signing_key TEXT, headers TEXT, attempts INTEGER NOT NULL,
                      created_at INTEGER NOT NULL, died_at INTEGER NOT NULL, last_status INTEGER, last_error TEXT,
                      report_bucket TEXT, report_prefix TEXT, reported_at INTEGER)""");
            st.execute("INSERT INTO deliveries (id, event_id, dialect, bucket, target_url, method, body, attempts, "
                    + "next_attempt_at, created_at) VALUES ('d1', 'e1', 'bos', 'photos', 'HTTPS://Hooks.Example.com/x?t=1', "
                    + "'POST', x'7b7d', 2, 5, 1)");
        }
        try (SqliteStorage storage = open()) {
            SqliteDatabase store = storage.database();
            String[] row = store.read(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT origin, order_key, attempts FROM deliveries WHERE id = 'd1'")) {
                    rs.next();
                    return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
                }
            });
            assertThat(row).containsExactly("https://hooks.example.com:443", null, "2");
            boolean oldIndex = store.read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'deliveries_due'")) {
                    return rs.next() && rs.getInt(1) > 0;
                }
            });
            assertThat(oldIndex).as("the index nothing reads any more is dropped").isFalse();
            assertThat(storage.deliveries().traceContext("d1")).as("stored before traces: none, and no error").isEmpty();
        }
        try (SqliteStorage again = open()) {
            assertThat(again.location()).isEqualTo(dir); // a second open finds nothing to migrate
        }
    }

    @Test
    void busEventsOfAnEarlierStoreJoinTheEventsAndStillDeduplicate() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE bus_events (id TEXT PRIMARY KEY, bus_id TEXT NOT NULL, source TEXT NOT NULL,
                      event_id TEXT NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL)""");
            st.execute("INSERT INTO bus_events VALUES ('eb-1' || char(0) || 'App' || char(0) || 'e1', 'eb-1', 'App', 'e1', 7, "
                    + "'{\"big\":1}')");
        }
        try (SqliteStorage storage = open()) {
            String[] row = storage.database().read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT producer, bucket, object_key, received_at, body FROM events")) {
                    rs.next();
                    return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)};
                }
            });
            assertThat(row).containsExactly("eventbus", "eb-1", "App", "7", "");
            assertThat(storage.events().append(List.of(new RoutedEvent("eb-1\u0000App\u0000e1", "eventbus", "eb-1", "App",
                    "t", "", List.of(), List.of())))).as("a resend of a migrated event is a duplicate").isEmpty();
            boolean oldTable = storage.database().read(c -> SqliteSchema.hasTable(c, "bus_events"));
            assertThat(oldTable).isFalse();
        }
    }

    private SqliteStorage open() {
        return SqliteStorage.open(dir, 16, Duration.ofDays(7), Clock.systemUTC());
    }
}

package dev.herald.sidecar.storage.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How long the gauge queries behind {@code /metrics} take on a big store. Not part of the build
 * (the name does not end in Test and it needs a property):
 * {@code mvn test -pl sidecar -am -Dtest=GaugeQueryBench -Dsurefire.failIfNoSpecifiedTests=false -Dherald.bench.rows=1000000}
 */
@EnabledIfSystemProperty(named = "herald.bench.rows", matches = "\\d+")
class GaugeQueryBench {
    @TempDir
    Path dir;

    @Test
    void gaugeQueriesOnABigStore() {
        int rows = Integer.parseInt(System.getProperty("herald.bench.rows"));
        byte[] body = ("{\"events\":[{\"version\":\"1.0\",\"eventId\":\"" + UUID.randomUUID() + "\",\"eventOrigin\":\"cloud\","
                + "\"eventType\":\"PutObject\",\"eventTime\":\"2026-11-22T13:34:30Z\",\"content\":{\"userId\":\"u\","
                + "\"domain\":\"bj.bcebos.com\",\"bucket\":\"photos\",\"object\":\"images/a b.jpg\",\"etag\":\"abc\","
                + "\"filesize\":10,\"contentType\":\"image/jpeg\",\"lastModified\":\"2026-11-22T13:34:30Z\"}}]}")
                .repeat(2).getBytes(StandardCharsets.UTF_8);
        try (SqliteStorage storage = open()) {
            SqliteDatabase store = storage.database();
            long t0 = System.nanoTime();
            fill(store, "deliveries", rows, body);
            fill(store, "dead_letters", rows, body);
            System.out.printf("filled %,d deliveries and %,d dead letters (%d-byte bodies) in %.1f s%n", rows, rows,
                    body.length, (System.nanoTime() - t0) / 1e9);
            DeliveryTable deliveries = (DeliveryTable) storage.deliveries();
            plan(store, "SELECT count(*) FROM deliveries");
            plan(store, "SELECT created_at FROM deliveries ORDER BY rowid LIMIT 1");
            plan(store, "SELECT count(*) FROM dead_letters");
            plan(store, "SELECT min(created_at) FROM deliveries");
            time("pending count(*)", deliveries::pendingCount);
            time("oldest pending by rowid", deliveries::oldestPendingCreatedAt);
            time("dead letters count(*)", storage.deadLetters()::count);
            time("min(created_at), no index (for comparison)", () -> scalar(store, "SELECT min(created_at) FROM deliveries"));
            // Deleting the oldest tenth, as deliveries do: the first rowid is then behind freed pages.
            store.writer().execute(c -> c.createStatement().executeUpdate("DELETE FROM deliveries WHERE rowid <= " + rows / 10));
            time("oldest pending by rowid, oldest 10% deleted", deliveries::oldestPendingCreatedAt);
            time("pending count(*), oldest 10% deleted", deliveries::pendingCount);
        }
        try (SqliteStorage reopened = open()) {
            long t = System.nanoTime();
            reopened.deliveries().pendingCount();
            System.out.printf("pending count(*), first query after reopening: %.2f ms%n", (System.nanoTime() - t) / 1e6);
        }
    }

    private SqliteStorage open() {
        return SqliteStorage.open(dir.resolve("data"), 64, Duration.ofDays(7), Clock.systemUTC());
    }

    private static void fill(SqliteDatabase store, String table, int rows, byte[] body) {
        long now = System.currentTimeMillis() - rows;
        boolean dead = table.equals("dead_letters");
        store.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, event_id, dialect, bucket, rule_id, "
                    + "vendor_event_id, target_url, method, content_type, body, signing_key, attempts, created_at, "
                    + (dead ? "died_at" : "next_attempt_at, origin") + ") VALUES (?, ?, 'bos', 'photos', 'r1', ?, "
                    + "'https://receiver.example.com/bos/events', 'POST', 'application/json', ?, NULL, 1, ?, ?"
                    + (dead ? "" : ", 'https://receiver.example.com:443'") + ")")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, UUID.randomUUID().toString());
                    ps.setString(3, UUID.randomUUID().toString());
                    ps.setBytes(4, body);
                    ps.setLong(5, now + i);
                    ps.setLong(6, now + i + 5_000);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void plan(SqliteDatabase store, String sql) {
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql); ResultSet rs = ps.executeQuery()) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(4)).append("; ");
                }
                System.out.printf("plan %-60s %s%n", sql, plan);
            }
            return null;
        });
    }

    private static Object scalar(SqliteDatabase store, String sql) {
        return store.read(c -> query(c, sql));
    }

    private static Object query(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    private static void time(String what, Supplier<?> query) {
        Object value = null;
        for (int i = 0; i < 3; i++) {
            value = query.get();
        }
        double[] ms = new double[21];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-50s min %8.3f ms  median %8.3f ms  max %8.3f ms  (value %s)%n", what, ms[0], ms[ms.length / 2],
                ms[ms.length - 1], value);
    }
}

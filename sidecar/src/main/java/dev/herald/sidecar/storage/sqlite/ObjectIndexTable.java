package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.ObjectIndex;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code object_index} table (the last event per object) and {@code indexed_buckets} (since
 * when each bucket with rules is indexed). Keys compare as SQLite's default BINARY collation does,
 * byte by byte in UTF-8: the order S3 lists in, so a listing and an index page merge in one pass.
 */
final class ObjectIndexTable implements ObjectIndex {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            boolean upgrade = !SqliteSchema.hasTable(c, "indexed_buckets");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS object_index (
                      bucket TEXT NOT NULL,
                      object_key TEXT NOT NULL,
                      etag TEXT,
                      version_id TEXT,
                      event_time INTEGER NOT NULL,
                      removed INTEGER NOT NULL,
                      recorded_at INTEGER NOT NULL,
                      PRIMARY KEY (bucket, object_key))""");
            st.execute("CREATE INDEX IF NOT EXISTS object_index_recorded ON object_index (recorded_at)");
            st.execute("CREATE TABLE IF NOT EXISTS indexed_buckets (bucket TEXT PRIMARY KEY, since INTEGER NOT NULL)");
            if (upgrade) {
                // A store from before the index: its buckets with rules are indexed from this upgrade on.
                st.execute("INSERT OR IGNORE INTO indexed_buckets (bucket, since) "
                        + "SELECT DISTINCT bucket, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM rules");
            }
        }
    };

    // An event older than the one indexed (a late resend, a slow producer) does not replace it.
    private static final String UPSERT = "INSERT INTO object_index (bucket, object_key, etag, version_id, event_time, "
            + "removed, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bucket, object_key) DO UPDATE SET "
            + "etag = excluded.etag, version_id = excluded.version_id, event_time = excluded.event_time, "
            + "removed = excluded.removed, recorded_at = excluded.recorded_at "
            + "WHERE excluded.event_time >= object_index.event_time";

    private final SqliteDatabase db;

    ObjectIndexTable(SqliteDatabase db) {
        this.db = db;
    }

    /** Records what an event tells about its object; part of the event's own commit. */
    static void upsert(Connection c, ObjectIndex.Entry e, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, e.bucket());
            ps.setString(2, e.key());
            setNullable(ps, 3, e.eTag());
            setNullable(ps, 4, e.versionId());
            ps.setLong(5, e.eventTime().toEpochMilli());
            ps.setInt(6, e.removed() ? 1 : 0);
            ps.setLong(7, now);
            ps.executeUpdate();
        }
    }

    /** The bucket is indexed from {@code now} unless it already was; part of the rule's commit. */
    static void startIndexing(Connection c, String bucket, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO indexed_buckets (bucket, since) VALUES (?, ?)")) {
            ps.setString(1, bucket);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    /** Once the bucket's last rule is gone, its index is: events it gets meanwhile are not indexed. */
    static void stopIndexingIfRuleless(Connection c, String bucket) throws SQLException {
        for (String table : List.of("indexed_buckets", "object_index")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE bucket = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM rules WHERE bucket = ?)")) {
                ps.setString(1, bucket);
                ps.setString(2, bucket);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Forgets entries recorded before {@code recordedBefore}, in batches of their own commits, and
     * moves each bucket's start of indexing up to it: an object last changed before then is
     * pre-existing again, as it would be had its event never come. Returns how many were forgotten.
     */
    int forget(long recordedBefore) {
        int total = SqliteSchema.deleteInBatches(db, "DELETE FROM object_index WHERE rowid IN (SELECT rowid FROM object_index "
                + "WHERE recorded_at < ? LIMIT ?)", recordedBefore);
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indexed_buckets SET since = ? WHERE since < ?")) {
                ps.setLong(1, recordedBefore);
                ps.setLong(2, recordedBefore);
                return ps.executeUpdate();
            }
        });
        return total;
    }

    @Override
    public Optional<Instant> indexingSince(String bucket) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT since FROM indexed_buckets WHERE bucket = ?")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ObjectIndex.Entry> page(String bucket, String afterKey, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT object_key, etag, version_id, event_time, removed "
                    + "FROM object_index WHERE bucket = ? AND object_key > ? ORDER BY object_key LIMIT ?")) {
                ps.setString(1, bucket);
                ps.setString(2, afterKey == null ? "" : afterKey);
                ps.setInt(3, limit);
                List<ObjectIndex.Entry> out = new ArrayList<>(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ObjectIndex.Entry(bucket, rs.getString(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5) == 1));
                    }
                }
                return out;
            }
        });
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}

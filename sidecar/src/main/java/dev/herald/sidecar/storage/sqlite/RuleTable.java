package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.RuleStorage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code rules} table: one document per bucket and dialect. Storing a bucket's first document
 * starts its object index and removing its last one drops it, in the same commit.
 */
final class RuleTable implements RuleStorage {
    static final SqliteDatabase.Schema SCHEMA = c -> {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS rules (
                      bucket TEXT NOT NULL,
                      dialect TEXT NOT NULL,
                      rules_json TEXT NOT NULL,
                      updated_at INTEGER NOT NULL,
                      PRIMARY KEY (bucket, dialect))""");
        }
    };

    private final SqliteDatabase db;

    RuleTable(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rules_json FROM rules WHERE bucket = ? AND dialect = ?")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, String> bucket(String bucket) {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dialect, rules_json FROM rules WHERE bucket = ? "
                    + "ORDER BY dialect")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void save(String bucket, String dialect, String rulesJson, long now) {
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rules (bucket, dialect, rules_json, updated_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (bucket, dialect) DO UPDATE SET rules_json = excluded.rules_json, "
                    + "updated_at = excluded.updated_at")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                ps.setString(3, rulesJson);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            ObjectIndexTable.startIndexing(c, bucket, now);
            return null;
        });
    }

    @Override
    public void delete(String bucket, String dialect) {
        db.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rules WHERE bucket = ? AND dialect = ?")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                ps.executeUpdate();
            }
            ObjectIndexTable.stopIndexingIfRuleless(c, bucket);
            return null;
        });
    }

    @Override
    public List<String> buckets() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT bucket FROM rules ORDER BY bucket");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}

package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.RuleQuota;
import dev.herald.sidecar.storage.RuleStorage;

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

/**
 * The {@code rules} table: one document per bucket and dialect, with the access key that stored
 * it and its number of rules, so that each key's share can be counted ({@link RuleQuota}).
 * Documents of a store written before those columns existed belong to nobody and count 0 rules.
 * Storing a bucket's first document starts its object index and removing its last one drops it,
 * in the same commit.
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
            if (!SqliteSchema.hasColumn(c, "rules", "owner")) {
                st.execute("ALTER TABLE rules ADD COLUMN owner TEXT");
            }
            if (!SqliteSchema.hasColumn(c, "rules", "rule_count")) {
                st.execute("ALTER TABLE rules ADD COLUMN rule_count INTEGER NOT NULL DEFAULT 0");
            }
            st.execute("CREATE INDEX IF NOT EXISTS rules_by_owner ON rules (owner)");
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
    public Optional<String> save(String bucket, String dialect, String rulesJson, int ruleCount, RuleQuota quota, long now) {
        return db.writer().execute(c -> {
            Optional<String> refusal = quota == null ? Optional.empty() : refusal(c, bucket, dialect, ruleCount, quota);
            if (refusal.isPresent()) {
                return refusal;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rules (bucket, dialect, rules_json, updated_at, owner, "
                    + "rule_count) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bucket, dialect) DO UPDATE SET rules_json = "
                    + "excluded.rules_json, updated_at = excluded.updated_at, owner = excluded.owner, "
                    + "rule_count = excluded.rule_count")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                ps.setString(3, rulesJson);
                ps.setLong(4, now);
                ps.setString(5, quota == null ? null : quota.owner());
                ps.setInt(6, ruleCount);
                ps.executeUpdate();
            }
            ObjectIndexTable.startIndexing(c, bucket, now);
            return Optional.empty();
        });
    }

    @Override
    public Optional<String> quotaRefusal(String bucket, String dialect, int ruleCount, RuleQuota quota) {
        return db.read(c -> refusal(c, bucket, dialect, ruleCount, quota));
    }

    /** The owner's share without the document being replaced, plus the new one, against its quota. */
    private static Optional<String> refusal(Connection c, String bucket, String dialect, int ruleCount, RuleQuota quota)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT CASE WHEN rule_count > 0 THEN bucket END), "
                + "coalesce(sum(rule_count), 0), coalesce(max(bucket = ? AND rule_count > 0), 0) FROM rules "
                + "WHERE owner = ? AND NOT (bucket = ? AND dialect = ?)")) {
            ps.setString(1, bucket);
            ps.setString(2, quota.owner());
            ps.setString(3, bucket);
            ps.setString(4, dialect);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long buckets = rs.getLong(1) + (ruleCount > 0 && rs.getInt(3) == 0 ? 1 : 0);
                long rules = rs.getLong(2) + ruleCount;
                if (buckets > quota.maxBuckets()) {
                    return Optional.of("access key " + quota.owner() + " would have rules on " + buckets
                            + " buckets; credentialLimits.maxBuckets is " + quota.maxBuckets());
                }
                if (rules > quota.maxRules()) {
                    return Optional.of("access key " + quota.owner() + " would have " + rules
                            + " rules; credentialLimits.maxRules is " + quota.maxRules());
                }
                return Optional.empty();
            }
        }
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

package dev.herald.sidecar.rules;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.RuleRepository;
import dev.herald.sidecar.store.HeraldStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules per bucket and dialect, stored in the {@code rules} table, with the compiled matchers of
 * recently used buckets held in memory. A change commits first and then invalidates the bucket's
 * entry, so the next event routes with the new rules (read-your-writes).
 */
public final class RuleStore implements RuleRepository {
    private final HeraldStore store;
    private final Clock clock;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final LoadingCache<String, Map<String, CompiledRules>> compiled;

    public RuleStore(HeraldStore store, List<NotificationDialect> dialects, Clock clock, long maxBuckets) {
        this.store = store;
        this.clock = clock;
        dialects.forEach(d -> this.dialects.put(d.id(), d));
        this.compiled = Caffeine.newBuilder().maximumSize(maxBuckets).build(this::compileBucket);
    }

    /** The compiled rules of every dialect for {@code bucket} (an empty map when it has none). */
    public Map<String, CompiledRules> rulesFor(String bucket) {
        return compiled.get(bucket);
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return store.read(c -> {
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
    public void save(String bucket, String dialect, String rulesJson) {
        store.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rules (bucket, dialect, rules_json, updated_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (bucket, dialect) DO UPDATE SET rules_json = excluded.rules_json, "
                            + "updated_at = excluded.updated_at")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                ps.setString(3, rulesJson);
                ps.setLong(4, clock.millis());
                return ps.executeUpdate();
            }
        });
        compiled.invalidate(bucket);
    }

    @Override
    public void delete(String bucket, String dialect) {
        store.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rules WHERE bucket = ? AND dialect = ?")) {
                ps.setString(1, bucket);
                ps.setString(2, dialect);
                return ps.executeUpdate();
            }
        });
        compiled.invalidate(bucket);
    }

    private Map<String, CompiledRules> compileBucket(String bucket) {
        Map<String, String> stored = store.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dialect, rules_json FROM rules WHERE bucket = ? ORDER BY dialect")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
        Map<String, CompiledRules> out = new LinkedHashMap<>();
        stored.forEach((dialectId, json) -> {
            NotificationDialect dialect = dialects.get(dialectId);
            if (dialect != null) {
                out.put(dialectId, dialect.compile(bucket, json));
            }
        });
        return Map.copyOf(out);
    }
}

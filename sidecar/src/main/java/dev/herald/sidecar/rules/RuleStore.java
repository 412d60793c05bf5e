package dev.herald.sidecar.rules;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.RuleRepository;
import dev.herald.sidecar.backend.WiredBuckets;
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
    private final WiredBuckets wiring;
    private final HeraldStore store;
    private final Clock clock;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final LoadingCache<String, Map<String, CompiledRules>> compiled;

    public RuleStore(HeraldStore store, List<NotificationDialect> dialects, Clock clock, long maxBuckets) {
        this(store, dialects, clock, maxBuckets, WiredBuckets.NONE);
    }

    /** @param wiring keeps the backend's bucket notification configuration in step with the rules */
    public RuleStore(HeraldStore store, List<NotificationDialect> dialects, Clock clock, long maxBuckets,
                     WiredBuckets wiring) {
        this.wiring = wiring;
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
        NotificationDialect d = dialects.get(dialect);
        boolean hasRulesAfter = d != null && !d.compile(bucket, rulesJson).isEmpty() || othersHaveRules(bucket, dialect);
        wiring.change(bucket, hasRulesAfter, () -> write(bucket, dialect, rulesJson));
    }

    private Integer write(String bucket, String dialect, String rulesJson) {
        Integer written = store.writer().execute(c -> {
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
        return written;
    }

    @Override
    public void delete(String bucket, String dialect) {
        wiring.change(bucket, othersHaveRules(bucket, dialect), () -> {
            Integer deleted = store.writer().execute(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM rules WHERE bucket = ? AND dialect = ?")) {
                    ps.setString(1, bucket);
                    ps.setString(2, dialect);
                    return ps.executeUpdate();
                }
            });
            compiled.invalidate(bucket);
            return deleted;
        });
    }

    /** Whether {@code bucket} has rules of a dialect other than {@code dialect}. */
    private boolean othersHaveRules(String bucket, String dialect) {
        return rulesFor(bucket).entrySet().stream().anyMatch(e -> !e.getKey().equals(dialect) && !e.getValue().isEmpty());
    }

    /** Every bucket with at least one rule. */
    public List<String> bucketsWithRules() {
        List<String> buckets = store.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT bucket FROM rules ORDER BY bucket");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        return buckets.stream().filter(b -> rulesFor(b).values().stream().anyMatch(r -> !r.isEmpty())).toList();
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

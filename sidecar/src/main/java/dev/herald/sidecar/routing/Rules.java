package dev.herald.sidecar.routing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.RuleRepository;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.storage.RuleStorage;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every bucket's rules as the config APIs and routing see them: stored in {@link RuleStorage},
 * compiled for the buckets in use and cached, and kept in step with the backend's wiring. A
 * change commits first and then invalidates the bucket's entry, so the next event routes with the
 * new rules (read-your-writes).
 */
public final class Rules implements RuleRepository {
    private final RuleStorage storage;
    private final WiredBuckets wiring;
    private final Clock clock;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final LoadingCache<String, Map<String, CompiledRules>> compiled;

    /** @param wiring keeps the backend's bucket notification configuration in step with the rules */
    public Rules(RuleStorage storage, List<NotificationDialect> dialects, Clock clock, long maxBuckets, WiredBuckets wiring) {
        this.storage = storage;
        this.wiring = wiring;
        this.clock = clock;
        dialects.forEach(d -> this.dialects.put(d.id(), d));
        this.compiled = Caffeine.newBuilder().maximumSize(maxBuckets).build(this::compileBucket);
    }

    /** The compiled rules of every dialect for {@code bucket} (an empty map when it has none). */
    public Map<String, CompiledRules> compiledFor(String bucket) {
        return compiled.get(bucket);
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return storage.load(bucket, dialect);
    }

    @Override
    public void save(String bucket, String dialect, String rulesJson) {
        NotificationDialect d = dialects.get(dialect);
        boolean hasRulesAfter = d != null && !d.compile(bucket, rulesJson).isEmpty() || othersHaveRules(bucket, dialect);
        wiring.change(bucket, hasRulesAfter, () -> {
            storage.save(bucket, dialect, rulesJson, clock.millis());
            compiled.invalidate(bucket);
            return null;
        });
    }

    @Override
    public void delete(String bucket, String dialect) {
        wiring.change(bucket, othersHaveRules(bucket, dialect), () -> {
            storage.delete(bucket, dialect);
            compiled.invalidate(bucket);
            return null;
        });
    }

    /** Another replica changed the bucket's rules (cluster mode): the next event compiles them again. */
    public void changedElsewhere(String bucket) {
        compiled.invalidate(bucket);
    }

    /** Whether {@code bucket} has rules of a dialect other than {@code dialect}. */
    private boolean othersHaveRules(String bucket, String dialect) {
        return compiledFor(bucket).entrySet().stream().anyMatch(e -> !e.getKey().equals(dialect) && !e.getValue().isEmpty());
    }

    /** Every bucket with at least one rule. */
    public List<String> bucketsWithRules() {
        return storage.buckets().stream().filter(b -> compiledFor(b).values().stream().anyMatch(r -> !r.isEmpty())).toList();
    }

    /** The bucket's rule documents by dialect, each as its vendor's GET answers it. */
    public Map<String, String> apiDocuments(String bucket) {
        Map<String, String> out = new LinkedHashMap<>();
        storage.bucket(bucket).forEach((dialectId, json) -> {
            NotificationDialect d = dialects.get(dialectId);
            out.put(dialectId, d == null ? json : d.apiJson(json));
        });
        return out;
    }

    private Map<String, CompiledRules> compileBucket(String bucket) {
        Map<String, CompiledRules> out = new LinkedHashMap<>();
        storage.bucket(bucket).forEach((dialectId, json) -> {
            NotificationDialect dialect = dialects.get(dialectId);
            if (dialect != null) {
                out.put(dialectId, dialect.compile(bucket, json));
            }
        });
        return Collections.unmodifiableMap(out); // in dialect order, so pushes come out in a stable order
    }
}

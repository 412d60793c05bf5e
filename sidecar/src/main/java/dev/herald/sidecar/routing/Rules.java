package dev.herald.sidecar.routing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.RuleRepository;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.storage.RuleQuota;
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
 * new rules (read-your-writes). The cache is bounded by weight, an estimate of the bytes a
 * bucket's compiled rules hold (twice their stored JSON), so that a few huge rule sets cannot fill
 * the heap: a bucket that does not fit is compiled again when it is used.
 */
public final class Rules implements RuleRepository {
    private final RuleStorage storage;
    private final WiredBuckets wiring;
    private final Clock clock;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final LoadingCache<String, CompiledBucket> compiled;

    /** A bucket's compiled rules with their estimated weight in bytes. */
    private record CompiledBucket(Map<String, CompiledRules> byDialect, int weight) {
    }

    /**
     * @param cacheBytes most estimated bytes of compiled rules kept in memory ({@code store.ruleCacheBytes})
     * @param wiring     keeps the backend's bucket notification configuration in step with the rules
     */
    public Rules(RuleStorage storage, List<NotificationDialect> dialects, Clock clock, long cacheBytes, WiredBuckets wiring) {
        this.storage = storage;
        this.wiring = wiring;
        this.clock = clock;
        dialects.forEach(d -> this.dialects.put(d.id(), d));
        this.compiled = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((String bucket, CompiledBucket b) -> b.weight())
                .build(this::compileBucket);
    }

    /** The compiled rules of every dialect for {@code bucket} (an empty map when it has none). */
    public Map<String, CompiledRules> compiledFor(String bucket) {
        return compiled.get(bucket).byDialect();
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return storage.load(bucket, dialect);
    }

    /** Stores a document that counts against nobody (see {@link #save(String, String, String, RuleQuota)}). */
    @Override
    public void save(String bucket, String dialect, String rulesJson) {
        save(bucket, dialect, rulesJson, null);
    }

    /**
     * Stores a document, counted against the quota's owner; a document that would take the owner
     * over its quota is not stored, and the backend is not wired for it.
     *
     * @return why the quota refuses it, or empty once stored
     */
    public Optional<String> save(String bucket, String dialect, String rulesJson, RuleQuota quota) {
        NotificationDialect d = dialects.get(dialect);
        int ruleCount = RuleCount.of(rulesJson);
        Optional<String> refusal = quota == null ? Optional.empty() : storage.quotaRefusal(bucket, dialect, ruleCount, quota);
        if (refusal.isPresent()) {
            return refusal;
        }
        boolean hasRulesAfter = d != null && !d.compile(bucket, rulesJson).isEmpty() || othersHaveRules(bucket, dialect);
        return wiring.change(bucket, hasRulesAfter, () -> {
            Optional<String> raced = storage.save(bucket, dialect, rulesJson, ruleCount, quota, clock.millis());
            compiled.invalidate(bucket);
            return raced;
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

    private CompiledBucket compileBucket(String bucket) {
        Map<String, CompiledRules> out = new LinkedHashMap<>();
        long weight = 64L + 2L * bucket.length();
        for (Map.Entry<String, String> stored : storage.bucket(bucket).entrySet()) {
            NotificationDialect dialect = dialects.get(stored.getKey());
            if (dialect != null) {
                out.put(stored.getKey(), dialect.compile(bucket, stored.getValue()));
                weight += 2L * stored.getValue().length();
            }
        }
        // In dialect order, so pushes come out in a stable order.
        return new CompiledBucket(Collections.unmodifiableMap(out), (int) Math.min(Integer.MAX_VALUE, weight));
    }
}

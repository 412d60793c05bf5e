package dev.herald.sidecar.config;

import java.time.Duration;

/**
 * {@code backend.reconcile}: comparing buckets' listings with what Herald saw, to emit the events
 * the backend never sent (docs/reconcile.md).
 *
 * @param interval  reconcile every bucket with rules this often; unset: only on demand
 * @param grace     objects changed within this long before a run are left alone, their events may be in flight
 * @param rateLimit most backend requests (ListObjectsV2 pages, HeadObject) per second
 */
public record ReconcileConfig(Duration interval, Duration grace, Double rateLimit) {
    public ReconcileConfig {
        grace = grace == null ? Duration.ofMinutes(5) : grace;
        rateLimit = rateLimit == null ? 20.0 : rateLimit;
        if (interval != null && interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("backend.reconcile.interval must be at least 1m, got " + interval);
        }
        DeliveryConfig.checkRate("backend.reconcile", rateLimit, null);
    }
}

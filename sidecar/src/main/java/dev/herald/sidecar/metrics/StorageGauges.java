package dev.herald.sidecar.metrics;

import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.storage.Storage;

import java.time.Clock;
import java.util.OptionalLong;

/** The gauges read from storage at each scrape: queue depth, its oldest entry's age, dead letters. */
public final class StorageGauges {
    private StorageGauges() {
    }

    /**
     * Each reads NaN while the storage cannot be read. A count over a million rows takes 10-30 ms
     * (GaugeQueryBench); one taking 50 ms or more is reused for 5 s.
     */
    public static void register(HeraldMetrics metrics, Storage storage, Clock clock) {
        DeliveryQueue deliveries = storage.deliveries();
        metrics.gauge("herald.deliveries.pending", "Deliveries stored and not yet delivered or dead (the queue depth)",
                ReuseWhenSlow.of(deliveries::pendingCount));
        metrics.gauge("herald.deliveries.pending.oldest.age", "Time since the event of the longest-queued pending delivery "
                + "was stored; 0 when nothing is pending", "seconds", () -> oldestAgeSeconds(deliveries, clock));
        metrics.gauge("herald.deliveries.dead", "Deliveries in the dead-letter table",
                ReuseWhenSlow.of(storage.deadLetters()::count));
    }

    /** Seconds since the event of the longest-queued pending delivery was stored; 0 when none is pending. */
    static double oldestAgeSeconds(DeliveryQueue deliveries, Clock clock) {
        OptionalLong createdAt = deliveries.oldestPendingCreatedAt();
        return createdAt.isEmpty() ? 0 : Math.max(0, clock.millis() - createdAt.getAsLong()) / 1000.0;
    }
}

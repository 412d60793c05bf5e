package dev.herald.sidecar.storage.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets stored events older than {@code retention}. An event's id is what recognises a
 * producer's resend, so the retention is the de-duplication window. The object index forgets its
 * entries with their events (docs/reconcile.md). Deliveries and dead letters
 * keep bodies of their own and are not touched, and an event a cloudfunc job still needs is kept
 * (bus events included: they share the table).
 */
final class EventRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);

    private final EventTable events;
    private final ObjectIndexTable objectIndex;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("herald-event-retention").daemon(true).factory());

    EventRetention(EventTable events, ObjectIndexTable objectIndex, Duration retention, Clock clock) {
        this.events = events;
        this.objectIndex = objectIndex;
        this.retention = retention;
        this.clock = clock;
    }

    void start() {
        long every = Math.max(1_000, Math.min(retention.toMillis() / 10, Duration.ofHours(1).toMillis()));
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("cannot forget old events: {}; trying again later", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes every event older than the retention; returns how many. */
    int sweep() {
        long before = clock.millis() - retention.toMillis();
        int total = events.forget(before);
        int entries = objectIndex.forget(before);
        if (total > 0 || entries > 0) {
            LOG.info("forgot {} events and {} object-index entries received before {} (store.retention {})", total,
                    entries, Instant.ofEpochMilli(before), retention);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.herald.sidecar.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets stored events older than {@code retention}. An event's id is what recognises a
 * producer's resend, so the retention is the de-duplication window; deliveries and dead letters
 * keep bodies of their own and are not touched, and an event a cloudfunc job still needs is kept.
 * Deleted in small batches, each its own group commit, so ingest is never held up for long.
 */
public final class EventRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final int BATCH = 5_000;

    private final HeraldStore store;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("herald-event-retention").daemon(true).factory());

    public EventRetention(HeraldStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    public void start() {
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
    public int sweep() {
        long before = clock.millis() - retention.toMillis();
        int total = 0;
        for (String sql : new String[] {
            "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE received_at < ? "
                    + "AND id NOT IN (SELECT event_id FROM cloudfunc_jobs) LIMIT " + BATCH + ")",
            "DELETE FROM bus_events WHERE rowid IN (SELECT rowid FROM bus_events WHERE received_at < ? LIMIT " + BATCH + ")"}) {
            int n;
            do {
                n = store.writer().execute(c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, before);
                        return ps.executeUpdate();
                    }
                });
                total += n;
            } while (n == BATCH);
        }
        if (total > 0) {
            LOG.info("forgot {} events received before {} (store.retention {})", total, Instant.ofEpochMilli(before),
                    retention);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

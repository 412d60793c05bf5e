package dev.herald.sidecar.delivery;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.net.ParsedUrls;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes an attempt's outcome durable — delivered, retried later, dead-lettered, its URL disabled —
 * counts it, and only then tells the dispatcher the delivery may leave memory or go again. Until
 * the queue has recorded the end of a delivery, a restart sends it once more, with the same id.
 */
final class OutcomeRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final long STORE_RETRY_MILLIS = 5_000;

    /** What the dispatcher does once an outcome is recorded. */
    interface Completion {
        /** The delivery is over (delivered, dead or gone): its place in memory is free. */
        void finished(Timeline.Attempt attempt);

        /** The delivery goes again: {@code next} is it with its next due time. */
        void again(Timeline.Attempt attempt, Delivery next);

        /** The lane's breaker closed again: its waiting deliveries may go. */
        void laneReopened(Lane lane);

        boolean closed();
    }

    private final DeliveryQueue queue;
    private final DisabledTargets disabledTargets;
    private final ReportTargets reportTargets;
    private final HeraldMetrics metrics;
    private final RecentDeliveries recent;
    private final Clock clock;

    OutcomeRecorder(DeliveryQueue queue, DisabledTargets disabledTargets, ReportTargets reportTargets, HeraldMetrics metrics,
                    RecentDeliveries recent, Clock clock) {
        this.queue = queue;
        this.disabledTargets = disabledTargets;
        this.reportTargets = reportTargets;
        this.metrics = metrics;
        this.recent = recent;
        this.clock = clock;
    }

    /**
     * The outcomes of one request: of one delivery, or of a batch's members, index by index. The
     * delivered ones leave the queue in one write.
     *
     * @param loaded the deliveries as attempted, with their pushes
     */
    void record(List<Timeline.Attempt> held, List<Delivery> loaded, List<Attempt> attempts, List<Outcome> outcomes,
                Completion done) {
        List<Timeline.Attempt> deliveredHeld = new ArrayList<>(held.size());
        List<Delivery> delivered = new ArrayList<>(held.size());
        long now = clock.millis();
        for (int i = 0; i < held.size(); i++) {
            Delivery d = loaded.get(i);
            if (outcomes.get(i) instanceof Outcome.Delivered) {
                remember(d, attempts.get(i), outcomes.get(i));
                deliveredHeld.add(held.get(i));
                delivered.add(d);
                String host = ParsedUrls.of(d.targetUrl()).getHost();
                metrics.deliveryAttempt(d.push().dialect(), host, "succeeded");
                metrics.deliveredEndToEnd(d.push().dialect(), host, Duration.ofMillis(Math.max(0, now - d.createdAt())));
            } else {
                recordFailure(held.get(i), d, attempts.get(i), outcomes.get(i), now, done);
            }
        }
        if (!delivered.isEmpty()) {
            recordDelivered(deliveredHeld, delivered, done, true);
        }
    }

    private void recordFailure(Timeline.Attempt held, Delivery loaded, Attempt attempt, Outcome outcome, long now,
                               Completion done) {
        String dialect = loaded.push().dialect();
        String host = ParsedUrls.of(loaded.targetUrl()).getHost();
        remember(loaded, attempt, outcome);
        switch (outcome) {
            case Outcome.Delivered d -> throw new IllegalArgumentException("a delivered attempt is no failure");
            case Outcome.RetryAt r -> {
                LOG.debug("delivery {} attempt {} failed ({}); next at {}", loaded.id(), attempt.number(), attempt.error(), r.at());
                queue.retryLater(loaded, attempt, r.at()).whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("could not record attempt {} of {}: {}", attempt.number(), loaded.id(), e.getMessage());
                    }
                    done.again(held, loaded.retriedAt(r.at()));
                });
                metrics.deliveryAttempt(dialect, host, "retried");
            }
            case Outcome.Gone g -> {
                // The receiver says the endpoint is gone for good: stop calling it (Svix and Hook0 do the same).
                LOG.warn("target {} answered 410 Gone: disabled", redact(loaded.targetUrl()));
                disabledTargets.disable(loaded.targetUrl(), "HTTP 410 Gone for delivery " + loaded.id(), now);
                deadLetter(held, loaded, attempt, now, done);
                metrics.deliveryAttempt(dialect, host, "dead");
            }
            case Outcome.Dead d -> {
                deadLetter(held, loaded, attempt, now, done);
                metrics.deliveryAttempt(dialect, host, "dead");
            }
        }
    }

    private void remember(Delivery loaded, Attempt attempt, Outcome outcome) {
        String bucket = loaded.push().bucket();
        String key = loaded.orderKey() != null && bucket != null && loaded.orderKey().startsWith(bucket + "/")
                ? loaded.orderKey().substring(bucket.length() + 1) : null;
        String name = switch (outcome) {
            case Outcome.Delivered d -> "delivered";
            case Outcome.RetryAt r -> "retrying";
            case Outcome.Dead d -> "dead";
            case Outcome.Gone g -> "gone";
        };
        recent.add(new RecentDeliveries.Entry(loaded.id(), loaded.push().dialect(), bucket, key, redact(loaded.targetUrl()),
                attempt.number(), attempt.status(), name, attempt.error(), attempt.startedAt(), attempt.durationMillis()));
    }

    private void deadLetter(Timeline.Attempt held, Delivery loaded, Attempt attempt, long now, Completion done) {
        LOG.warn("delivery {} to {} dead after {} attempts: {}", loaded.id(), redact(loaded.targetUrl()), attempt.number(),
                attempt.error());
        queue.deadLetter(loaded, attempt, now, reportTarget(loaded)).whenComplete((ok, e) -> {
            if (e == null) {
                done.finished(held);
            } else {
                LOG.warn("could not dead-letter {}: {}; trying again in 5 s", loaded.id(), e.getMessage());
                done.again(held, held.delivery().unloaded().dueAt(clock.millis() + STORE_RETRY_MILLIS));
            }
        });
    }

    /**
     * Removes delivered rows, trying again every 5 s while the queue cannot write, and only then
     * frees their places in memory: until a row is gone a reload from the queue must still see it
     * as held. A restart before it is recorded sends it once more (at least once, same id).
     */
    private void recordDelivered(List<Timeline.Attempt> held, List<Delivery> loaded, Completion done, boolean first) {
        queue.delivered(loaded).whenComplete((ok, e) -> {
            if (e == null) {
                held.forEach(done::finished);
                return;
            }
            if (done.closed()) {
                return;
            }
            if (first) {
                LOG.warn("{} succeeded but could not be recorded: {}; trying again every 5 s", loaded.size() == 1
                        ? "delivery " + loaded.getFirst().id() : "a batch of " + loaded.size() + " deliveries", e.getMessage());
            }
            CompletableFuture.delayedExecutor(STORE_RETRY_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(() -> recordDelivered(held, loaded, done, false));
        });
    }

    private ReportTarget reportTarget(Delivery d) {
        try {
            return reportTargets.of(d.push().dialect(), d.push().bucket(), d.push().ruleId()).orElse(null);
        } catch (RuntimeException e) {
            // The dead letter matters more than its report line; the rule may have changed meanwhile.
            LOG.warn("no report target for dead delivery {}: {}", d.id(), e.getMessage());
            return null;
        }
    }

    /** URL without query and user info: queries often carry tokens. */
    static String redact(String url) {
        URI u = ParsedUrls.of(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()) + u.getRawPath();
    }
}

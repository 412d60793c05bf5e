package dev.herald.sidecar.reconcile;

import dev.herald.sidecar.routing.Rules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code backend.reconcile.interval}: every bucket with rules, one after the other, that often. */
public final class ReconcileSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final Reconciler reconciler;
    private final Rules rules;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("herald-reconcile").daemon(true).factory());

    public ReconcileSchedule(Reconciler reconciler, Rules rules, Duration interval) {
        this.reconciler = reconciler;
        this.rules = rules;
        this.interval = interval;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::reconcileAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: every bucket with rules; a bucket that fails is tried again next round. */
    void reconcileAll() {
        for (String bucket : rules.bucketsWithRules()) {
            try {
                ReconcileRun run = reconciler.run(bucket, null);
                if (run.createsEmitted() + run.deletesEmitted() > 0) {
                    LOG.info("reconciled {}: {} listed, {} missing creates and {} missing deletes emitted", bucket,
                            run.listed(), run.createsEmitted(), run.deletesEmitted());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot reconcile {}: {}; trying again in {}", bucket, e.getMessage(), interval);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

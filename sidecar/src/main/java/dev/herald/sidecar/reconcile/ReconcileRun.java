package dev.herald.sidecar.reconcile;

import java.time.Instant;

/**
 * One reconciliation of a bucket, running or done: what {@code POST /admin/reconcile} answers and
 * {@code GET /admin/reconcile} lists.
 *
 * @param since      the {@code since} asked for, {@code null} when none (only objects the index would have seen)
 * @param finishedAt {@code null} while running
 * @param listed     objects listed so far
 * @param error      why it stopped, {@code null} unless it failed
 */
public record ReconcileRun(String bucket, Instant since, Instant startedAt, Instant finishedAt, long listed,
                           long createsEmitted, long deletesEmitted, double seconds, String error) {
    public boolean running() {
        return finishedAt == null;
    }
}

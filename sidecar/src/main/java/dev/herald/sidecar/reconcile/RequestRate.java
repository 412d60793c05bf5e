package dev.herald.sidecar.reconcile;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code backend.reconcile.rateLimit}: requests to the backend are spaced at least
 * {@code 1/rate} seconds apart, the caller waiting its turn, so a big bucket's reconciliation never
 * crowds out the backend's own clients.
 */
final class RequestRate {
    private final long nanosApart;
    private final LongSupplier nanoTime;
    private long next;

    RequestRate(double perSecond, LongSupplier nanoTime) {
        this.nanosApart = Math.round(1e9 / perSecond);
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /** Waits until the next request may go. */
    synchronized void acquire() throws InterruptedException {
        long wait = next - nanoTime.getAsLong();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        next = Math.max(next, nanoTime.getAsLong()) + nanosApart;
    }
}

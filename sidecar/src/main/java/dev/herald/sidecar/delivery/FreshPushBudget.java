package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory fresh deliveries' pushes may take until their first attempt: within it a push just
 * stored is sent from memory; past it the attempt loads it from the queue, like a retry.
 */
final class FreshPushBudget {
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    FreshPushBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** {@code d} with its push when the push fits, without it otherwise. */
    Delivery keep(Delivery d) {
        if (d.push() == null) {
            return d;
        }
        if (used.addAndGet(d.push().body().length) > maxBytes) {
            used.addAndGet(-d.push().body().length);
            return d.unloaded();
        }
        return d;
    }

    /** The attempt of {@code d} has taken its push: its bytes are free again. */
    void release(Delivery d) {
        if (d.push() != null) {
            used.addAndGet(-d.push().body().length);
        }
    }
}

package dev.herald.sidecar.storage.kafka;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The duty to write failure reports, held by one replica at a time: the owner of the events topic's
 * partition 0, as the delivery group assigns it. Handing it over (that partition revoked) waits for a
 * report being written to be written and marked, so the next holder never writes the same lines again.
 */
final class ReportLease {
    private final ReentrantLock lock = new ReentrantLock();
    private boolean held;

    void take() {
        set(true);
    }

    /** Returns once no report is being written under the lease. */
    void handOver() {
        set(false);
    }

    private void set(boolean value) {
        lock.lock();
        try {
            held = value;
        } finally {
            lock.unlock();
        }
    }

    /** {@code holder} while this replica holds the lease, {@code otherwise} when it does not. */
    <T> T whileHeld(Supplier<T> holder, Supplier<T> otherwise) {
        lock.lock();
        try {
            return held ? holder.get() : otherwise.get();
        } finally {
            lock.unlock();
        }
    }
}

package dev.herald.sidecar.storage.kafka;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which records of one partition are settled: every delivery of the record delivered,
 * dead-lettered or parked. The offset to commit is the first unsettled one, so a restart or a
 * rebalance never skips a record whose deliveries were still open.
 */
final class PartitionLedger {
    /** Unsettled records: offset to deliveries still open. */
    private final TreeMap<Long, Integer> open = new TreeMap<>();
    private long next;
    private long committed = -1;

    PartitionLedger(long start) {
        this.next = start;
    }

    /**
     * One open delivery or job of the record at {@code offset}. It settles its share at most once,
     * whichever way its outcome is reported (delivered, parked, handed over), so that a share is
     * never counted twice.
     */
    static final class Share {
        private final PartitionLedger ledger;
        private final long offset;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Share(PartitionLedger ledger, long offset) {
            this.ledger = ledger;
            this.offset = offset;
        }

        void settle() {
            if (settled.compareAndSet(false, true)) {
                ledger.settle(offset);
            }
        }
    }

    /** A share of the record at {@code offset}, counted open by {@link #add}. */
    Share share(long offset) {
        return new Share(this, offset);
    }

    synchronized void add(long offset, int openDeliveries) {
        if (openDeliveries > 0) {
            open.merge(offset, openDeliveries, Integer::sum);
        }
        next = Math.max(next, offset + 1);
    }

    synchronized void settle(long offset) {
        open.computeIfPresent(offset, (o, n) -> n > 1 ? n - 1 : null);
    }

    /** The offset to commit now, or -1 when it is the one committed last. */
    synchronized long toCommit() {
        long c = open.isEmpty() ? next : open.firstKey();
        return c > committed ? c : -1;
    }

    synchronized void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    synchronized int openRecords() {
        return open.size();
    }
}

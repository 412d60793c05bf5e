package dev.herald.sidecar.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A gauge value read again at every scrape, unless reading it was slow: then that value is reused
 * for a while, so that a {@code count(*)} over a huge table does not hold the store's read
 * connection at every scrape. A small store (the usual case, and every test) is always exact.
 * A read that throws is not cached: the next scrape tries again.
 */
public final class ReuseWhenSlow implements Supplier<Number> {
    /** Reads slower than this are reused. */
    public static final Duration SLOW = Duration.ofMillis(50);
    /** For this long. */
    public static final Duration REUSE = Duration.ofSeconds(5);

    private final Supplier<? extends Number> read;
    private final long slowNanos;
    private final long reuseNanos;
    private final LongSupplier nanoTime;
    private Number value;
    private long reuseUntil;

    ReuseWhenSlow(Supplier<? extends Number> read, Duration slow, Duration reuse, LongSupplier nanoTime) {
        this.read = read;
        this.slowNanos = slow.toNanos();
        this.reuseNanos = reuse.toNanos();
        this.nanoTime = nanoTime;
    }

    public static ReuseWhenSlow of(Supplier<? extends Number> read) {
        return new ReuseWhenSlow(read, SLOW, REUSE, System::nanoTime);
    }

    @Override
    public synchronized Number get() {
        long start = nanoTime.getAsLong();
        if (value != null && start - reuseUntil < 0) {
            return value;
        }
        value = null;
        Number v = read.get();
        long end = nanoTime.getAsLong();
        if (end - start >= slowNanos) {
            value = v;
            reuseUntil = end + reuseNanos;
        }
        return v;
    }
}

package dev.herald.sidecar.delivery;

import java.util.function.LongSupplier;

/**
 * A destination's request rate limit: {@code ratePerSecond} tokens refill continuously up to
 * {@code burst}. {@link #reserve()} never refuses; it takes a token (possibly one not yet
 * refilled) and says how long the caller must wait before using it, so waiting callers are served
 * in the order they asked and the long-run rate never exceeds the limit.
 */
final class TokenBucket {
    private final double nanosPerToken;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    /** The instant at which the bucket was (or will be) empty: tokens now = (now - emptyAt) / nanosPerToken. */
    private long emptyAt;

    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + ratePerSecond + ", " + burst);
        }
        this.nanosPerToken = 1e9 / ratePerSecond;
        this.burstNanos = Math.round(burst * nanosPerToken);
        this.nanoTime = nanoTime;
        this.emptyAt = nanoTime.getAsLong() - burstNanos;
    }

    /** Takes one token; returns the nanoseconds to wait before it may be used (0 = now). */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        // Tokens beyond the burst are not banked.
        emptyAt = Math.max(emptyAt, now - burstNanos) + Math.round(nanosPerToken);
        return Math.max(0, emptyAt - now);
    }
}

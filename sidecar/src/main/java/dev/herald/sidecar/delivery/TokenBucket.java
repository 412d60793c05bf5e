package dev.herald.sidecar.delivery;

import java.util.function.LongSupplier;

/**
 * A destination's request rate limit: {@code ratePerSecond} tokens refill continuously up to
 * {@code burst}. A caller that finds no token is told when the next one is there and waits
 * elsewhere (its delivery goes back to the front of its lane), so the long-run rate never exceeds
 * the limit and waiting deliveries keep their order.
 */
final class TokenBucket {
    private final double nanosPerToken;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    /** The instant at which the bucket was empty: tokens now = (now - emptyAt) / nanosPerToken. */
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

    /** The refill rate, requests per second. */
    double ratePerSecond() {
        return 1e9 / nanosPerToken;
    }

    /** Takes a token if one is there and returns 0; otherwise takes nothing and returns the nanoseconds until one is. */
    synchronized long tryTake() {
        long now = nanoTime.getAsLong();
        // Tokens beyond the burst are not banked.
        long from = Math.max(emptyAt, now - burstNanos);
        long next = from + Math.round(nanosPerToken);
        if (next > now) {
            return next - now;
        }
        emptyAt = next;
        return 0;
    }
}

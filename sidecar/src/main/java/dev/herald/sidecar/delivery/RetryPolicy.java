package dev.herald.sidecar.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * When to try again. {@code schedule.get(n)} is the wait before attempt {@code n + 1}; the first
 * entry is the wait before the first attempt (normally zero), so the schedule's length is the
 * number of attempts. Waits are spread by {@code +/- jitter} so that a receiver coming back is not
 * hit by every queued delivery at the same instant. A receiver's {@code Retry-After} is honoured
 * as {@code max(backoff, Retry-After)}, but never more than {@code maxRetryAfter} beyond the
 * backoff, so a hostile or buggy header cannot park a delivery forever.
 */
public final class RetryPolicy {
    private final List<Duration> schedule;
    private final double jitter;
    private final long maxRetryAfterMillis;
    private final RandomGenerator random;

    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter, RandomGenerator random) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("retry schedule must not be empty");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfterMillis = maxRetryAfter.toMillis();
        this.random = random;
    }

    /**
     * This policy with {@code waits} inserted after the first attempt: a vendor's documented early
     * retries, followed by the rest of the ladder.
     */
    public RetryPolicy withLeadingRetries(List<Duration> waits) {
        if (waits.isEmpty()) {
            return this;
        }
        List<Duration> combined = new ArrayList<>(schedule.size() + waits.size());
        combined.add(schedule.getFirst());
        combined.addAll(waits);
        combined.addAll(schedule.subList(1, schedule.size()));
        return new RetryPolicy(combined, jitter, Duration.ofMillis(maxRetryAfterMillis), random);
    }

    /** Total attempts allowed. */
    public int maxAttempts() {
        return schedule.size();
    }

    /** Wait before the first attempt. */
    public long initialDelayMillis() {
        return jittered(schedule.getFirst().toMillis());
    }

    /**
     * Wait before the next attempt after {@code failedAttempts} attempts failed, or empty when the
     * budget is spent.
     *
     * @param retryAfterMillis the receiver's Retry-After, or a negative number when absent
     */
    public OptionalLong nextDelayMillis(int failedAttempts, long retryAfterMillis) {
        if (failedAttempts >= schedule.size()) {
            return OptionalLong.empty();
        }
        long base = schedule.get(failedAttempts).toMillis();
        long wait = jittered(base);
        if (retryAfterMillis >= 0) {
            wait = Math.max(wait, Math.min(retryAfterMillis, base + maxRetryAfterMillis));
        }
        return OptionalLong.of(wait);
    }

    private long jittered(long base) {
        if (base == 0 || jitter == 0) {
            return base;
        }
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.round(base * factor);
    }
}

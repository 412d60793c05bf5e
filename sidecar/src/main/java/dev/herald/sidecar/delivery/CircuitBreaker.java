package dev.herald.sidecar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * One destination's circuit breaker. Closed, it counts attempts in a sliding window of ten
 * buckets; when at least {@code minimumAttempts} were made in the window and at least
 * {@code failureRate} of them failed, it opens: no attempt is made for {@code openFor}, and the
 * deliveries wait without spending their retry budget. Then one probe is let through (half-open):
 * its success closes the breaker with a fresh window, its failure opens it again.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    private static final int BUCKETS = 10;

    private final double failureRate;
    private final int minimumAttempts;
    private final long bucketMillis;
    private final long openForMillis;
    private final Clock clock;

    private final long[] bucketStart = new long[BUCKETS];
    private final int[] attempts = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];
    private State state = State.CLOSED;
    private long openUntil;
    private boolean probeOut;
    private long opened;

    CircuitBreaker(double failureRate, int minimumAttempts, Duration window, Duration openFor, Clock clock) {
        this.failureRate = failureRate;
        this.minimumAttempts = minimumAttempts;
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
        this.openForMillis = openFor.toMillis();
        this.clock = clock;
    }

    /**
     * May an attempt be made now? In half-open state only one caller gets {@code true} until it
     * reports through {@link #record}; a caller that got {@code true} must report or {@link #release()}.
     */
    synchronized boolean tryAcquire() {
        long now = clock.millis();
        if (state == State.OPEN && now >= openUntil) {
            state = State.HALF_OPEN;
            probeOut = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> !probeOut && (probeOut = true);
        };
    }

    /** Gives back a permission that was not used (nothing was sent). */
    synchronized void release() {
        if (state == State.HALF_OPEN) {
            probeOut = false;
        }
    }

    /** Reports the outcome of an attempt made with a permission. */
    synchronized void record(boolean failed) {
        long now = clock.millis();
        if (state == State.HALF_OPEN) {
            probeOut = false;
            if (failed) {
                open(now);
            } else {
                state = State.CLOSED;
                Arrays.fill(attempts, 0);
                Arrays.fill(failures, 0);
            }
            return;
        }
        if (state == State.OPEN) {
            return; // an attempt that started before the breaker opened
        }
        int i = bucket(now);
        attempts[i]++;
        if (failed) {
            failures[i]++;
        }
        int inWindow = 0;
        int failedInWindow = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (now - bucketStart[b] < bucketMillis * BUCKETS) {
                inWindow += attempts[b];
                failedInWindow += failures[b];
            }
        }
        if (inWindow >= minimumAttempts && failedInWindow >= failureRate * inWindow) {
            open(now);
        }
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = now + openForMillis;
        opened++;
    }

    private int bucket(long now) {
        long start = now - Math.floorMod(now, bucketMillis);
        int i = (int) Math.floorMod(start / bucketMillis, (long) BUCKETS);
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            attempts[i] = 0;
            failures[i] = 0;
        }
        return i;
    }

    synchronized State state() {
        if (state == State.OPEN && clock.millis() >= openUntil) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Epoch millis when an open breaker lets a probe through. */
    synchronized long openUntil() {
        return openUntil;
    }

    /** How many times it opened since start. */
    synchronized long timesOpened() {
        return opened;
    }
}

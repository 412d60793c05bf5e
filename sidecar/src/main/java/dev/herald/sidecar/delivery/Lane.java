package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One destination ({@code scheme://host:port}): its share of memory, its ready deliveries, its
 * bounded set of senders, and the gate in front of them — the circuit breaker and the rate limit.
 * A slow or dead receiver fills its own lane, not the others'.
 *
 * <p>At most {@code maxHeld} deliveries of the destination are held in memory; the rest stay in
 * the queue and are loaded in queue order as the lane drains ({@link #refill}).
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    /** Whether an attempt may start now. */
    sealed interface Gate permits Pass, Wait {
    }

    /** @param permitted the breaker gave a permission the attempt must report on (or release) */
    record Pass(boolean permitted) implements Gate {
    }

    /**
     * Not before {@code until} (epoch millis): the breaker is open or probing ({@code circuitOpen}:
     * the destination is failing), or the rate limit has no token.
     */
    record Wait(long until, boolean circuitOpen) implements Gate {
    }

    final String origin;
    private final CircuitBreaker breaker;
    private final TokenBucket rateLimit;
    private final int maxConcurrency;
    private final int maxHeld;
    /** Ids of every delivery held in memory, of all lanes: a row read again while still held is not taken twice. */
    private final Set<String> heldIds;

    final ConcurrentLinkedDeque<Timeline.Attempt> ready = new ConcurrentLinkedDeque<>();
    private final AtomicInteger senders = new AtomicInteger();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicBoolean refilling = new AtomicBoolean();
    /** Deliveries of this destination in memory; lock-free, as completions on the store's writer thread release them. */
    private final AtomicInteger held = new AtomicInteger();
    /** Guarded by this: whether more wait in the queue, and up to which position the queue was read. */
    private volatile boolean backlog;
    private long cursor;

    Lane(String origin, DestinationSettings.LaneSettings settings, int maxHeld, Set<String> heldIds) {
        this.origin = origin;
        this.breaker = settings.breaker();
        this.rateLimit = settings.rateLimit();
        this.maxConcurrency = settings.maxConcurrency();
        this.maxHeld = maxHeld;
        this.heldIds = heldIds;
    }

    /**
     * A delivery just stored: true when the lane holds it (the caller schedules it), false when it
     * is left in the queue, to be loaded in order once there is room.
     */
    synchronized boolean admit(Delivery d) {
        if (backlog || held.get() >= maxHeld) {
            // Concurrent commits are admitted out of queue order, so the cursor may already be past
            // this one: move it back (rows read again that are still held are skipped by take()).
            backlog = true;
            cursor = Math.min(cursor, d.seq() - 1);
            return false;
        }
        return take(d);
    }

    /** Everything in the queue is to be (re)read, as after a restart. */
    synchronized void rewind() {
        backlog = true;
        cursor = 0;
    }

    /** Loads the next deliveries waiting in the queue, as many as there is room for; returns those now held. */
    synchronized List<Delivery> refill(DeliveryQueue queue) {
        int room = maxHeld - held.get();
        if (room <= 0) {
            return List.of();
        }
        List<Delivery> rows = queue.pendingAfter(origin, cursor, room);
        if (rows.size() < room) {
            backlog = false;
        }
        return rows.stream().filter(this::take).toList();
    }

    /** Holding the lock. */
    private boolean take(Delivery d) {
        cursor = Math.max(cursor, d.seq());
        if (!heldIds.add(d.id())) {
            return false;
        }
        held.incrementAndGet();
        return true;
    }

    /** A held delivery is finished: its place is free. True when a refill is worth starting ({@link #startRefill}). */
    boolean release(String id) {
        if (!heldIds.remove(id)) {
            return false;
        }
        held.decrementAndGet();
        return wantsRefill();
    }

    /** Once half the share is free and more wait; {@code backlog} is read without the lock, a stale answer only delays the load. */
    boolean wantsRefill() {
        return backlog && held.get() <= maxHeld / 2;
    }

    /** Claims the one refill that may run at a time; {@link #refillDone()} gives it back. */
    boolean startRefill() {
        return refilling.compareAndSet(false, true);
    }

    void refillDone() {
        refilling.set(false);
    }

    /** The breaker, then the rate limit; a permission taken from the breaker is given back when the rate limit says wait. */
    Gate enter(long now) {
        boolean permitted = breaker != null;
        if (permitted && !breaker.tryAcquire()) {
            // Probing is still failing: what waits behind the probe may be parked as behind an open breaker.
            boolean open = breaker.state() == CircuitBreaker.State.OPEN;
            return new Wait(open ? breaker.openUntil() : now + 500, true);
        }
        if (rateLimit != null) {
            long waitNanos = rateLimit.tryTake();
            if (waitNanos > 0) {
                release(permitted);
                return new Wait(now + Math.max(1, (waitNanos + 999_999) / 1_000_000), false);
            }
        }
        return new Pass(permitted);
    }

    /**
     * Reports a sent attempt to the breaker. True when the breaker closed again, so the lane's
     * waiting deliveries may go.
     */
    boolean record(boolean permitted, boolean receiverFailing) {
        if (!permitted) {
            return false;
        }
        CircuitBreaker.State before = breaker.state();
        breaker.record(receiverFailing);
        CircuitBreaker.State after = breaker.state();
        if (after != before) {
            LOG.warn("destination {}: circuit {}", origin, after.name().toLowerCase(java.util.Locale.ROOT));
        }
        return after != before && after == CircuitBreaker.State.CLOSED;
    }

    /** Gives back a permission that sent nothing. */
    void release(boolean permitted) {
        if (permitted) {
            breaker.release();
        }
    }

    /** Claims a sender slot if one is free and something is ready. */
    boolean claimSender() {
        while (!ready.isEmpty()) {
            int s = senders.get();
            if (s >= maxConcurrency) {
                return false;
            }
            if (senders.compareAndSet(s, s + 1)) {
                return true;
            }
        }
        return false;
    }

    void senderDone() {
        senders.decrementAndGet();
    }

    /** True for the first caller until the wake-up happens ({@link #woken()}): one pending wake-up per lane. */
    boolean scheduleWake() {
        return wakePending.compareAndSet(false, true);
    }

    void woken() {
        wakePending.set(false);
    }

    DestinationState state() {
        return new DestinationState(origin, breaker == null ? "disabled" : breaker.state().name().toLowerCase(java.util.Locale.ROOT),
                breaker == null ? 0 : breaker.timesOpened(), held.get(), backlog, ready.size(), senders.get(),
                rateLimit == null ? null : rateLimit.ratePerSecond());
    }

    boolean circuitOpen() {
        return breaker != null && breaker.state() != CircuitBreaker.State.CLOSED;
    }
}

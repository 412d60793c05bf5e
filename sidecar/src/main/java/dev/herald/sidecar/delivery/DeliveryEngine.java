package dev.herald.sidecar.delivery;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.metrics.HeraldMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends pending deliveries, retries failures on the {@link RetryPolicy} schedule and moves
 * exhausted ones to the dead letters.
 *
 * <p>Each destination ({@code scheme://host:port}) is a {@link Lane} of its own: at most
 * {@code maxConcurrency} pushes in flight, an optional token-bucket rate limit, and a
 * {@link CircuitBreaker} that stops calling a failing receiver for a while without spending the
 * deliveries' retry budget. A slow or dead receiver therefore occupies its own lane and not the
 * others'. FIFO destinations get one object's deliveries one at a time, in insertion order.
 *
 * <p>Memory holds only what is due when (id, due time, destination), and at most
 * {@code maxScheduledPerDestination} of those per destination; the rest wait in the store and are
 * loaded in insertion order as the lane drains, so a backlog of millions costs disk, not heap.
 * Bodies are read from the store per attempt. The store is the truth: after a restart
 * {@link #start()} loads every destination's pending rows again, and an attempt whose outcome was
 * not yet recorded is simply made again, with the same delivery id.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final DeliveryStore store;
    private final PushSender sender;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final ReportTargets reportTargets;
    private final DisabledTargets disabledTargets;
    private final DestinationSettings settings;
    private final Clock clock;
    private final HeraldMetrics metrics;
    private final Semaphore inFlight;
    private final int maxHeld;

    /** Bodies of fresh deliveries kept for their first attempt, at most this many bytes in all. */
    private static final long FRESH_BYTES_MAX = 32L << 20;

    private final AtomicLong freshBytes = new AtomicLong();
    private final DelayQueue<Due> timeline = new DelayQueue<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** FIFO: per destination URL and object, the deliveries waiting behind the one in progress. */
    private final Map<String, ArrayDeque<Due>> fifoWaiting = new HashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    private Thread dispatcher;

    public DeliveryEngine(DeliveryStore store, PushSender sender, Iterable<NotificationDialect> dialects,
                          ReportTargets reportTargets, DisabledTargets disabledTargets, DestinationSettings settings,
                          Clock clock, HeraldMetrics metrics, int workers) {
        this.disabledTargets = disabledTargets;
        this.store = store;
        this.reportTargets = reportTargets;
        this.sender = sender;
        dialects.forEach(d -> this.dialects.put(d.id(), d));
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.inFlight = new Semaphore(workers);
        this.maxHeld = settings.maxScheduledPerDestination();
        metrics.gauge("herald.deliveries.scheduled", "Deliveries held in memory: waiting for their next attempt or in flight",
                scheduled::size);
        metrics.gauge("herald.destinations.open.circuits", "Destinations whose circuit breaker is open or half-open",
                () -> lanes.values().stream().filter(l -> l.breaker != null
                        && l.breaker.state() != CircuitBreaker.State.CLOSED).count());
    }

    /** Loads every destination's pending deliveries from the store and starts dispatching. */
    public void start() {
        List<String> origins = store.pendingOrigins();
        for (String origin : origins) {
            Lane lane = lane(origin);
            synchronized (lane) {
                lane.rewind();
                lane.refill();
            }
        }
        if (!origins.isEmpty()) {
            LOG.info("resuming {} pending deliveries to {} destinations", scheduled.size(), origins.size());
        }
        dispatcher = Thread.ofPlatform().name("herald-delivery-dispatcher").daemon(true).start(this::dispatch);
    }

    /**
     * Schedules a delivery just stored. One already scheduled is left as it is; when its
     * destination already holds its share of memory, it waits in the store and is loaded later.
     */
    public void schedule(ScheduledDelivery delivery) {
        if (!closed) {
            lane(DestinationSettings.origin(delivery.targetUrl())).admit(delivery);
        }
    }

    /** Number of deliveries held in memory (scheduled or in flight). */
    public int scheduledCount() {
        return scheduled.size();
    }

    /** What an operator sees of each destination. */
    public record DestinationState(String destination, String circuit, long timesOpened, int held, boolean backlogInStore,
                                   int ready, int sending) {
    }

    public List<DestinationState> destinations() {
        List<DestinationState> out = new ArrayList<>();
        for (Lane l : lanes.values()) {
            synchronized (l) {
                out.add(new DestinationState(l.origin, l.breaker == null ? "disabled" : l.breaker.state().name().toLowerCase(),
                        l.breaker == null ? 0 : l.breaker.timesOpened(), l.held.get(), l.backlog, l.ready.size(), l.workers.get()));
            }
        }
        out.sort(Comparator.comparing(DestinationState::destination));
        return out;
    }

    private Lane lane(String origin) {
        return lanes.computeIfAbsent(origin, o -> new Lane(o, settings.lane(o)));
    }

    private void dispatch() {
        long nextSweep = System.nanoTime();
        while (!closed) {
            try {
                Due due = timeline.poll(1, TimeUnit.SECONDS);
                if (due != null) {
                    lanes.get(due.origin).offer(due);
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    // A load that failed (store busy or failing) is tried again here, not only on the next completion.
                    lanes.values().forEach(Lane::maybeRefill);
                    nextSweep = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Puts a delivery on the timeline, or behind the one of the same object in progress (FIFO). */
    private void enqueue(Due due) {
        if (due.fifoKey != null) {
            synchronized (fifoWaiting) {
                ArrayDeque<Due> waiting = fifoWaiting.get(due.fifoKey);
                if (waiting != null) {
                    waiting.add(due);
                    return;
                }
                fifoWaiting.put(due.fifoKey, new ArrayDeque<>());
            }
        }
        timeline.add(due);
    }

    /** The delivery is done (delivered, dead or gone): memory is freed and a FIFO successor may go. */
    private void finish(Due due) {
        if (!scheduled.remove(due.id)) {
            return;
        }
        lanes.get(due.origin).released();
        if (due.fifoKey != null) {
            Due next;
            synchronized (fifoWaiting) {
                ArrayDeque<Due> waiting = fifoWaiting.get(due.fifoKey);
                next = waiting == null ? null : waiting.poll();
                if (next == null) {
                    fifoWaiting.remove(due.fifoKey);
                }
            }
            if (next != null) {
                timeline.add(next.at(Math.max(next.dueAt, clock.millis())));
            }
        }
    }

    private void attempt(Due due, Lane lane, boolean permitted) {
        Optional<StoredDelivery> row;
        try {
            row = due.fresh != null ? Optional.of(due.fresh) : store.find(due.id);
        } catch (RuntimeException e) {
            LOG.warn("cannot read delivery {}: {}; retrying in 5 s", due.id, e.getMessage());
            lane.releasePermit(permitted);
            reschedule(due, clock.millis() + 5_000);
            return;
        }
        if (row.isEmpty()) {
            lane.releasePermit(permitted);
            finish(due); // delivered or dead-lettered meanwhile
            return;
        }
        StoredDelivery d = row.get();
        NotificationDialect dialect = dialects.get(d.dialect());
        int number = d.attempts() + 1;
        long started = clock.millis();
        PushSender.Outcome outcome;
        boolean disabled = disabledTargets.isDisabled(d.targetUrl());
        boolean sent = false;
        if (dialect == null) {
            outcome = new PushSender.Outcome(null, "no dialect '" + d.dialect() + "' in this Herald", -1);
        } else if (disabled) {
            outcome = new PushSender.Outcome(null, "not sent: the target answered 410 Gone before and is disabled; "
                    + "re-enable it with DELETE /admin/destinations/disabled?url=...", -1);
        } else {
            Map<String, String> headers = new LinkedHashMap<>(d.headers());
            headers.putAll(dialect.pushHeaders(asPush(d), clock.instant()));
            headers.put("X-Herald-Delivery-Id", d.id());
            headers.put("X-Herald-Attempt", Integer.toString(number));
            settings.standardWebhooks(d.targetUrl())
                    .ifPresent(w -> headers.putAll(w.headers(d.id(), clock.instant().getEpochSecond(), d.body())));
            Optional<Duration> timeout = settings.requestTimeout(d.dialect(), d.targetUrl());
            outcome = timeout.isEmpty() ? sender.send(d.method(), d.targetUrl(), d.contentType(), d.body(), headers)
                    : sender.send(d.method(), d.targetUrl(), d.contentType(), d.body(), headers, timeout.get());
            sent = true;
        }
        if (sent) {
            lane.record(permitted, receiverFailing(outcome));
        } else {
            lane.releasePermit(permitted);
        }
        long now = clock.millis();
        Attempt attempt = new Attempt(number, started, now - started, outcome.status(), outcome.error(),
                outcome.retryAfterMillis());
        String host = URI.create(d.targetUrl()).getHost();
        if (dialect != null && outcome.status() != null && dialect.isSuccess(outcome.status())) {
            recordDelivered(due, d.attempts() > 0, true);
            metrics.deliveryAttempt(d.dialect(), host, "succeeded");
            metrics.deliveredEndToEnd(d.dialect(), host, Duration.ofMillis(Math.max(0, now - d.createdAt())));
            return;
        }
        boolean gone = outcome.status() != null && outcome.status() == 410;
        if (gone) {
            // The receiver says the endpoint is gone for good: stop calling it (Svix and Hook0 do the same).
            LOG.warn("target {} answered 410 Gone: disabled", redact(d.targetUrl()));
            disabledTargets.disable(d.targetUrl(), "HTTP 410 Gone for delivery " + d.id(), now);
        }
        Optional<RetryPolicy> policy = settings.retryPolicy(d.dialect(), d.targetUrl());
        OptionalLong wait = policy.isEmpty() || disabled || gone ? OptionalLong.empty()
                : policy.get().nextDelayMillis(number, outcome.retryAfterMillis());
        if (wait.isEmpty()) {
            LOG.warn("delivery {} to {} dead after {} attempts: {}", d.id(), redact(d.targetUrl()), number, outcome.error());
            store.deadLetter(d.id(), attempt, now, reportTarget(d)).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("could not dead-letter {}: {}; retrying in 5 s", d.id(), e.getMessage());
                    reschedule(due, clock.millis() + 5_000);
                } else {
                    finish(due);
                }
            });
            metrics.deliveryAttempt(d.dialect(), host, "dead");
            return;
        }
        long next = now + wait.getAsLong();
        LOG.debug("delivery {} attempt {} failed ({}); next in {} ms", d.id(), number, outcome.error(), wait.getAsLong());
        store.retryLater(d.id(), attempt, next).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("could not record attempt {} of {}: {}", number, d.id(), e.getMessage());
            }
            reschedule(due, next);
        });
        metrics.deliveryAttempt(d.dialect(), host, "retried");
    }

    /**
     * Removes a delivered row, trying again every 5 s while the store cannot write, and only then
     * frees its place in memory: until the row is gone a reload from the store must still see it
     * as held. A restart before it is recorded sends it once more (at least once, same id).
     */
    private void recordDelivered(Due due, boolean attemptsLogged, boolean first) {
        store.delivered(due.id, attemptsLogged).whenComplete((r, e) -> {
            if (e == null) {
                finish(due);
                return;
            }
            if (closed) {
                return;
            }
            if (first) {
                LOG.warn("delivery {} succeeded but could not be recorded: {}; trying again every 5 s", due.id, e.getMessage());
            }
            CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(() -> recordDelivered(due, attemptsLogged, false));
        });
    }

    /**
     * What the breaker counts against a receiver: no answer, a timeout, 408, 429 or 5xx. Other
     * refusals (400, 401, ...) say the receiver is up; retries handle those.
     */
    private static boolean receiverFailing(PushSender.Outcome o) {
        Integer s = o.status();
        return s == null || s >= 500 || s == 429 || s == 408;
    }

    private void reschedule(Due due, long at) {
        if (!closed) {
            timeline.add(due.retryAt(at));
        }
    }

    private ReportTarget reportTarget(StoredDelivery d) {
        try {
            return reportTargets.of(d.dialect(), d.bucket(), d.ruleId()).orElse(null);
        } catch (RuntimeException e) {
            // The dead letter matters more than its report line; the rule may have changed meanwhile.
            LOG.warn("no report target for dead delivery {}: {}", d.id(), e.getMessage());
            return null;
        }
    }

    private static OutboundPush asPush(StoredDelivery d) {
        return new OutboundPush(d.id(), d.dialect(), d.bucket(), d.ruleId(), d.targetUrl(), d.method(),
                d.contentType(), d.body(), d.signingKey(), d.vendorEventId(), d.headers());
    }

    /** URL without query and user info: queries often carry tokens. */
    static String redact(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()) + u.getRawPath();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (dispatcher != null) {
            dispatcher.interrupt();
            dispatcher.join(5_000);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (active.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * One destination: its share of memory (deliveries held, the rest left in the store), its
     * ready queue and its bounded set of workers (virtual threads), its rate limit and breaker.
     */
    private final class Lane {
        final String origin;
        final CircuitBreaker breaker;
        private final TokenBucket rateLimit;
        private final int maxConcurrency;
        final ConcurrentLinkedDeque<Due> ready = new ConcurrentLinkedDeque<>();
        final AtomicInteger workers = new AtomicInteger();
        private final AtomicBoolean wakePending = new AtomicBoolean();
        private final AtomicBoolean refilling = new AtomicBoolean();
        /** Deliveries of this destination in memory; lock-free, as the store's writer thread releases them. */
        final AtomicInteger held = new AtomicInteger();
        /** Guarded by this: whether more wait in the store, and up to which insertion order the store was read. */
        volatile boolean backlog;
        private long cursor;

        Lane(String origin, DestinationSettings.Lane settings) {
            this.origin = origin;
            this.breaker = settings.breaker();
            this.rateLimit = settings.rateLimit();
            this.maxConcurrency = settings.maxConcurrency();
        }

        synchronized void admit(ScheduledDelivery d) {
            if (backlog || held.get() >= maxHeld) {
                // Stays in the store; refill() loads it in order. Concurrent commits are admitted
                // out of rowid order, so the cursor may already be past it: move it back (rows
                // read again that are still held are skipped by take()).
                backlog = true;
                cursor = Math.min(cursor, d.seq() - 1);
                return;
            }
            take(d);
        }

        /** Holding this lane's lock. */
        private void take(ScheduledDelivery d) {
            cursor = Math.max(cursor, d.seq());
            if (!scheduled.add(d.id())) {
                return;
            }
            held.incrementAndGet();
            String fifoKey = d.orderKey() != null && settings.fifo(d.targetUrl()) ? d.targetUrl() + " " + d.orderKey() : null;
            StoredDelivery fresh = d.fresh();
            if (fresh != null && freshBytes.addAndGet(fresh.body().length) > FRESH_BYTES_MAX) {
                freshBytes.addAndGet(-fresh.body().length);
                fresh = null; // over the budget: the first attempt reads the row back like any retry
            }
            enqueue(new Due(d.id(), d.dueAt(), d.seq(), origin, fifoKey, fresh, clock));
        }

        /** Holding this lane's lock: everything in the store is to be (re)read, e.g. at start. */
        void rewind() {
            backlog = true;
            cursor = 0;
        }

        /** Loads the next deliveries waiting in the store; holding this lane's lock. */
        void refill() {
            int room = maxHeld - held.get();
            if (room <= 0) {
                return;
            }
            List<ScheduledDelivery> rows = store.pendingAfter(origin, cursor, room);
            rows.forEach(this::take);
            if (rows.size() < room) {
                backlog = false;
            }
        }

        void released() {
            held.decrementAndGet();
            maybeRefill();
        }

        /** Loads more from the store once half the share is free; backlog is read without the lock, a stale answer only delays the load. */
        void maybeRefill() {
            if (held.get() <= maxHeld / 2 && backlog && !closed && refilling.compareAndSet(false, true)) {
                Thread.ofVirtual().name("herald-delivery-refill").start(() -> {
                    try {
                        synchronized (this) {
                            refill();
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("cannot load pending deliveries of {}: {}; trying again in a second", origin, e.getMessage());
                    } finally {
                        refilling.set(false);
                    }
                });
            }
        }

        void offer(Due due) {
            ready.add(due);
            startWorkers();
        }

        private void startWorkers() {
            while (!ready.isEmpty()) {
                int w = workers.get();
                if (w >= maxConcurrency) {
                    return;
                }
                if (workers.compareAndSet(w, w + 1)) {
                    Thread.ofVirtual().name("herald-delivery").start(this::work);
                    return;
                }
            }
        }

        void record(boolean permitted, boolean failed) {
            if (permitted && breaker != null) {
                CircuitBreaker.State before = breaker.state();
                breaker.record(failed);
                CircuitBreaker.State after = breaker.state();
                if (after != before) {
                    LOG.warn("destination {}: circuit {}", origin, after.name().toLowerCase());
                    if (after == CircuitBreaker.State.CLOSED) {
                        startWorkers();
                    }
                }
            }
        }

        void releasePermit(boolean permitted) {
            if (permitted && breaker != null) {
                breaker.release();
            }
        }

        /** Restarts the workers at {@code at} (epoch millis), once the breaker may let an attempt through. */
        private void wakeAt(long at) {
            if (wakePending.compareAndSet(false, true)) {
                Thread.ofVirtual().name("herald-delivery-wake").start(() -> {
                    try {
                        Thread.sleep(Math.max(1, at - clock.millis()));
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        wakePending.set(false);
                    }
                    startWorkers();
                });
            }
        }

        private void work() {
            while (true) {
                Due due = ready.poll();
                if (due == null) {
                    workers.decrementAndGet();
                    // A due item offered between poll() and the decrement would otherwise wait for the next offer.
                    if (ready.isEmpty() || !reclaimSlot()) {
                        return;
                    }
                    continue;
                }
                if (closed) {
                    continue;
                }
                boolean permitted = breaker != null;
                if (permitted && !breaker.tryAcquire()) {
                    // Open (or a half-open probe is out): the delivery waits here without spending an attempt.
                    ready.addFirst(due);
                    workers.decrementAndGet();
                    wakeAt(breaker.state() == CircuitBreaker.State.OPEN ? breaker.openUntil() : clock.millis() + 500);
                    return;
                }
                active.incrementAndGet();
                if (due.fresh != null) {
                    freshBytes.addAndGet(-due.fresh.body().length);
                }
                try {
                    if (rateLimit != null) {
                        long waitNanos = rateLimit.reserve();
                        if (waitNanos > 0) {
                            TimeUnit.NANOSECONDS.sleep(waitNanos);
                        }
                    }
                    inFlight.acquire();
                    try {
                        attempt(due, this, permitted);
                    } finally {
                        inFlight.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("delivery {} failed unexpectedly; retrying in 30 s", due.id, e);
                    releasePermit(permitted); // a half-open breaker must not wait for a probe that never reports
                    reschedule(due, clock.millis() + 30_000);
                } finally {
                    active.decrementAndGet();
                }
            }
        }

        private boolean reclaimSlot() {
            int w = workers.get();
            return w < maxConcurrency && workers.compareAndSet(w, w + 1);
        }
    }

    /** A delivery's next attempt; ties in time go in insertion order. */
    private static final class Due implements Delayed {
        final String id;
        final long dueAt;
        final long seq;
        final String origin;
        final String fifoKey;
        /** The row as inserted, for the first attempt only; retries read the store. */
        final StoredDelivery fresh;
        private final Clock clock;

        Due(String id, long dueAt, long seq, String origin, String fifoKey, StoredDelivery fresh, Clock clock) {
            this.id = id;
            this.dueAt = dueAt;
            this.seq = seq;
            this.origin = origin;
            this.fifoKey = fifoKey;
            this.fresh = fresh;
            this.clock = clock;
        }

        /** The same delivery, not yet attempted, at another time. */
        Due at(long time) {
            return new Due(id, time, seq, origin, fifoKey, fresh, clock);
        }

        /** Its next attempt after one was made (or abandoned): that one reads the row from the store. */
        Due retryAt(long time) {
            return new Due(id, time, seq, origin, fifoKey, null, clock);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAt - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Due other = (Due) o;
            int byTime = Long.compare(dueAt, other.dueAt);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}

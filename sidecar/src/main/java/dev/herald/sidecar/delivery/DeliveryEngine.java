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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends pending deliveries, retries failures on the {@link RetryPolicy} schedule and moves
 * exhausted ones to the dead letters.
 *
 * <p>Memory holds only what is due when (id, due time, destination); bodies are read from the
 * store per attempt, so a long receiver outage costs disk, not heap. Each destination
 * ({@code scheme://host:port}) has its own lane with at most {@code perDestination} pushes in
 * flight, so a slow receiver occupies its own lane and not the others'. The store is the truth:
 * after a restart {@link #start()} reschedules every pending row, and an attempt whose outcome
 * was not yet recorded is simply made again, with the same delivery id.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final DeliveryStore store;
    private final PushSender sender;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final ReportTargets reportTargets;
    private final DisabledTargets disabledTargets;
    private final Map<String, RetryPolicy> policies = new LinkedHashMap<>();
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private final Clock clock;
    private final HeraldMetrics metrics;
    private final int perDestination;
    private final Semaphore inFlight;

    private final DelayQueue<Due> timeline = new DelayQueue<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    private Thread dispatcher;

    public DeliveryEngine(DeliveryStore store, PushSender sender, Iterable<NotificationDialect> dialects,
                          ReportTargets reportTargets, DisabledTargets disabledTargets, RetryPolicy policy, Clock clock,
                          HeraldMetrics metrics, int perDestination, int workers) {
        this.disabledTargets = disabledTargets;
        this.store = store;
        this.reportTargets = reportTargets;
        this.sender = sender;
        dialects.forEach(d -> {
            this.dialects.put(d.id(), d);
            policies.put(d.id(), policy.withLeadingRetries(d.leadingRetries()));
            d.requestTimeout().ifPresent(t -> timeouts.put(d.id(), t));
        });
        this.clock = clock;
        this.metrics = metrics;
        this.perDestination = perDestination;
        this.inFlight = new Semaphore(workers);
        metrics.gauge("herald.deliveries.scheduled", "Deliveries waiting for their next attempt or in flight", scheduled::size);
    }

    /** Reschedules everything pending in the store and starts dispatching. */
    public void start() {
        int n = 0;
        for (ScheduledDelivery d : store.pending()) {
            schedule(d);
            n++;
        }
        if (n > 0) {
            LOG.info("resuming {} pending deliveries", n);
        }
        dispatcher = Thread.ofPlatform().name("herald-delivery-dispatcher").daemon(true).start(this::dispatch);
    }

    /** Schedules a stored delivery; a delivery already scheduled is left as it is. */
    public void schedule(ScheduledDelivery delivery) {
        if (!closed && scheduled.add(delivery.id())) {
            timeline.add(new Due(delivery.id(), delivery.dueAt(), destination(delivery.targetUrl()), clock));
        }
    }

    /** Number of deliveries scheduled or in flight. */
    public int scheduledCount() {
        return scheduled.size();
    }

    private void dispatch() {
        while (!closed) {
            try {
                Due due = timeline.take();
                lanes.computeIfAbsent(due.destination, k -> new Lane()).offer(due);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void attempt(Due due) {
        Optional<StoredDelivery> row;
        try {
            row = store.find(due.id);
        } catch (RuntimeException e) {
            LOG.warn("cannot read delivery {}: {}; retrying in 5 s", due.id, e.getMessage());
            reschedule(due, clock.millis() + 5_000);
            return;
        }
        if (row.isEmpty()) {
            scheduled.remove(due.id); // delivered or dead-lettered meanwhile
            return;
        }
        StoredDelivery d = row.get();
        NotificationDialect dialect = dialects.get(d.dialect());
        int number = d.attempts() + 1;
        long started = clock.millis();
        PushSender.Outcome outcome;
        boolean disabled = disabledTargets.isDisabled(d.targetUrl());
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
            Duration timeout = timeouts.get(d.dialect());
            outcome = timeout == null ? sender.send(d.method(), d.targetUrl(), d.contentType(), d.body(), headers)
                    : sender.send(d.method(), d.targetUrl(), d.contentType(), d.body(), headers, timeout);
        }
        long now = clock.millis();
        Attempt attempt = new Attempt(number, started, now - started, outcome.status(), outcome.error(),
                outcome.retryAfterMillis());
        String host = URI.create(d.targetUrl()).getHost();
        if (dialect != null && outcome.status() != null && dialect.isSuccess(outcome.status())) {
            scheduled.remove(d.id());
            store.delivered(d.id()).exceptionally(e -> {
                // Not recorded: the row stays pending and is sent again after a restart (at least once).
                LOG.warn("delivery {} succeeded but could not be recorded: {}", d.id(), e.getMessage());
                return 0;
            });
            metrics.deliveryAttempt(d.dialect(), host, "succeeded");
            metrics.deliveredEndToEnd(d.dialect(), Duration.ofMillis(Math.max(0, now - d.createdAt())));
            return;
        }
        boolean gone = outcome.status() != null && outcome.status() == 410;
        if (gone) {
            // The receiver says the endpoint is gone for good: stop calling it (Svix and Hook0 do the same).
            LOG.warn("target {} answered 410 Gone: disabled", redact(d.targetUrl()));
            disabledTargets.disable(d.targetUrl(), "HTTP 410 Gone for delivery " + d.id(), now);
        }
        OptionalLong wait = dialect == null || disabled || gone ? OptionalLong.empty()
                : policies.get(d.dialect()).nextDelayMillis(number, outcome.retryAfterMillis());
        if (wait.isEmpty()) {
            LOG.warn("delivery {} to {} dead after {} attempts: {}", d.id(), redact(d.targetUrl()), number, outcome.error());
            store.deadLetter(d.id(), attempt, now, reportTarget(d)).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("could not dead-letter {}: {}; retrying in 5 s", d.id(), e.getMessage());
                    reschedule(due, clock.millis() + 5_000);
                } else {
                    scheduled.remove(d.id());
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

    private void reschedule(Due due, long at) {
        if (!closed) {
            timeline.add(new Due(due.id, at, due.destination, clock));
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

    static String destination(String url) {
        URI u = URI.create(url);
        int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getScheme() + "://" + u.getHost() + ":" + port;
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

    /** One destination's ready queue and its bounded set of workers (virtual threads). */
    private final class Lane {
        private final Queue<Due> ready = new ConcurrentLinkedQueue<>();
        private final AtomicInteger workers = new AtomicInteger();

        void offer(Due due) {
            ready.add(due);
            while (true) {
                int w = workers.get();
                if (w >= perDestination) {
                    return;
                }
                if (workers.compareAndSet(w, w + 1)) {
                    Thread.ofVirtual().name("herald-delivery").start(this::work);
                    return;
                }
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
                active.incrementAndGet();
                try {
                    inFlight.acquire();
                    try {
                        attempt(due);
                    } finally {
                        inFlight.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("delivery {} failed unexpectedly; retrying in 30 s", due.id, e);
                    reschedule(due, clock.millis() + 30_000);
                } finally {
                    active.decrementAndGet();
                }
            }
        }

        private boolean reclaimSlot() {
            int w = workers.get();
            return w < perDestination && workers.compareAndSet(w, w + 1);
        }
    }

    private static final class Due implements Delayed {
        final String id;
        final long dueAt;
        final String destination;
        private final Clock clock;

        Due(String id, long dueAt, String destination, Clock clock) {
            this.id = id;
            this.dueAt = dueAt;
            this.destination = destination;
            this.clock = clock;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAt - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueAt, ((Due) o).dueAt);
        }
    }
}

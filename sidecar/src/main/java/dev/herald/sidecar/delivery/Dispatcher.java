package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves deliveries through the pipeline: admitted into their destination's {@link Lane} (or left in
 * the queue while the lane's share of memory is full), put on the {@link Timeline} until due, handed
 * to a sender of the lane past its gate, attempted by the {@link AttemptRunner}, and finished,
 * retried or dead-lettered as the {@link OutcomeRecorder} records.
 *
 * <p>The queue is the truth: after a restart {@link #start()} loads every destination's pending
 * deliveries again, and an attempt whose outcome was not yet recorded is simply made again.
 */
public final class Dispatcher implements AutoCloseable, OutcomeRecorder.Completion {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Pushes of fresh deliveries kept for their first attempt, at most this many body bytes in all. */
    private static final long FRESH_BYTES_MAX = 32L << 20;
    /** Attempts kept for the console's search: about 300 bytes each. */
    private static final int RECENT_ATTEMPTS = 2_000;

    private final DeliveryQueue queue;
    private final DestinationSettings settings;
    private final AttemptRunner attempts;
    private final RecentDeliveries recent;
    private final Batcher batcher;
    private final Clock clock;
    private final Executor executor;
    private final Semaphore inFlight;
    private final Timeline timeline = new Timeline();
    private final Set<String> heldIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final FreshPushBudget freshPushes = new FreshPushBudget(FRESH_BYTES_MAX);
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    private Thread thread;

    Dispatcher(DeliveryQueue queue, DestinationSettings settings, AttemptRunner attempts, RecentDeliveries recent, Clock clock,
               HeraldMetrics metrics, int workers, Executor executor) {
        this.queue = queue;
        this.settings = settings;
        this.attempts = attempts;
        this.recent = recent;
        this.batcher = new Batcher(settings);
        this.clock = clock;
        this.executor = executor;
        this.inFlight = new Semaphore(workers);
        metrics.gauge("herald.deliveries.scheduled", "Deliveries held in memory: waiting for their next attempt or in flight",
                heldIds::size);
        metrics.gauge("herald.destinations.open.circuits", "Destinations whose circuit breaker is open or half-open",
                () -> lanes.values().stream().filter(Lane::circuitOpen).count());
    }

    /**
     * The pipeline with its steps: signers (the dialect's signature, Herald's id headers, Standard
     * Webhooks) in that order, then the transport.
     *
     * @param tracing  spans of the attempts ({@link Tracing#OFF} when not traced)
     * @param executor runs the senders (virtual threads)
     */
    public static Dispatcher create(DeliveryQueue queue, Transport transport, Iterable<NotificationDialect> dialects,
                                    ReportTargets reportTargets, DisabledTargets disabledTargets, DestinationSettings settings,
                                    Tracing tracing, Clock clock, HeraldMetrics metrics, int workers, Executor executor) {
        Map<String, NotificationDialect> byId = new LinkedHashMap<>();
        dialects.forEach(d -> byId.put(d.id(), d));
        List<Signer> signers = List.of(new DialectSigner(byId), new HeraldIdHeaders(), new StandardWebhooksSigner(settings));
        RecentDeliveries recent = new RecentDeliveries(RECENT_ATTEMPTS);
        OutcomeRecorder recorder = new OutcomeRecorder(queue, disabledTargets, reportTargets, metrics, recent, clock);
        AttemptRunner attempts = new AttemptRunner(queue, byId, disabledTargets, settings, signers, transport, recorder, tracing,
                clock);
        return new Dispatcher(queue, settings, attempts, recent, clock, metrics, workers, executor);
    }

    /** Loads every destination's pending deliveries and starts dispatching. */
    public void start() {
        recover();
        thread = Thread.ofPlatform().name("herald-delivery-dispatcher").daemon(true).start(this::loop);
    }

    /** Loads every destination's pending deliveries from the queue (as far as each lane has room). */
    void recover() {
        List<String> origins = queue.origins();
        for (String origin : origins) {
            Lane lane = lane(origin);
            lane.rewind();
            lane.refill(queue).forEach(d -> schedule(lane, d));
        }
        if (!origins.isEmpty()) {
            LOG.info("resuming {} pending deliveries to {} destinations", heldIds.size(), origins.size());
        }
    }

    /**
     * Deliveries just stored. One already held is left as it is; when its destination already
     * holds its share of memory, it waits in the queue and is loaded later.
     */
    public void admit(List<Delivery> deliveries) {
        if (closed) {
            return;
        }
        for (Delivery d : deliveries) {
            Lane lane = lane(d.origin());
            if (lane.admit(d)) {
                schedule(lane, freshPushes.keep(d));
            }
        }
    }

    private void schedule(Lane lane, Delivery d) {
        String fifoKey = d.orderKey() != null && settings.fifo(d.targetUrl()) ? d.targetUrl() + " " + d.orderKey() : null;
        timeline.schedule(d, fifoKey);
    }

    private Lane lane(String origin) {
        return lanes.computeIfAbsent(origin, o -> new Lane(o, settings.lane(o), settings.maxScheduledPerDestination(), heldIds));
    }

    private void loop() {
        long nextSweep = System.nanoTime();
        while (!closed) {
            try {
                timeline.awaitDue(clock::millis, 1_000);
                runDue();
                if (System.nanoTime() - nextSweep >= 0) {
                    // A load that failed (queue busy or failing) is tried again here, not only on the next completion.
                    lanes.values().forEach(this::refillIfWanted);
                    nextSweep = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("delivery dispatcher: {}", e.getMessage(), e);
            }
        }
    }

    /** Hands everything due now to its lane. */
    void runDue() {
        for (Timeline.Entry entry : timeline.pollDue(clock.millis())) {
            switch (entry) {
                case Timeline.Attempt a -> {
                    Lane lane = lanes.get(a.delivery().origin());
                    lane.ready.add(a);
                    startSenders(lane);
                }
                case Timeline.Wake w -> {
                    w.lane().woken();
                    startSenders(w.lane());
                }
            }
        }
    }

    private void startSenders(Lane lane) {
        while (!closed && lane.claimSender()) {
            executor.execute(() -> send(lane));
        }
    }

    /** A sender: takes the lane's ready deliveries one after another while its gate lets them through. */
    private void send(Lane lane) {
        while (true) {
            Timeline.Attempt held = lane.ready.poll();
            if (held == null) {
                lane.senderDone();
                // One offered between poll() and senderDone() would otherwise wait for the next offer.
                if (!lane.claimSender()) {
                    return;
                }
                continue;
            }
            if (closed) {
                continue;
            }
            Batcher.Take take = batcher.take(lane, held, clock.millis());
            if (take instanceof Batcher.Hold hold) {
                lane.senderDone();
                wakeAt(lane, hold.until());
                return;
            }
            List<Timeline.Attempt> members = ((Batcher.Send) take).members();
            Lane.Gate gate = lane.enter(clock.millis());
            if (gate instanceof Lane.Wait wait) {
                if (wait.circuitOpen()) {
                    queue.circuitOpen(lane.origin, wait.until());
                }
                // The deliveries wait at the head of their lane without spending an attempt.
                members.reversed().forEach(lane.ready::addFirst);
                lane.senderDone();
                wakeAt(lane, wait.until());
                return;
            }
            boolean permitted = ((Lane.Pass) gate).permitted();
            active.incrementAndGet();
            members.forEach(m -> freshPushes.release(m.delivery()));
            try {
                inFlight.acquire();
                try {
                    attempts.run(members, lane, permitted, this);
                } finally {
                    inFlight.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lane.senderDone();
                return;
            } catch (RuntimeException e) {
                LOG.error("delivery {} failed unexpectedly; retrying in 30 s", held.delivery().id(), e);
                lane.release(permitted); // a half-open breaker must not wait for a probe that never reports
                members.forEach(m -> again(m, m.delivery().unloaded().dueAt(clock.millis() + 30_000)));
            } finally {
                active.decrementAndGet();
            }
        }
    }

    private void wakeAt(Lane lane, long at) {
        if (lane.scheduleWake()) {
            timeline.wake(lane, at);
        }
    }

    @Override
    public void finished(Timeline.Attempt held) {
        Lane lane = lanes.get(held.delivery().origin());
        if (lane.release(held.delivery().id())) {
            refillIfWanted(lane);
        }
        timeline.finished(held.fifoKey(), clock.millis());
    }

    @Override
    public void again(Timeline.Attempt held, Delivery next) {
        if (!closed) {
            timeline.reschedule(next, held.fifoKey());
        }
    }

    @Override
    public void laneReopened(Lane lane) {
        startSenders(lane);
    }

    @Override
    public boolean closed() {
        return closed;
    }

    private void refillIfWanted(Lane lane) {
        if (!closed && lane.wantsRefill() && lane.startRefill()) {
            executor.execute(() -> {
                try {
                    lane.refill(queue).forEach(d -> schedule(lane, d));
                } catch (RuntimeException e) {
                    LOG.warn("cannot load pending deliveries of {}: {}; trying again in a second", lane.origin, e.getMessage());
                } finally {
                    lane.refillDone();
                }
            });
        }
    }

    /** Deliveries held in memory (scheduled or in flight). */
    public int heldCount() {
        return heldIds.size();
    }

    /** The last attempts made, for the operator to search. */
    public RecentDeliveries recent() {
        return recent;
    }

    public List<DestinationState> destinations() {
        List<DestinationState> out = new ArrayList<>();
        lanes.values().forEach(l -> out.add(l.state()));
        out.sort(Comparator.comparing(DestinationState::destination));
        return out;
    }

    /** Stops dispatching and waits up to 10 s for attempts in flight; what they did not record is made again after a restart. */
    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }

    /**
     * Starts no attempt any more and waits up to {@code grace} for those in flight to finish and
     * record their outcome. One still running then is abandoned: its delivery stays pending in the
     * queue and is sent again after the next start.
     *
     * @return how many attempts were still in flight when the grace ran out
     */
    public int close(Duration grace) throws InterruptedException {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return active.get();
    }
}

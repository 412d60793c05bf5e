package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The deliveries of this replica's partitions, in memory: what the dispatcher loads and finishes.
 * Each remembers the record it came from; once it is delivered, dead-lettered or parked, that
 * record's {@link PartitionLedger} entry settles. A failed attempt parks the delivery on the retry
 * topic, except for FIFO destinations, whose deliveries wait in place to keep each object's order.
 * Partitions taken away drop their deliveries: the new owner reads them again, under the same ids.
 */
final class KafkaDeliveryQueue implements DeliveryQueue {
    /**
     * A delivery with its push, the partition and share of the record it settles, its attempts so
     * far, its event's name, key and trace, and since when it has been waiting (taken, or last due).
     */
    record Held(Delivery delivery, TopicPartition source, PartitionLedger.Share share, List<Attempt> log, String eventName,
                String key, String traceContext, long waitingSince) {
        Held retried(Delivery next, List<Attempt> log) {
            return new Held(next, source, share, log, eventName, key, traceContext, next.dueAt());
        }

        /** On its way to the retry topic: not parked twice. */
        Held parking() {
            return new Held(delivery, source, share, log, eventName, key, traceContext, Long.MAX_VALUE);
        }

        boolean isParking() {
            return waitingSince == Long.MAX_VALUE;
        }
    }

    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, Delivery>> byOrigin = new ConcurrentHashMap<>();
    private final Map<TopicPartition, PartitionLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> heldFrom = new ConcurrentHashMap<>();
    /** Until when each origin's circuit was last seen open. */
    private final Map<String, Long> openUntil = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final RetryParking parking;
    private final Predicate<String> fifo;
    private KafkaDeadLetterStore deadLetters;

    /** @param fifo whether a target URL is a FIFO destination */
    KafkaDeliveryQueue(RetryParking parking, Predicate<String> fifo) {
        this.parking = parking;
        this.fifo = fifo;
    }

    void deadLettersIn(KafkaDeadLetterStore store) {
        this.deadLetters = store;
    }

    PartitionLedger ledger(TopicPartition tp, long start) {
        return ledgers.computeIfAbsent(tp, t -> new PartitionLedger(start));
    }

    Map<TopicPartition, PartitionLedger> ledgers() {
        return ledgers;
    }

    /**
     * The deliveries of one record, taken into memory at their queue positions; returns those to
     * admit. One already held under its id (a record read again) settles at once, unless the one
     * held is on its way to the retry topic: this is its parked record, read back before the
     * broker's acknowledgement reached the parking side, and it takes over.
     */
    List<Delivery> take(TopicPartition tp, long offset, List<Delivery> deliveries, List<Attempt> log, String eventName,
                        String key, String traceContext, long now) {
        PartitionLedger ledger = ledgers.get(tp);
        List<Delivery> fresh = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            Delivery at = d.at(seq.incrementAndGet());
            Held held = new Held(at, tp, ledger.share(offset), log, eventName, key, traceContext, Math.max(now, at.dueAt()));
            Held prior = byId.putIfAbsent(d.id(), held);
            if (prior != null && prior.isParking() && byId.replace(d.id(), prior, held)) {
                unlist(prior);
                prior = null;
            }
            if (prior == null) {
                byOrigin.computeIfAbsent(d.origin(), o -> new ConcurrentSkipListMap<>()).put(at.seq(), at.unloaded());
                heldFrom.computeIfAbsent(tp.topic(), t -> new LongAdder()).increment();
                fresh.add(at);
            }
        }
        ledger.add(offset, fresh.size());
        return fresh;
    }

    /** These partitions went to another replica: their deliveries are theirs now. */
    void drop(Collection<TopicPartition> revoked) {
        revoked.forEach(ledgers::remove);
        byId.values().removeIf(h -> {
            if (revoked.contains(h.source())) {
                unlist(h);
                return true;
            }
            return false;
        });
    }

    /** It leaves memory: called once for each delivery that left {@code byId}. */
    private void unlist(Held h) {
        ConcurrentSkipListMap<Long, Delivery> lane = byOrigin.get(h.delivery().origin());
        if (lane != null) {
            lane.remove(h.delivery().seq());
        }
        heldFrom.get(h.source().topic()).decrement();
    }

    /** How many deliveries read from {@code topic} are held. */
    long heldFrom(String topic) {
        LongAdder n = heldFrom.get(topic);
        return n == null ? 0 : n.sum();
    }

    private void settle(String id) {
        Held h = byId.remove(id);
        if (h != null) {
            unlist(h);
            h.share().settle();
        }
    }

    /** Its record's share settles; it leaves memory unless its parked record took its place meanwhile. */
    private void settle(Held h) {
        if (byId.remove(h.delivery().id(), h)) {
            unlist(h);
        }
        h.share().settle();
    }

    /**
     * Parks {@code h} as {@code next} unless it is already on its way: its record settles once the
     * broker has it.
     */
    private CompletableFuture<Void> park(Held h, Delivery next, List<Attempt> log) {
        Held onItsWay = h.parking();
        if (!byId.replace(h.delivery().id(), h, onItsWay)) {
            return CompletableFuture.completedFuture(null);
        }
        return parking.park(next, log, h.eventName(), h.key(), h.traceContext()).thenRun(() -> settle(onItsWay));
    }

    /**
     * Parks every delivery that has waited since before {@code before} without an outcome (its
     * destination's circuit is open, or its lane is full), due again at {@code dueAt} (or when its
     * circuit closes, if later), so that its
     * record settles and the partition moves on. FIFO deliveries wait in place. An attempt already
     * under way when its delivery is parked is made again later, under the same id.
     *
     * @return how many were parked
     */
    int parkWaiting(long before, long dueAt) {
        return parkWaiting(before, dueAt, origin -> true);
    }

    /**
     * Like {@link #parkWaiting}, for the destinations only whose circuit is open at {@code now}, due
     * when it closes at the earliest: the others' stay, since parked they would come back only later.
     */
    int parkOpenCircuits(long before, long dueAt, long now) {
        return parkWaiting(before, dueAt, origin -> openUntil.getOrDefault(origin, 0L) > now);
    }

    @Override
    public void circuitOpen(String origin, long until) {
        openUntil.merge(origin, until, Math::max);
    }

    private int parkWaiting(long before, long dueAt, Predicate<String> ofOrigin) {
        int parked = 0;
        for (Held h : byId.values()) {
            String origin = h.delivery().origin();
            if (h.waitingSince() < before && !fifo.test(h.delivery().targetUrl()) && ofOrigin.test(origin)) {
                long due = Math.max(Math.max(dueAt, openUntil.getOrDefault(origin, 0L)), h.delivery().dueAt());
                park(h, h.delivery().dueAt(due).at(0), h.log());
                parked++;
            }
        }
        return parked;
    }

    /**
     * These partitions are being handed over: their deliveries waiting for a later attempt go to the
     * retry topic (FIFO ones excepted: they keep their place), so that their records settle and the
     * next owner starts past them instead of sending again what was already sent. Those due by
     * {@code now} are left alone: their attempt is probably under way, and parking them would have
     * it made twice.
     *
     * @return completes once the broker has them all
     */
    CompletableFuture<Void> handOver(Collection<TopicPartition> revoked, long now) {
        List<CompletableFuture<Void>> parked = new ArrayList<>();
        for (Held h : byId.values()) {
            if (revoked.contains(h.source()) && h.delivery().dueAt() > now && !fifo.test(h.delivery().targetUrl())
                    && !h.isParking()) {
                parked.add(park(h, h.delivery().at(0), h.log()));
            }
        }
        return CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<String> origins() {
        return byOrigin.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public List<Delivery> pendingAfter(String origin, long afterSeq, int limit) {
        ConcurrentSkipListMap<Long, Delivery> lane = byOrigin.get(origin);
        return lane == null ? List.of() : lane.tailMap(afterSeq, false).values().stream().limit(limit).toList();
    }

    @Override
    public Optional<Delivery> load(Delivery delivery) {
        return Optional.ofNullable(byId.get(delivery.id())).map(Held::delivery);
    }

    @Override
    public Optional<String> traceContext(String deliveryId) {
        return Optional.ofNullable(byId.get(deliveryId)).map(Held::traceContext);
    }

    @Override
    public CompletableFuture<Void> delivered(List<Delivery> deliveries) {
        deliveries.forEach(d -> settle(d.id()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> retryLater(Delivery delivery, Attempt failed, long nextAttemptAt) {
        Held h = byId.get(delivery.id());
        if (h == null) {
            return CompletableFuture.completedFuture(null); // its partition went elsewhere meanwhile
        }
        List<Attempt> log = new ArrayList<>(h.log());
        log.add(failed);
        Delivery next = h.delivery().retriedAt(nextAttemptAt).with(h.delivery().push());
        if (fifo.test(delivery.targetUrl())) {
            byId.computeIfPresent(delivery.id(), (id, old) -> old.retried(next, log));
            return CompletableFuture.completedFuture(null);
        }
        return park(h, next.at(0), log);
    }

    @Override
    public CompletableFuture<Void> deadLetter(Delivery delivery, Attempt last, long now, ReportTarget report) {
        Held h = byId.get(delivery.id());
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<Attempt> log = new ArrayList<>(h.log());
        log.add(last);
        return CompletableFuture.runAsync(() -> {
            deadLetters.add(h.delivery(), log, now, report, h.eventName(), h.key());
            settle(delivery.id());
        });
    }

    @Override
    public long pendingCount() {
        return byId.size();
    }

    @Override
    public OptionalLong oldestPendingCreatedAt() {
        return byId.values().stream().mapToLong(h -> h.delivery().createdAt()).min();
    }
}

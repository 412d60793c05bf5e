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
     * A delivery with its push, the record it settles, its attempts so far, its event's name and
     * key, and since when it has been waiting (taken, or last due).
     */
    record Held(Delivery delivery, TopicPartition source, long offset, List<Attempt> log, String eventName, String key,
                long waitingSince) {
        Held retried(Delivery next, List<Attempt> log) {
            return new Held(next, source, offset, log, eventName, key, next.dueAt());
        }

        /** On its way to the retry topic: not parked twice. */
        Held parking() {
            return new Held(delivery, source, offset, log, eventName, key, Long.MAX_VALUE);
        }
    }

    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, Delivery>> byOrigin = new ConcurrentHashMap<>();
    private final Map<TopicPartition, PartitionLedger> ledgers = new ConcurrentHashMap<>();
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
     * admit. One already held under its id (a record read again) settles at once.
     */
    List<Delivery> take(TopicPartition tp, long offset, List<Delivery> deliveries, List<Attempt> log, String eventName,
                        String key, long now) {
        PartitionLedger ledger = ledgers.get(tp);
        List<Delivery> fresh = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            Delivery at = d.at(seq.incrementAndGet());
            if (byId.putIfAbsent(d.id(), new Held(at, tp, offset, log, eventName, key, Math.max(now, at.dueAt()))) == null) {
                byOrigin.computeIfAbsent(d.origin(), o -> new ConcurrentSkipListMap<>()).put(at.seq(), at.unloaded());
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

    private void unlist(Held h) {
        ConcurrentSkipListMap<Long, Delivery> lane = byOrigin.get(h.delivery().origin());
        if (lane != null) {
            lane.remove(h.delivery().seq());
        }
    }

    private void settle(String id) {
        Held h = byId.remove(id);
        if (h == null) {
            return;
        }
        unlist(h);
        PartitionLedger ledger = ledgers.get(h.source());
        if (ledger != null) {
            ledger.settle(h.offset());
        }
    }

    /**
     * Parks every delivery that has waited since before {@code before} without an outcome (its
     * destination's circuit is open, or its lane is full), due again at {@code dueAt}, so that its
     * record settles and the partition moves on. FIFO deliveries wait in place. An attempt already
     * under way when its delivery is parked is made again later, under the same id.
     *
     * @return how many were parked
     */
    int parkWaiting(long before, long dueAt) {
        int parked = 0;
        for (Held h : byId.values()) {
            if (h.waitingSince() < before && !fifo.test(h.delivery().targetUrl())
                    && byId.replace(h.delivery().id(), h, h.parking())) {
                Delivery later = h.delivery().dueAt(Math.max(dueAt, h.delivery().dueAt())).at(0);
                parking.park(later, h.log(), h.eventName(), h.key()).thenRun(() -> settle(h.delivery().id()));
                parked++;
            }
        }
        return parked;
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
        return parking.park(next.at(0), log, h.eventName(), h.key()).thenRun(() -> settle(delivery.id()));
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

package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.kafka.KafkaCodec.ParkedJob;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cloudfunc jobs in cluster mode (docs/cluster.md). A job travels with its event on the events topic
 * and is run by that partition's owner, which holds it in memory until it is over; its record counts
 * open until then, so a replica that dies mid-job leaves it to the next owner. A failed attempt parks
 * the job on the retry topic with its due time; the result push goes to the retry topic, due at once,
 * before the job's record settles. A job run twice (its owner died after the result was parked)
 * posts its result again under the same delivery id.
 */
final class KafkaCloudfuncJobs implements CloudfuncJobStore {
    /** A job with the partition and share of the record it settles; {@code parking}: on its way to the retry topic. */
    private record Held(ParkedJob parked, TopicPartition source, PartitionLedger.Share share, boolean parking) {
        Held onItsWay() {
            return new Held(parked, source, share, true);
        }

        String id() {
            return parked.job().id();
        }
    }

    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    private final Map<TopicPartition, PartitionLedger> ledgers;
    private final RetryParking parking;
    private final Duration ackTimeout;
    private volatile Runnable onTaken = () -> { };

    /** @param ledgers the delivery queue's, shared: a record settles when its deliveries and its jobs have */
    KafkaCloudfuncJobs(Map<TopicPartition, PartitionLedger> ledgers, RetryParking parking, Duration ackTimeout) {
        this.ledgers = ledgers;
        this.parking = parking;
        this.ackTimeout = ackTimeout;
    }

    /** {@code listener} runs when jobs were taken, so the runner need not wait for its next poll. */
    void onTaken(Runnable listener) {
        this.onTaken = listener;
    }

    /**
     * The jobs of one record. One already held under its id (a record read again) is not taken
     * twice, unless the one held is on its way to the retry topic: this is its parked record, and
     * it takes over.
     */
    void take(TopicPartition tp, long offset, List<ParkedJob> jobs) {
        PartitionLedger ledger = ledgers.get(tp);
        int fresh = 0;
        for (ParkedJob j : jobs) {
            Held held = new Held(j, tp, ledger.share(offset), false);
            Held prior = byId.putIfAbsent(held.id(), held);
            if (prior == null || prior.parking() && byId.replace(held.id(), prior, held)) {
                fresh++;
            }
        }
        ledger.add(offset, fresh);
        if (fresh > 0) {
            onTaken.run();
        }
    }

    /**
     * These partitions are being handed over: their jobs go to the retry topic as they are, so that
     * their records settle and the next owner runs each once more at most.
     *
     * @return completes once the broker has them all
     */
    CompletableFuture<Void> handOver(Collection<TopicPartition> revoked) {
        List<CompletableFuture<Void>> parked = byId.values().stream().filter(h -> revoked.contains(h.source()) && !h.parking())
                .map(h -> park(h, h.parked())).toList();
        return CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new));
    }

    /** These partitions went to another replica: so did their jobs. */
    void drop(Collection<TopicPartition> revoked) {
        byId.values().removeIf(h -> revoked.contains(h.source()));
    }

    int heldCount() {
        return byId.size();
    }

    @Override
    public List<DueJob> due(long now, int limit) {
        return byId.values().stream().filter(h -> !h.parking() && h.parked().dueAt() <= now)
                .sorted(Comparator.comparingLong(h -> h.parked().dueAt())).limit(limit).map(h -> h.parked().job()).toList();
    }

    @Override
    public void retryLater(String id, long next, String error) {
        Held h = byId.get(id);
        if (h == null || h.parking()) {
            return; // its partition went elsewhere meanwhile (the new owner runs it), or it is being handed over
        }
        DueJob j = h.parked().job();
        DueJob again = new DueJob(j.id(), j.eventId(), j.eventJson(), j.dialect(), j.bucket(), j.ruleId(), j.attempts() + 1);
        await(park(h, new ParkedJob(again, next, h.parked().eventName(), h.parked().key())));
    }

    /** The result goes to the retry topic, where the partition's owner reads and admits it: nothing to admit here. */
    @Override
    public Optional<Delivery> finish(String id, Optional<Delivery> result) {
        Held h = byId.get(id);
        if (h == null) {
            return Optional.empty();
        }
        result.ifPresent(d -> await(parking.park(d, List.of(), h.parked().eventName(), h.parked().key(), null)));
        settle(h);
        return Optional.empty();
    }

    /** Parks {@code h} as {@code as}; once the broker has it, its record's share settles. */
    private CompletableFuture<Void> park(Held h, ParkedJob as) {
        Held onItsWay = h.onItsWay();
        if (!byId.replace(h.id(), h, onItsWay)) {
            return CompletableFuture.completedFuture(null);
        }
        return parking.park(as).whenComplete((done, e) -> {
            if (e != null) {
                byId.replace(h.id(), onItsWay, h); // not parked: run here again
            } else {
                settle(onItsWay);
            }
        });
    }

    /** Its record's share settles; it leaves memory unless its parked record took its place meanwhile. */
    private void settle(Held h) {
        byId.remove(h.id(), h);
        h.share().settle();
    }

    private void await(CompletableFuture<Void> parked) {
        try {
            parked.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while Kafka took a cloudfunc job", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException("Kafka did not take the cloudfunc job within " + ackTimeout.toMillis() + " ms: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }
}

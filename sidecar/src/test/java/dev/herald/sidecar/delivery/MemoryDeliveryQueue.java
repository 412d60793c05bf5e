package dev.herald.sidecar.delivery;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The delivery queue in memory: every write is durable at once; the test reads what happened. */
final class MemoryDeliveryQueue implements DeliveryQueue {
    private final TreeMap<Long, Delivery> pending = new TreeMap<>();
    final Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    final Map<String, Delivery> dead = new LinkedHashMap<>();
    final List<String> delivered = new ArrayList<>();
    private long seq;

    /** Stores fresh deliveries as the event log would; returns them at their positions, with their pushes. */
    synchronized List<Delivery> store(List<Delivery> fresh) {
        List<Delivery> out = new ArrayList<>();
        for (Delivery d : fresh) {
            Delivery stored = d.at(++seq);
            pending.put(stored.seq(), stored);
            out.add(stored);
        }
        return out;
    }

    synchronized int pendingSize() {
        return pending.size();
    }

    @Override
    public synchronized List<String> origins() {
        return pending.values().stream().map(Delivery::origin).distinct().toList();
    }

    @Override
    public synchronized List<Delivery> pendingAfter(String origin, long afterSeq, int limit) {
        return pending.tailMap(afterSeq, false).values().stream().filter(d -> d.origin().equals(origin)).limit(limit)
                .map(Delivery::unloaded).toList();
    }

    @Override
    public synchronized Optional<Delivery> load(Delivery delivery) {
        return Optional.ofNullable(pending.get(delivery.seq())).filter(d -> d.id().equals(delivery.id()));
    }

    @Override
    public synchronized CompletableFuture<Void> delivered(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            pending.remove(delivery.seq());
            delivered.add(delivery.id());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> retryLater(Delivery delivery, Attempt failed, long nextAttemptAt) {
        attempts.computeIfAbsent(delivery.id(), k -> new ArrayList<>()).add(failed);
        Delivery d = pending.get(delivery.seq());
        pending.put(d.seq(), new Delivery(d.id(), d.eventId(), d.targetUrl(), d.origin(), d.orderKey(), d.seq(), d.createdAt(),
                failed.number(), nextAttemptAt, d.push()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> deadLetter(Delivery delivery, Attempt last, long now, ReportTarget report) {
        attempts.computeIfAbsent(delivery.id(), k -> new ArrayList<>()).add(last);
        dead.put(delivery.id(), pending.remove(delivery.seq()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized long pendingCount() {
        return pending.size();
    }

    @Override
    public synchronized OptionalLong oldestPendingCreatedAt() {
        return pending.isEmpty() ? OptionalLong.empty() : OptionalLong.of(pending.firstEntry().getValue().createdAt());
    }
}

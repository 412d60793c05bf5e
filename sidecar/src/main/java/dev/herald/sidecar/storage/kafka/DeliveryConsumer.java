package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.kafka.KafkaCodec.EventRecord;
import dev.herald.sidecar.storage.kafka.KafkaCodec.ParkedRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This replica's share of the delivery work: a member of the delivery consumer group over the
 * events and retry topics (co-partitioned, so one owner has an object's events and its parked
 * deliveries). Each record's deliveries go to the dispatcher and its cloudfunc jobs to the runner;
 * offsets are committed up to the first record not settled ({@link PartitionLedger}); reading a
 * topic pauses while its half of {@code maxHeld} is in memory. A resend of an event already read is
 * recognised by its id among the partition's last {@link #DEDUP_WINDOW} events, read again below the
 * committed offset when a partition is taken over.
 */
final class DeliveryConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConsumer.class);
    static final int DEDUP_WINDOW = 20_000;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long COMMIT_EVERY_NANOS = 500_000_000L;
    /** A delivery that waits this long past its due time without an outcome is parked. */
    static final long PARK_AFTER_MILLIS = 5_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final HeraldTopics topics;
    private final KafkaDeliveryQueue queue;
    private final KafkaCloudfuncJobs jobs;
    private final ReportLease reports;
    private final ReadingThrottle throttle;
    private final Map<TopicPartition, Long> replayBelow = new HashMap<>();
    private final Map<TopicPartition, Set<String>> seen = new HashMap<>();
    private final AtomicLong lag = new AtomicLong();
    private volatile Set<TopicPartition> owned = Set.of();
    private volatile boolean closed;
    private Consumer<List<Delivery>> admit;
    private Thread thread;

    DeliveryConsumer(KafkaConsumer<String, byte[]> consumer, HeraldTopics topics, KafkaDeliveryQueue queue,
                     KafkaCloudfuncJobs jobs, ReportLease reports, int maxHeld) {
        this.consumer = consumer;
        this.topics = topics;
        this.queue = queue;
        this.jobs = jobs;
        this.reports = reports;
        this.throttle = new ReadingThrottle(consumer, topics, queue, jobs, maxHeld);
    }

    void start(Consumer<List<Delivery>> admit) {
        this.admit = admit;
        consumer.subscribe(List.of(topics.events(), topics.retry()), new Rebalance());
        thread = Thread.ofPlatform().name("herald-delivery-consumer").daemon(true).start(this::loop);
    }

    /** Partitions of the events and retry topics this replica owns. */
    Set<TopicPartition> owned() {
        return owned;
    }

    /** Records of the owned partitions not yet read, as of the last poll. */
    long lag() {
        return lag.get();
    }

    /** Its owner writes the failure reports ({@link ReportLease}). */
    private TopicPartition reportsPartition() {
        return new TopicPartition(topics.events(), 0);
    }

    private void loop() {
        long nextCommit = System.nanoTime();
        try {
            while (!closed) {
                List<Delivery> admitted = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    admitted.addAll(take(r));
                }
                if (!admitted.isEmpty()) {
                    admit.accept(admitted);
                }
                throttle.apply();
                if (System.nanoTime() - nextCommit >= 0) {
                    parkWaiting();
                    commit();
                    measureLag();
                    nextCommit = System.nanoTime() + COMMIT_EVERY_NANOS;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("delivery consumer stopped: {}", e.getMessage(), e);
        } finally {
            try {
                consumer.commitSync(toCommit(), Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.info("final offset commit failed ({}); the next owner reads those records again", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<Delivery> take(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        long now = System.currentTimeMillis();
        try {
            if (r.topic().equals(topics.retry())) {
                ParkedRecord p = KafkaCodec.read(r.value(), ParkedRecord.class);
                if (p.job() != null) {
                    jobs.take(tp, r.offset(), List.of(p.job()));
                    return List.of();
                }
                return queue.take(tp, r.offset(), List.of(p.delivery()), p.log(), p.eventName(), p.key(), p.traceContext(), now);
            }
            EventRecord e = KafkaCodec.read(r.value(), EventRecord.class);
            Long below = replayBelow.get(tp);
            boolean isNew = seen.computeIfAbsent(tp, t -> window()).add(e.id());
            if (below != null && r.offset() < below) {
                return List.of(); // settled before this replica took the partition: only remembered
            }
            // Its jobs count open before its deliveries can settle it.
            jobs.take(tp, r.offset(), isNew ? e.dueJobs(now) : List.of());
            return queue.take(tp, r.offset(), isNew ? e.deliveries() : List.of(), List.of(), e.eventName(), e.key(),
                    e.traceContext(), now);
        } catch (RuntimeException e) {
            LOG.error("skipping record {}-{}@{} that is not Herald's: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return queue.take(tp, r.offset(), List.of(), List.of(), null, null, null, 0);
        }
    }

    private static Set<String> window() {
        return Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > DEDUP_WINDOW;
            }
        });
    }

    /** Deliveries held past their time without an outcome go to the retry topic, so their records settle. */
    private void parkWaiting() {
        long now = System.currentTimeMillis();
        int parked = queue.parkWaiting(now - PARK_AFTER_MILLIS, now + PARK_AFTER_MILLIS);
        if (parked > 0) {
            LOG.info("parked {} deliveries that waited over {} ms (open circuit or full lane)", parked, PARK_AFTER_MILLIS);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        queue.ledgers().forEach((tp, ledger) -> {
            long o = ledger.toCommit();
            if (o >= 0) {
                out.put(tp, new OffsetAndMetadata(o));
            }
        });
        return out;
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (done, e) -> {
            if (e != null) {
                LOG.debug("offset commit failed, tried again: {}", e.getMessage());
                return;
            }
            done.forEach((tp, o) -> {
                PartitionLedger ledger = queue.ledgers().get(tp);
                if (ledger != null) {
                    ledger.committed(o.offset());
                }
            });
        });
    }

    private void measureLag() {
        long sum = 0;
        for (TopicPartition tp : owned) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        lag.set(sum);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            handOverReports(revoked);
            try {
                CompletableFuture.allOf(queue.handOver(revoked, System.currentTimeMillis()), jobs.handOver(revoked)).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.info("parking before handing over {} failed ({}); the next owner reads their open records again",
                        revoked, e.getMessage());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = toCommit();
            offsets.keySet().retainAll(revoked);
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.info("commit before handing over {} failed ({}); the next owner reads their open records again",
                        revoked, e.getMessage());
            }
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            handOverReports(lost);
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned), Duration.ofSeconds(30));
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata c = committed.get(tp);
                long start = c == null ? 0 : c.offset();
                queue.ledger(tp, start);
                if (tp.topic().equals(topics.events()) && start > 0) {
                    // The events just below the committed offset are read only to recognise their resends.
                    consumer.seek(tp, Math.max(0, start - DEDUP_WINDOW));
                    replayBelow.put(tp, start);
                }
            }
            Set<TopicPartition> now = new HashSet<>(owned);
            now.addAll(assigned);
            owned = Set.copyOf(now);
            if (assigned.contains(reportsPartition())) {
                reports.take();
            }
            LOG.info("delivering for {} partitions: {}", owned.size(), owned);
        }

        /** Waits for a failure report being written: the next owner of partition 0 must not write it again. */
        private void handOverReports(Collection<TopicPartition> gone) {
            if (gone.contains(reportsPartition())) {
                reports.handOver();
            }
        }

        private void forget(Collection<TopicPartition> gone) {
            jobs.drop(gone);
            queue.drop(gone);
            gone.forEach(tp -> {
                replayBelow.remove(tp);
                seen.remove(tp);
            });
            Set<TopicPartition> now = new HashSet<>(owned);
            now.removeAll(gone);
            owned = Set.copyOf(now);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        if (thread != null) {
            thread.join(10_000);
        } else {
            consumer.close(Duration.ZERO);
        }
    }
}

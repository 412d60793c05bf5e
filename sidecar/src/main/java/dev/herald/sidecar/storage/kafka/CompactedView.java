package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.StoreUnavailableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A compacted topic read whole by every replica into memory: the latest value per key. A write
 * returns once the broker acknowledged it and this replica's view has read it back
 * (read-your-writes); other replicas read it within their next poll (200 ms).
 */
final class CompactedView<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedView.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Function<byte[], V> decode;
    private final Duration timeout;
    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private volatile List<TopicPartition> parts = List.of();
    private volatile Consumer<String> onChange = key -> { };
    private volatile boolean closed;
    private Thread thread;

    CompactedView(String topic, KafkaConsumer<String, byte[]> consumer, Producer<String, byte[]> producer,
                  Function<byte[], V> decode, Duration timeout) {
        this.topic = topic;
        this.consumer = consumer;
        this.producer = producer;
        this.decode = decode;
        this.timeout = timeout;
    }

    /** Reads the topic up to its end as of now, then follows it in the background. */
    void start() {
        Duration patience = Duration.ofMillis(HeraldTopics.START_TIMEOUT_MILLIS);
        List<TopicPartition> parts = consumer.partitionsFor(topic, patience).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        this.parts = parts;
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, patience);
        long deadline = System.nanoTime() + patience.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), patience) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new StoreUnavailableException("could not read Kafka topic " + topic + " to its end", null);
            }
            apply(consumer.poll(POLL), parts);
        }
        thread = Thread.ofPlatform().name("herald-view-" + topic).daemon(true).start(() -> follow(parts));
    }

    /** Called with each key another replica (or this one) changed, after the view has it. */
    void onChange(Consumer<String> listener) {
        this.onChange = listener;
    }

    Map<String, V> entries() {
        return entries;
    }

    V get(String key) {
        return entries.get(key);
    }

    /** Writes {@code value} ({@code null} deletes) and returns once this view has read it back. */
    void put(String key, byte[] value) {
        RecordMetadata md;
        try {
            md = producer.send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted writing to " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreUnavailableException("Kafka did not take the write to " + topic + ": " + e.getMessage(), e);
        }
        awaitRead(md.partition(), md.offset() + 1);
    }

    /** Returns once this view has read every record the topic had when called (its end offsets, asked of {@code admin}). */
    void readToEnd(Admin admin) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends;
        try {
            ends = admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted asking for the end of " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreUnavailableException("Kafka did not say where " + topic + " ends: " + e.getMessage(), e);
        }
        ends.forEach((tp, end) -> awaitRead(tp.partition(), end.offset()));
    }

    private void awaitRead(int partition, long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positions) {
            while (positions.getOrDefault(partition, 0L) < offset) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new StoreUnavailableException("the write to " + topic + " was not read back within " + timeout, null);
                }
                try {
                    positions.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted waiting for " + topic, e);
                }
            }
        }
    }

    private void follow(Collection<TopicPartition> parts) {
        while (!closed) {
            try {
                apply(consumer.poll(POLL), parts);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("reading Kafka topic {}: {}", topic, e.getMessage());
            }
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records, Collection<TopicPartition> parts) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() == null) {
                entries.remove(r.key());
            } else {
                try {
                    entries.put(r.key(), decode.apply(r.value()));
                } catch (RuntimeException e) {
                    LOG.warn("skipping record {} of {}: {}", r.offset(), topic, e.getMessage());
                }
            }
            onChange.accept(r.key());
        }
        synchronized (positions) {
            for (TopicPartition tp : parts) {
                positions.put(tp.partition(), consumer.position(tp));
            }
            positions.notifyAll();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        if (thread != null) {
            thread.join(5_000);
        }
        consumer.close(Duration.ofSeconds(1));
    }
}

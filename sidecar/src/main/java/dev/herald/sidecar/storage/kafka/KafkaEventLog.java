package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.storage.EventLog;
import dev.herald.sidecar.storage.RoutedEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Accepted events on the events topic, keyed {@code bucket/key} so that one object's events stay in
 * one partition, in order. {@link #append} returns once the broker has acknowledged every record
 * ({@code acks=all}); a resend is recognised later, by the partition's owner
 * ({@link DeliveryConsumer}), so every event counts as new here.
 */
final class KafkaEventLog implements EventLog {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;

    KafkaEventLog(Producer<String, byte[]> producer, String topic, Duration ackTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public List<RoutedEvent> append(List<RoutedEvent> events) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        try {
            for (RoutedEvent e : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, e.bucket() + "/" + e.key(),
                        KafkaCodec.write(KafkaCodec.EventRecord.of(e)))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while Kafka took the events", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
            // Records sent may still arrive: the producer's resend is then a duplicate, dropped by the owner.
            throw new StoreUnavailableException("Kafka did not acknowledge the events within " + ackTimeout.toMillis()
                    + " ms: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        return events;
    }
}

package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Parks a delivery on the retry topic until its next attempt is due, keyed like its event, so that
 * it lands in the same partition number and so with the same owner. Its source record then counts
 * as settled: a dead destination holds neither the partition's offset nor its memory.
 */
final class RetryParking {
    private final Producer<String, byte[]> producer;
    private final String topic;

    RetryParking(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Completes once the broker has the parked delivery. */
    CompletableFuture<Void> park(Delivery withPush, List<Attempt> log, String eventName, String objectKey) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String key = withPush.orderKey() != null ? withPush.orderKey() : withPush.id();
        producer.send(new ProducerRecord<>(topic, key, KafkaCodec.write(new KafkaCodec.ParkedRecord(withPush, log, eventName, objectKey))),
                (md, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(null);
                    }
                });
        return done;
    }
}

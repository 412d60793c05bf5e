package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.kafka.KafkaCodec.ParkedJob;
import dev.herald.sidecar.storage.kafka.KafkaCodec.ParkedRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Parks a delivery (or a cloudfunc job) on the retry topic until its next attempt is due, keyed like
 * its event, so that it lands in the same partition number and so with the same owner. Its source
 * record then counts as settled: a dead destination holds neither the partition's offset nor its memory.
 */
final class RetryParking {
    private final Producer<String, byte[]> producer;
    private final String topic;

    RetryParking(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Completes once the broker has the parked delivery; {@code traceContext} may be {@code null}. */
    CompletableFuture<Void> park(Delivery withPush, List<Attempt> log, String eventName, String objectKey, String traceContext) {
        String key = withPush.orderKey() != null ? withPush.orderKey() : withPush.id();
        return send(key, new ParkedRecord(withPush, log, eventName, objectKey, traceContext, null));
    }

    /** Completes once the broker has the cloudfunc job, due again at {@code job.dueAt()}. */
    CompletableFuture<Void> park(ParkedJob job) {
        return send(job.recordKey(), new ParkedRecord(null, List.of(), job.eventName(), job.key(), null, job));
    }

    private CompletableFuture<Void> send(String key, ParkedRecord value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, KafkaCodec.write(value)),
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

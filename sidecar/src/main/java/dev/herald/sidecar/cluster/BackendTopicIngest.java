package dev.herald.sidecar.cluster;

import dev.herald.adapter.ingest.DecodedNotification;
import dev.herald.adapter.ingest.S3NotificationDecoder;
import dev.herald.adapter.ingest.UndecodableNotificationException;
import dev.herald.dialects.IngestRefusal;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.config.KafkaIngestConfig;
import dev.herald.sidecar.ingest.Ingest;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Reads one backend topic (MinIO's Kafka target, Ceph's {@code kafka://} push endpoint) in the
 * ingest consumer group, and takes each record as the webhook route takes its body: the same
 * decoder, the same event ids, the same routing into the events topic, where it is keyed
 * {@code bucket/key} whatever key the backend gave (Ceph gives none). The backend offset is
 * committed only after Herald's events topic acknowledged; a record that cannot be stored is
 * tried again, never skipped.
 */
public final class BackendTopicIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendTopicIngest.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaIngestConfig.Topic topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Ingest ingest;
    private final HeraldMetrics metrics;
    private volatile boolean closed;
    private Thread thread;

    private BackendTopicIngest(KafkaIngestConfig.Topic topic, KafkaConsumer<String, byte[]> consumer, Ingest ingest,
                               HeraldMetrics metrics) {
        this.topic = topic;
        this.consumer = consumer;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    /** Starts reading {@code topic}, in the group {@code <topicPrefix>.ingest}. */
    public static BackendTopicIngest start(KafkaIngestConfig.Topic topic, KafkaClients clients, Ingest ingest,
                                           HeraldMetrics metrics, String replica) {
        String servers = topic.bootstrapServers() != null ? topic.bootstrapServers() : clients.config().bootstrapServers();
        KafkaConsumer<String, byte[]> consumer = clients.consumer(servers, clients.config().topicPrefix() + ".ingest",
                replica + "-ingest-" + topic.topic());
        BackendTopicIngest reader = new BackendTopicIngest(topic, consumer, ingest, metrics);
        consumer.subscribe(List.of(topic.topic()));
        reader.thread = Thread.ofPlatform().name("herald-ingest-" + topic.topic()).daemon(true).start(reader::loop);
        return reader;
    }

    private void loop() {
        try {
            while (!closed) {
                var records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> r : records) {
                    take(r);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("ingest from Kafka topic {} stopped: {}", topic.topic(), e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        DecodedNotification decoded;
        try {
            decoded = S3NotificationDecoder.decode(r.value() == null ? new byte[0] : r.value());
        } catch (UndecodableNotificationException e) {
            metrics.ingestRejected(topic.producer(), IngestRefusal.UNDECODABLE);
            LOG.info("skipping record {}@{} of {}: not a notification: {}", r.partition(), r.offset(), topic.topic(), e.getMessage());
            return;
        }
        if (decoded.testEvent() || decoded.events().isEmpty()) {
            return;
        }
        while (!closed) {
            try {
                ingest.acceptObjects(decoded.events());
                return;
            } catch (StoreUnavailableException e) {
                metrics.ingestRejected(topic.producer(), IngestRefusal.STORE);
                LOG.warn("cannot store record {}@{} of {} ({}); trying again in 1 s", r.partition(), r.offset(), topic.topic(),
                        e.getMessage());
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}

package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.Delivery;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each topic pauses at its own share and resumes at half of it; one topic's backlog leaves the other
 * read; under pressure, the deliveries behind an open circuit are parked, the others' kept.
 */
class ReadingThrottleTest {
    private static final TopicPartition E0 = new TopicPartition("herald.events", 0);
    private static final TopicPartition E1 = new TopicPartition("herald.events", 1);
    private static final TopicPartition R0 = new TopicPartition("herald.retry", 0);
    private static final TopicPartition R1 = new TopicPartition("herald.retry", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final RetryParking parking = new RetryParking(producer, "herald.retry");
    private final KafkaDeliveryQueue queue = new KafkaDeliveryQueue(parking, url -> false);
    private final ReadingThrottle throttle = new ReadingThrottle(consumer, new HeraldTopics("herald"), queue,
            new KafkaCloudfuncJobs(queue.ledgers(), parking, Duration.ofSeconds(5)), 200);

    @Test
    void aRetryBacklogPausesTheRetryTopicOnly() {
        consumer.assign(List.of(E0, E1, R0, R1));
        throttle.limit("herald.events", 10);
        throttle.limit("herald.retry", 100);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(R0, R1);

        throttle.limit("herald.retry", 50);
        assertThat(consumer.paused()).as("not yet half gone").containsExactlyInAnyOrder(R0, R1);
        throttle.limit("herald.retry", 49);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void eachTopicAtItsShare() {
        consumer.assign(List.of(E0, E1, R0, R1));
        throttle.limit("herald.events", 99);
        assertThat(consumer.paused()).isEmpty();
        throttle.limit("herald.events", 100);
        throttle.limit("herald.retry", 100);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(E0, E1, R0, R1);
        throttle.limit("herald.events", 0);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(R0, R1);
    }

    @Test
    void underPressureTheDeliveriesBehindAnOpenCircuitAreParkedUntilItClosesAndOthersStay() {
        consumer.assign(List.of(E0, R0));
        queue.ledger(E0, 0);
        for (int i = 0; i < 102; i++) {
            queue.take(E0, i, List.of(delivery("d" + i, i < 60 ? "http://dead/x" : "http://healthy/x")), List.of(), "put", "k",
                    null, 0);
        }
        long now = System.currentTimeMillis();
        queue.circuitOpen("http://dead:80", now + 30_000);
        throttle.apply();

        assertThat(producer.history()).as("the dead destination's 60").hasSize(60)
                .allSatisfy(r -> assertThat(KafkaCodec.read(r.value(), KafkaCodec.ParkedRecord.class).delivery().targetUrl())
                        .isEqualTo("http://dead/x"));
        assertThat(KafkaCodec.read(producer.history().getFirst().value(), KafkaCodec.ParkedRecord.class).delivery().dueAt())
                .as("due when the circuit closes").isEqualTo(now + 30_000);
        assertThat(queue.heldFrom("herald.events")).as("the healthy one's 42 left, though it holds a backlog too").isEqualTo(42);
        assertThat(consumer.paused()).as("under the share: still read").isEmpty();
    }

    private static Delivery delivery(String id, String url) {
        OutboundPush push = new OutboundPush(id, "bos", "photos", "r1", url, "POST", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), "sk", "e-" + id);
        return Delivery.fresh("e-" + id, push, "photos/k", 0);
    }
}

package dev.herald.sidecar.storage.kafka;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each topic pauses at its own share and resumes at half of it; one topic's backlog leaves the other read. */
class ReadingThrottleTest {
    private static final TopicPartition E0 = new TopicPartition("herald.events", 0);
    private static final TopicPartition E1 = new TopicPartition("herald.events", 1);
    private static final TopicPartition R0 = new TopicPartition("herald.retry", 0);
    private static final TopicPartition R1 = new TopicPartition("herald.retry", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final ReadingThrottle throttle = new ReadingThrottle(consumer, 100);

    @Test
    void aRetryBacklogPausesTheRetryTopicOnly() {
        consumer.assign(List.of(E0, E1, R0, R1));
        throttle.apply("herald.events", 10);
        throttle.apply("herald.retry", 100);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(R0, R1);

        throttle.apply("herald.retry", 50);
        assertThat(consumer.paused()).as("not yet half gone").containsExactlyInAnyOrder(R0, R1);
        throttle.apply("herald.retry", 49);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void eachTopicAtItsShare() {
        consumer.assign(List.of(E0, E1, R0, R1));
        throttle.apply("herald.events", 99);
        assertThat(consumer.paused()).isEmpty();
        throttle.apply("herald.events", 100);
        throttle.apply("herald.retry", 100);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(E0, E1, R0, R1);
        throttle.apply("herald.events", 0);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(R0, R1);
    }
}

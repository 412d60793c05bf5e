package dev.herald.sidecar.storage.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Memory stays bounded with a long backlog: the rest waits in Kafka. Each topic a consumer reads
 * has its own share of what may be held, so that a dead destination's parked deliveries, held until
 * due, stop the reading of the retry topic only, never the first attempts of new events. A topic's
 * partitions pause once its share is held and resume when half of it has gone.
 */
final class ReadingThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingThrottle.class);

    private final Consumer<?, ?> consumer;
    private final long share;

    /** Called on the consumer's own thread only, like the consumer. */
    ReadingThrottle(Consumer<?, ?> consumer, long share) {
        this.consumer = consumer;
        this.share = share;
    }

    /** {@code held}: how many deliveries (and jobs) read from {@code topic} are in memory now. */
    void apply(String topic, long held) {
        Set<TopicPartition> paused = consumer.paused();
        boolean reading = paused.stream().noneMatch(tp -> tp.topic().equals(topic));
        if (held >= share && reading) {
            LOG.info("{} deliveries from {} held: pausing its partitions until half have gone", held, topic);
            consumer.pause(consumer.assignment().stream().filter(tp -> tp.topic().equals(topic)).toList());
        } else if (held < share / 2 && !reading) {
            consumer.resume(paused.stream().filter(tp -> tp.topic().equals(topic)).toList());
        }
    }
}

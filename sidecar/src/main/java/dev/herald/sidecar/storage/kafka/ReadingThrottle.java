package dev.herald.sidecar.storage.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Memory stays bounded with a long backlog: the rest waits in Kafka. The events and the retry
 * topic each have half of {@code maxHeld}, so that a dead destination's parked deliveries, held
 * until due, stop the reading of the retry topic only. A topic's partitions pause once its half is
 * held and resume when half of that has gone. Deliveries that cannot be attempted (an open circuit)
 * would still fill the events topic's half and stop new events for all: under that pressure those
 * of destinations whose circuit is open are parked once they have waited
 * {@link #PRESSED_PARK_AFTER_MILLIS} (the others' are left to their lanes).
 */
final class ReadingThrottle {
    static final long PRESSED_PARK_AFTER_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ReadingThrottle.class);

    private final Consumer<?, ?> consumer;
    private final HeraldTopics topics;
    private final KafkaDeliveryQueue queue;
    private final KafkaCloudfuncJobs jobs;
    private final long share;

    /** Called on the consumer's own thread only, like the consumer. */
    ReadingThrottle(Consumer<?, ?> consumer, HeraldTopics topics, KafkaDeliveryQueue queue, KafkaCloudfuncJobs jobs,
                    int maxHeld) {
        this.consumer = consumer;
        this.topics = topics;
        this.queue = queue;
        this.jobs = jobs;
        this.share = maxHeld / 2;
    }

    /** After each poll. */
    void apply() {
        if (heldFromEvents() >= share) {
            long now = System.currentTimeMillis();
            int parked = queue.parkOpenCircuits(now - PRESSED_PARK_AFTER_MILLIS, now + DeliveryConsumer.PARK_AFTER_MILLIS, now);
            if (parked > 0) {
                LOG.info("memory share full: parked {} deliveries waiting over {} ms behind open circuits", parked,
                        PRESSED_PARK_AFTER_MILLIS);
            }
        }
        limit(topics.events(), heldFromEvents());
        limit(topics.retry(), queue.heldFrom(topics.retry()));
    }

    private long heldFromEvents() {
        return queue.heldFrom(topics.events()) + jobs.heldCount();
    }

    /** {@code held}: how many deliveries (and jobs) read from {@code topic} are in memory now. */
    void limit(String topic, long held) {
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

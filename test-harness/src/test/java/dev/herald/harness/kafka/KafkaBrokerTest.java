package dev.herald.harness.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The broker the harness starts, used as Herald's cluster mode will use it: keyed records through a
 * consumer group, a broker outage that clients ride out on the same address, a compacted topic
 * across a crash. Prints how long the start and the restarts took ({@code kafka-timing:} lines).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @BeforeAll
    static void reportStart(KafkaBroker broker) {
        System.out.printf("kafka-timing: format and start %d ms (%s)%n", broker.lastStartDuration().toMillis(), broker);
    }

    @Test
    void aConsumerGroupReadsEveryRecordOnceInEachKeysOrder(KafkaBroker broker) throws Exception {
        int keys = 50;
        int perKey = 20;
        broker.createTopic("bucket-events", 3, false);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < keys * perKey; i++) {
                sent.add(producer.send(new ProducerRecord<>("bucket-events", key(i % keys), Integer.toString(i / keys))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        Map<String, List<Integer>> sequenceByKey = new HashMap<>();
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        long committed;
        try (KafkaConsumer<String, String> consumer = consumer(broker, "bucket-events-readers")) {
            consumer.subscribe(List.of("bucket-events"));
            for (ConsumerRecord<String, String> r : pollUntil(consumer, keys * perKey)) {
                sequenceByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                partitionsByKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
            }
            consumer.commitSync();
            committed = consumer.committed(consumer.assignment()).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }

        assertEquals(keys, sequenceByKey.size());
        List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
        sequenceByKey.forEach((key, sequence) -> assertEquals(inOrder, sequence, key + ": every record once, in order"));
        partitionsByKey.forEach((key, partitions) -> assertEquals(1, partitions.size(), key + " stays on one partition"));
        assertEquals(3, partitionsByKey.values().stream().flatMap(Set::stream).distinct().count(), "keys spread over 3 partitions");
        assertEquals(keys * perKey, committed, "the group's committed offsets");
    }

    @Test
    void clientsRideOutAStoppedBrokerOnTheSameAddress(KafkaBroker broker) throws Exception {
        broker.createTopic("outage", 3, false);
        // Gives up on a record after 5 s, so that the outage shows within the test.
        Map<String, Object> shortTimeouts = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer = producer(broker, shortTimeouts);
             KafkaConsumer<String, String> consumer = consumer(broker, "outage-readers")) {
            consumer.subscribe(List.of("outage"));
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("outage", key(i), "before-" + i));
            }
            producer.flush();
            assertEquals(100, pollUntil(consumer, 100).size());
            consumer.commitSync();

            long stopping = System.nanoTime();
            broker.stop();
            long stopped = System.nanoTime();
            assertFalse(broker.isAlive());
            Future<RecordMetadata> lost = producer.send(new ProducerRecord<>("outage", key(0), "during-outage"));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> lost.get(20, TimeUnit.SECONDS),
                    "a produce to a stopped broker fails within the producer's delivery timeout");
            assertInstanceOf(TimeoutException.class, failure.getCause());
            long failed = System.nanoTime();

            broker.restart();
            producer.send(new ProducerRecord<>("outage", key(1), "after-restart")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<String> afterRestart = pollUntil(consumer, 1).stream().map(ConsumerRecord::value).toList();
            long reconsumed = System.nanoTime();
            assertEquals(List.of("after-restart"), afterRestart, "the group goes on from its committed offsets");
            System.out.printf("kafka-timing: stop %d ms, failed produce after %d ms, restart %d ms, "
                            + "produce and consume again %d ms after the restart began%n",
                    millis(stopped - stopping), millis(failed - stopped), broker.lastStartDuration().toMillis(),
                    millis(reconsumed - failed));
        }

        List<String> values = readAll(broker, "outage").stream().map(ConsumerRecord::value).toList();
        assertEquals(101, values.size(), "the records from before the stop are still there, and the new one");
        assertTrue(values.contains("before-0") && values.contains("before-99") && values.contains("after-restart"));
        assertFalse(values.contains("during-outage"));
    }

    @Test
    void aCompactedTopicKeepsTheLastValuePerKeyAcrossACrash(KafkaBroker broker) throws Exception {
        broker.createTopic("rules", 1, true);
        Map<String, String> expected = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int version = 1; version <= 5; version++) {
                for (int bucket = 0; bucket < 10; bucket++) {
                    String key = "bucket-" + bucket + "/rules";
                    producer.send(new ProducerRecord<>("rules", key, "v" + version));
                    expected.put(key, "v" + version);
                }
            }
            producer.flush();
            // The cleaner never touches the active segment; a record written after segment.ms (0.5 s) closes it.
            Thread.sleep(700);
            producer.send(new ProducerRecord<>("rules", "bucket-0/rules", "v6")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            expected.put("bucket-0/rules", "v6");
        }
        // The closed segment's 50 records compact to one per key; v6 stays beside its key's v5 in the active one.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (readAll(broker, "rules").size() != 11) {
            if (System.nanoTime() > deadline) {
                fail("not compacted within " + WAIT.toSeconds() + " s: " + readAll(broker, "rules").size() + " records");
            }
            Thread.sleep(200);
        }

        broker.kill();
        broker.restart();
        System.out.printf("kafka-timing: restart after kill -9 %d ms%n", broker.lastStartDuration().toMillis());

        List<ConsumerRecord<String, String>> records = readAll(broker, "rules");
        Map<String, String> last = new TreeMap<>();
        records.forEach(r -> last.put(r.key(), r.value()));
        assertEquals(expected, last);
        assertEquals(11, records.size(), "still compacted after the crash");
    }

    /** MinIO's Kafka target keys records {@code bucket/object}. */
    private static String key(int n) {
        return "photos/img-%03d.jpg".formatted(n);
    }

    /** Idempotent, {@code acks=all}, with Kafka's timeouts: a slow machine does not fail a record. */
    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return producer(broker, Map.of());
    }

    /** As {@link #producer(KafkaBroker)}, with {@code overrides} of its config. */
    private static KafkaProducer<String, String> producer(KafkaBroker broker, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A consumer of {@code group} ({@code null}: no group, for {@code assign}), committing by hand. */
    private static KafkaConsumer<String, String> consumer(KafkaBroker broker, String group) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("consumed " + records.size() + " of " + count + " records in " + WAIT.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Every record the topic holds now, from the first offset of each partition to its end. */
    private static List<ConsumerRecord<String, String>> readAll(KafkaBroker broker, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("read " + records.size() + " records of " + topic + " in " + WAIT.toSeconds() + " s, not to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}

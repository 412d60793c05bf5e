package dev.herald.benchmarks;

import dev.herald.harness.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The bare Kafka baseline of {@code ./herald bench --cluster}: the run's broker with records like
 * the events Herald takes and nothing else. The records are the MinIO webhook bodies of the
 * benchmark ({@link EventBodies}), keyed {@code bucket/key}, produced by one producer configured as
 * Herald's ({@code acks=all}, idempotent, {@code linger.ms=1}) from 16 sender threads that each wait
 * for a record's acknowledgement before sending the next, as 16 HTTP senders wait for Herald's
 * answer; a consumer group (configured as Herald's delivery group: no auto-commit,
 * {@code read_committed}, cooperative rebalancing; it commits after every poll) reads them
 * meanwhile. Then a second group reads the whole topic again, and the same records go to a topic
 * of their own from one thread that does not wait: the broker's rate when no one waits for an ack.
 */
final class KafkaBaseline {
    private static final int SENDERS = 16;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param produce    records/s until the last acknowledgement
     * @param endToEnd   records/s until the consumer group had the last one
     * @param consume    records/s of a second group reading the topic from the start
     * @param pipelined  records/s sent without waiting, until the last acknowledgement
     * @param brokerCpu  the broker's CPU ms per record while they were produced and consumed
     * @param received   distinct records the first group read
     * @param duplicates records it read more than once
     */
    record Rates(double produce, double endToEnd, double consume, double pipelined, double brokerCpu, int received,
                 long duplicates) {
    }

    private KafkaBaseline() {
    }

    /** A warm-up of {@code warm} records on a topic of their own, then {@code records} on {@code topic}. */
    static Rates measure(KafkaBroker broker, String topic, int partitions, int records, int warm, Consumer<String> log)
            throws Exception {
        run(broker, topic + "-warm-up", partitions, warm, log);
        return run(broker, topic, partitions, records, log);
    }

    private static Rates run(KafkaBroker broker, String topic, int partitions, int records, Consumer<String> log)
            throws Exception {
        // Both topics first: a partition the controller has given a leader may not be led on the broker
        // yet. An idempotent producer sending to it at once got NOT_LEADER_OR_FOLLOWER, then
        // OUT_OF_ORDER_SEQUENCE on one partition until its records expired (2 minutes).
        String pipelinedTopic = topic + "-pipelined";
        broker.createTopic(topic, partitions, false);
        broker.createTopic(pipelinedTopic, partitions, false);
        EventBodies bodies = new EventBodies(topic);
        List<ProducerRecord<String, byte[]>> built = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            built.add(new ProducerRecord<>(topic, key(topic, i), bodies.one(i)));
        }
        CpuTime brokerCpu = new CpuTime(broker.pid());
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            Reader reader = new Reader(broker, topic, topic + ".e2e", records);
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(reader::readAll);
            reader.awaitAssigned(read);
            brokerCpu.start();
            long t0 = System.nanoTime();
            produce(producer, built);
            long acked = System.nanoTime() - t0;
            long consumed = read.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) - t0;
            double cpu = brokerCpu.millisPerEvent(records);
            Reader again = new Reader(broker, topic, topic + ".read", records);
            long r0 = System.nanoTime();
            long readAgain = again.readAll() - r0;
            long p0 = System.nanoTime();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records);
            for (ProducerRecord<String, byte[]> r : built) {
                sent.add(producer.send(new ProducerRecord<>(pipelinedTopic, r.key(), r.value())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            long pipelined = System.nanoTime() - p0;
            Rates rates = new Rates(records / (acked / 1e9), records / (consumed / 1e9), records / (readAgain / 1e9),
                    records / (pipelined / 1e9), cpu, reader.distinct(), reader.duplicates());
            log.accept(String.format(Locale.ROOT, "bare Kafka %s: %,d records of %,d bytes acknowledged in %.2f s (%,.0f/s), "
                            + "consumed in %.2f s (%,.0f/s), read again in %.2f s (%,.0f/s), sent without waiting in %.2f s "
                            + "(%,.0f/s); %,d distinct, %d duplicates; broker CPU %.3f ms per record", topic, records,
                    built.getFirst().value().length, acked / 1e9, rates.produce(), consumed / 1e9, rates.endToEnd(),
                    readAgain / 1e9, rates.consume(), pipelined / 1e9, rates.pipelined(), rates.received(),
                    rates.duplicates(), cpu));
            if (rates.received() != records || rates.duplicates() != 0) {
                throw new IllegalStateException("bare Kafka " + topic + ": " + rates.received() + " of " + records
                        + " records read, " + rates.duplicates() + " duplicates");
            }
            return rates;
        }
    }

    /** 16 threads, each sending the next unsent record and waiting for its acknowledgement. */
    private static void produce(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < records.size(); i = next.getAndIncrement()) {
                        producer.send(records.get(i)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("bare Kafka produce failed: " + e, e);
                }
            }, r -> Thread.ofPlatform().daemon(true).name("bench-kafka-sender").start(r)));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code bucket/key} of record {@code i}, as Herald keys its events. */
    private static String key(String topic, int i) {
        return EventBodies.BUCKET + "/" + topic + "/ev" + i + ".jpg";
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
    }

    /** One consumer of a group reading {@code records} records of a topic, each counted by its key's number. */
    private static final class Reader {
        private final KafkaBroker broker;
        private final String topic;
        private final String group;
        private final int records;
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final BitSet seen = new BitSet();
        private volatile int distinct;
        private volatile long duplicates;

        Reader(KafkaBroker broker, String topic, String group, int records) {
            this.broker = broker;
            this.topic = topic;
            this.group = group;
            this.records = records;
        }

        /** Polls until every record was read; returns {@link System#nanoTime()} then. */
        long readAll() {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assigned.countDown();
                    }
                });
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (distinct < records) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("bare Kafka: group " + group + " read " + distinct + " of "
                                + records + " records within " + TIMEOUT);
                    }
                    var polled = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, byte[]> r : polled) {
                        int n = Integer.parseInt(r.key().substring(r.key().lastIndexOf("/ev") + 3, r.key().length() - 4));
                        if (seen.get(n)) {
                            duplicates++;
                        } else {
                            seen.set(n);
                            distinct++;
                        }
                    }
                    if (!polled.isEmpty()) {
                        consumer.commitAsync();
                    }
                }
                long done = System.nanoTime();
                consumer.commitSync();
                return done;
            }
        }

        /** Waits until the group assigned this consumer its partitions; {@code reading}: its {@link #readAll()}, if it failed. */
        void awaitAssigned(CompletableFuture<Long> reading) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!assigned.await(100, TimeUnit.MILLISECONDS)) {
                if (reading.isDone()) {
                    reading.join(); // throws what made it end
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bare Kafka: group " + group + " got no partitions within " + TIMEOUT);
                }
            }
        }

        int distinct() {
            return distinct;
        }

        long duplicates() {
            return duplicates;
        }
    }
}

package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.config.ClusterConfig;
import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.storage.DisabledTargetStore;
import dev.herald.sidecar.storage.EventLog;
import dev.herald.sidecar.storage.ObjectIndex;
import dev.herald.sidecar.storage.RuleStorage;
import dev.herald.sidecar.storage.Storage;
import dev.herald.sidecar.storage.kafka.KafkaCodec.DeadRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Cluster mode's storage (docs/cluster.md): the seams on Kafka topics. Events (with their cloudfunc
 * jobs) and parked deliveries are partitioned and delivered by their partition's owner; rules, dead
 * letters and disabled targets are compacted topics every replica reads whole.
 */
public final class KafkaStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);

    private final ClusterConfig.Kafka config;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final List<CompactedView<?>> views;
    private final CompactedView<KafkaRuleStorage.Stored> rulesView;
    private final CompactedView<DisabledTargetStore.DisabledTarget> disabledView;
    private final KafkaEventLog events;
    private final KafkaRuleStorage rules;
    private final KafkaDeliveryQueue queue;
    private final KafkaDeadLetterStore deadLetters;
    private final KafkaDisabledTargetStore disabled;
    private final DeliveryConsumer consumer;
    private final KafkaCloudfuncJobs jobs;
    private volatile long reachableCheckedAt;
    private volatile boolean reachable = true;

    private KafkaStorage(ClusterConfig.Kafka config, Admin admin, KafkaProducer<String, byte[]> producer, HeraldTopics topics,
                         KafkaClients clients, Predicate<String> fifo, String replica) {
        this.config = config;
        this.admin = admin;
        this.producer = producer;
        Duration timeout = config.ackTimeout();
        rulesView = new CompactedView<>(topics.rules(), clients.consumer(null, replica + "-rules"), producer,
                KafkaRuleStorage::decode, timeout);
        disabledView = new CompactedView<>(topics.disabled(), clients.consumer(null, replica + "-disabled"), producer,
                KafkaCodec::disabled, timeout);
        CompactedView<DeadRecord> deadView = new CompactedView<>(topics.dead(), clients.consumer(null, replica + "-dead"),
                producer, KafkaDeadLetterStore::decode, timeout);
        views = List.of(rulesView, disabledView, deadView);
        RetryParking parking = new RetryParking(producer, topics.retry());
        events = new KafkaEventLog(producer, topics.events(), timeout);
        rules = new KafkaRuleStorage(rulesView);
        queue = new KafkaDeliveryQueue(parking, fifo);
        jobs = new KafkaCloudfuncJobs(queue.ledgers(), parking, timeout);
        ReportLease reports = new ReportLease();
        consumer = new DeliveryConsumer(clients.consumer(topics.deliveryGroup(), replica + "-delivery"), topics, queue, jobs,
                reports, config.maxHeldDeliveries());
        deadLetters = new KafkaDeadLetterStore(deadView, parking, reports, () -> deadView.readToEnd(admin));
        queue.deadLettersIn(deadLetters);
        disabled = new KafkaDisabledTargetStore(disabledView);
    }

    /**
     * Creates or checks Herald's topics and reads the compacted ones; deliveries start with {@link #deliverTo}.
     *
     * @param fifo    whether a target URL is a FIFO destination (its failed deliveries wait in place)
     * @param replica this replica's name in client ids
     */
    public static KafkaStorage open(ClusterConfig.Kafka config, Predicate<String> fifo, String replica) {
        KafkaClients clients = new KafkaClients(config);
        HeraldTopics topics = new HeraldTopics(config.topicPrefix());
        Admin admin = clients.admin();
        KafkaProducer<String, byte[]> producer = null;
        try {
            topics.ensure(admin, config);
            producer = clients.producer(replica);
            KafkaStorage storage = new KafkaStorage(config, admin, producer, topics, clients, fifo, replica);
            try {
                storage.views.forEach(CompactedView::start);
            } catch (RuntimeException e) {
                storage.close();
                throw e;
            }
            return storage;
        } catch (RuntimeException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** Joins the delivery group: the deliveries of this replica's partitions go to {@code admit}. */
    public void deliverTo(Consumer<List<Delivery>> admit) {
        consumer.start(admit);
    }

    /** {@code listener} gets each bucket whose rules changed, on any replica. */
    public void onRulesChanged(Consumer<String> listener) {
        rulesView.onChange(key -> listener.accept(KafkaRuleStorage.bucketOf(key)));
    }

    /** {@code listener} runs when this replica took cloudfunc jobs to run (its partitions' events brought them). */
    public void onCloudfuncJobs(Runnable listener) {
        jobs.onTaken(listener);
    }

    /** {@code listener} runs whenever a target URL is disabled or enabled, on any replica. */
    public void onDisabledTargetsChanged(Runnable listener) {
        disabledView.onChange(key -> listener.run());
    }

    /** Partitions of the events and retry topics this replica delivers for. */
    public int ownedPartitions() {
        return consumer.owned().size();
    }

    /** Records of this replica's partitions not yet read. */
    public long consumerLag() {
        return consumer.lag();
    }

    /** Whether the broker answered within the last second (asked at most once a second). */
    public boolean brokerReachable() {
        long now = System.nanoTime();
        if (now - reachableCheckedAt > TimeUnit.SECONDS.toNanos(1)) {
            reachableCheckedAt = now;
            try {
                reachable = !admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty();
            } catch (Exception e) {
                reachable = false;
            }
        }
        return reachable;
    }

    /** Cluster mode's store is the broker: ready while it answers. */
    @Override
    public void probe(Duration timeout) {
        if (!brokerReachable()) {
            throw new StoreUnavailableException("the Kafka broker does not answer", null);
        }
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public RuleStorage rules() {
        return rules;
    }

    @Override
    public DeliveryQueue deliveries() {
        return queue;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public CloudfuncJobStore cloudfuncJobs() {
        return jobs;
    }

    @Override
    public ObjectIndex objectIndex() {
        return new NoObjectIndex();
    }

    @Override
    public DisabledTargetStore disabledTargets() {
        return disabled;
    }

    @Override
    public void start() {
        // No upkeep of its own: the broker's retention and compaction do it.
    }

    @Override
    public Path location() {
        return Path.of(config.topicPrefix() + ".*@" + config.bootstrapServers());
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(views);
        parts.addFirst(consumer);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}

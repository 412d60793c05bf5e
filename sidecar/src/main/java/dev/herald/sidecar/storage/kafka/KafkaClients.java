package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.config.ClusterConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** The Kafka clients Herald makes, each with the operator's pass-through properties (TLS, SASL) under its own. */
public final class KafkaClients {
    private final ClusterConfig.Kafka config;

    public KafkaClients(ClusterConfig.Kafka config) {
        this.config = config;
    }

    public ClusterConfig.Kafka config() {
        return config;
    }

    /** Idempotent, {@code acks=all}: an acknowledged record is on every in-sync replica, once. */
    public KafkaProducer<String, byte[]> producer(String clientId) {
        Map<String, Object> p = base(config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // send() blocks while there is no metadata; an ingest must answer 503 within its ack timeout instead.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.ackTimeout().toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer that commits only what its owner says: offsets below fully settled records. */
    public KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String groupId, String clientId) {
        Map<String, Object> p = base(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A replica killed -9 is noticed within this, and its partitions go to the others.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        // A replica joining or leaving moves only the partitions that change hands: the others keep
        // their deliveries in memory instead of all being read again.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public KafkaConsumer<String, byte[]> consumer(String groupId, String clientId) {
        return consumer(config.bootstrapServers(), groupId, clientId);
    }

    public Admin admin() {
        Map<String, Object> p = base(config.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) HeraldTopics.START_TIMEOUT_MILLIS);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.ackTimeout().toMillis());
        return Admin.create(p);
    }

    private Map<String, Object> base(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>(config.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putIfAbsent("reconnect.backoff.max.ms", "1000");
        return p;
    }
}

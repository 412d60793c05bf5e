package dev.herald.sidecar.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code cluster}: run as one of several replicas sharing a Kafka cluster (docs/cluster.md). Absent,
 * Herald is the embedded single process it always was.
 *
 * @param kafka the broker that holds the events, rules, retries and dead letters
 */
public record ClusterConfig(Kafka kafka) {
    public ClusterConfig {
        if (kafka == null) {
            throw new ConfigException("cluster needs cluster.kafka.bootstrapServers");
        }
    }

    /**
     * @param bootstrapServers  {@code host:port,...} of the brokers; its presence switches cluster mode on
     * @param topicPrefix       Herald's topics are {@code <prefix>.events}, {@code .retry}, {@code .dead},
     *                          {@code .rules} and {@code .disabled}
     * @param partitions        partitions of the events and retry topics, created when missing: the
     *                          most replicas that deliver at once
     * @param replicationFactor replicas of each partition of topics Herald creates
     * @param ackTimeout        how long an ingest waits for the broker's acknowledgement before it
     *                          answers 503
     * @param maxHeldDeliveries deliveries of this replica's partitions held in memory, half per topic
     *                          read; a topic whose half is held is not read until it drains
     * @param properties        passed to every Kafka client as they are (TLS, SASL, ...)
     */
    public record Kafka(String bootstrapServers, String topicPrefix, Integer partitions, Integer replicationFactor,
                        Duration ackTimeout, Integer maxHeldDeliveries, Map<String, String> properties) {
        public Kafka {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new ConfigException("cluster.kafka.bootstrapServers is required: host:port of the brokers");
            }
            topicPrefix = topicPrefix == null ? "herald" : topicPrefix;
            partitions = partitions == null ? 12 : partitions;
            replicationFactor = replicationFactor == null ? 3 : replicationFactor;
            ackTimeout = ackTimeout == null ? Duration.ofSeconds(5) : ackTimeout;
            maxHeldDeliveries = maxHeldDeliveries == null ? 100_000 : maxHeldDeliveries;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            if (!topicPrefix.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException("cluster.kafka.topicPrefix may hold letters, digits, '.', '_' and '-', got " + topicPrefix);
            }
            if (partitions < 1 || replicationFactor < 1) {
                throw new ConfigException("cluster.kafka.partitions and replicationFactor must be >= 1");
            }
            if (maxHeldDeliveries < 100) {
                throw new ConfigException("cluster.kafka.maxHeldDeliveries must be >= 100, got " + maxHeldDeliveries);
            }
        }

        @Override
        public String toString() {
            // SASL passwords and key-store passwords travel in the properties.
            return "Kafka[" + bootstrapServers + ", prefix=" + topicPrefix + ", " + properties.size() + " properties]";
        }
    }
}

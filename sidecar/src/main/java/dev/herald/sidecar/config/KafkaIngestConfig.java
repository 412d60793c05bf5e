package dev.herald.sidecar.config;

import java.util.List;

/**
 * {@code ingest.kafka}: the backends' own Kafka topics Herald reads bucket notifications from
 * (MinIO's Kafka target, Ceph's {@code kafka://} push endpoint), in cluster mode.
 *
 * @param topics one entry per topic
 */
public record KafkaIngestConfig(List<Topic> topics) {
    public KafkaIngestConfig {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /**
     * @param topic            the topic the backend publishes to
     * @param producer         {@code minio} or {@code ceph}: whose records it holds
     * @param bootstrapServers the brokers holding it; {@code cluster.kafka.bootstrapServers} when unset
     */
    public record Topic(String topic, String producer, String bootstrapServers) {
        public Topic {
            if (topic == null || topic.isBlank()) {
                throw new ConfigException("ingest.kafka.topics[]: every entry needs a topic");
            }
            if (!"minio".equals(producer) && !"ceph".equals(producer)) {
                throw new ConfigException("ingest.kafka.topics[" + topic + "].producer must be minio or ceph, got " + producer);
            }
        }
    }
}

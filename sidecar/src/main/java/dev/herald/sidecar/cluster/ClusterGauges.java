package dev.herald.sidecar.cluster;

import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.kafka.KafkaStorage;

/** What {@code /metrics} shows of a replica's place in the cluster. */
public final class ClusterGauges {
    private ClusterGauges() {
    }

    public static void register(HeraldMetrics metrics, KafkaStorage storage) {
        metrics.gauge("herald.cluster.partitions", "Partitions of the events and retry topics this replica delivers for",
                storage::ownedPartitions);
        metrics.gauge("herald.cluster.consumer.lag", "Records of this replica's partitions not yet read", storage::consumerLag);
        metrics.gauge("herald.cluster.broker.reachable", "1 when the Kafka broker answered within the last second",
                () -> storage.brokerReachable() ? 1 : 0);
    }
}

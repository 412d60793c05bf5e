package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.config.ClusterConfig;
import dev.herald.sidecar.config.ConfigException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Herald's topics (docs/cluster.md): created at start when missing, and checked when present, so
 * that a topic made by hand with the wrong shape is reported instead of silently misused.
 */
public final class HeraldTopics {
    /** How long the checks at start wait for the broker: a loaded machine or a broker just started answers slowly. */
    static final long START_TIMEOUT_MILLIS = 30_000;

    private final String prefix;

    public HeraldTopics(String prefix) {
        this.prefix = prefix;
    }

    /** Every topic Herald creates for itself. */
    public List<String> all() {
        return List.of(events(), retry(), dead(), rules(), disabled());
    }

    /** Accepted events with their deliveries, keyed {@code bucket/key}. */
    public String events() {
        return prefix + ".events";
    }

    /** Deliveries parked until their next attempt is due; partitioned like {@link #events()}. */
    public String retry() {
        return prefix + ".retry";
    }

    /** Dead letters by delivery id (compacted). */
    public String dead() {
        return prefix + ".dead";
    }

    /** Rule documents by {@code bucket/dialect} (compacted). */
    public String rules() {
        return prefix + ".rules";
    }

    /** Target URLs disabled by a 410 (compacted). */
    public String disabled() {
        return prefix + ".disabled";
    }

    /** The consumer group whose members share the delivery work. */
    public String deliveryGroup() {
        return prefix + ".delivery";
    }

    /** Creates the missing topics and checks the present ones; a mismatch is a {@link ConfigException}. */
    void ensure(Admin admin, ClusterConfig.Kafka config) {
        Map<String, Boolean> wanted = Map.of(events(), false, retry(), false, dead(), true, rules(), true, disabled(), true);
        try {
            Set<String> present = admin.listTopics().names().get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, compacted) -> {
                if (!present.contains(name)) {
                    // Partitioned topics take the configured count; the compacted ones are small and read whole by every replica.
                    NewTopic t = new NewTopic(name, compacted ? 1 : config.partitions(), config.replicationFactor().shortValue());
                    missing.add(compacted ? t.configs(Map.of("cleanup.policy", "compact")) : t);
                }
            });
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ConfigException("cannot create Kafka topic " + t.name() + " (" + t.numPartitions()
                                + " partitions, replication factor " + t.replicationFactor() + "): " + e.getCause().getMessage(), e);
                    }
                }
            }
            checkOnceKnown(admin, config, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking Kafka topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ConfigException("cannot reach Kafka at " + config.bootstrapServers() + " to check Herald's topics: "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** A topic just created is not described by every broker at once: asked again for a few seconds. */
    private void checkOnceKnown(Admin admin, ClusterConfig.Kafka config, Map<String, Boolean> wanted)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            try {
                check(admin, config, wanted);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void check(Admin admin, ClusterConfig.Kafka config, Map<String, Boolean> wanted)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long timeout = START_TIMEOUT_MILLIS;
        Map<String, TopicDescription> described = admin.describeTopics(wanted.keySet()).allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS);
        int events = described.get(events()).partitions().size();
        int retries = described.get(retry()).partitions().size();
        if (events != retries) {
            throw new ConfigException("Kafka topics " + events() + " (" + events + " partitions) and " + retry() + " ("
                    + retries + ") must have the same partition count: a parked delivery stays with its object's partition");
        }
        List<ConfigResource> compacted = wanted.entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> new ConfigResource(ConfigResource.Type.TOPIC, e.getKey())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(compacted).all().get(timeout, TimeUnit.MILLISECONDS);
        configs.forEach((resource, c) -> {
            String policy = c.get("cleanup.policy") == null ? "" : c.get("cleanup.policy").value();
            if (!policy.contains("compact")) {
                throw new ConfigException("Kafka topic " + resource.name() + " has cleanup.policy=" + policy
                        + "; Herald needs compact (its latest value per key is the state)");
            }
        });
    }
}

package dev.herald.sidecar.cli;

import dev.herald.sidecar.config.ClusterConfig;
import dev.herald.sidecar.config.KafkaIngestConfig;
import dev.herald.sidecar.storage.kafka.HeraldTopics;
import dev.herald.sidecar.storage.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code herald doctor}'s checks of cluster mode: the broker answers, and the topics are there (docs/cluster.md). */
final class ClusterChecks {
    private static final long TIMEOUT_SECONDS = 10;

    private final ClusterConfig.Kafka kafka;
    private final List<KafkaIngestConfig.Topic> backendTopics;
    private final DoctorReport report;

    ClusterChecks(ClusterConfig.Kafka kafka, List<KafkaIngestConfig.Topic> backendTopics, DoctorReport report) {
        this.kafka = kafka;
        this.backendTopics = backendTopics;
        this.report = report;
    }

    /**
     * @param heraldRunning Herald creates its topics at start: before it first ran, their absence is
     *                      expected and only said, not failed
     */
    void check(boolean heraldRunning) {
        Admin admin = new KafkaClients(kafka).admin();
        try {
            Set<String> topics;
            try {
                int nodes = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
                topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                report.ok("Kafka at " + kafka.bootstrapServers() + " answers (" + nodes + " broker" + (nodes == 1 ? "" : "s") + ")");
            } catch (Exception e) {
                report.fail("Kafka at " + kafka.bootstrapServers() + " does not answer: " + rootMessage(e),
                        "start the broker, or correct cluster.kafka.bootstrapServers (and cluster.kafka.properties for TLS or SASL)");
                return;
            }
            List<String> missing = new ArrayList<>(new HeraldTopics(kafka.topicPrefix()).all());
            missing.removeAll(topics);
            if (missing.isEmpty()) {
                report.ok("Herald's topics " + kafka.topicPrefix() + ".* are present");
            } else if (heraldRunning) {
                report.fail("Herald's topics missing: " + String.join(", ", missing),
                        "restart Herald: it creates them at start (or create them as docs/cluster.md describes)");
            } else {
                report.skipped("Herald's topics " + String.join(", ", missing), "Herald creates them when it starts");
            }
            for (KafkaIngestConfig.Topic t : backendTopics) {
                if (t.bootstrapServers() != null && !t.bootstrapServers().equals(kafka.bootstrapServers())) {
                    report.skipped("backend topic " + t.topic(), "it is on other brokers (" + t.bootstrapServers() + ")");
                } else if (topics.contains(t.topic())) {
                    report.ok("backend topic " + t.topic() + " (" + t.producer() + ") is present");
                } else {
                    report.fail("backend topic " + t.topic() + " (" + t.producer() + ") does not exist",
                            "point " + t.producer() + "'s Kafka target at it, or correct ingest.kafka.topics (docs/cluster.md)");
                }
            }
        } finally {
            admin.close(Duration.ofSeconds(1)); // what is still pending against a dead broker is not worth waiting for
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.sidecar.HeraldServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.herald.harness.HeraldExtension.MINIO_TOKEN;

/** What the cluster tests say to its replicas: their config, MinIO's webhook posts, and what it reads back. */
final class ClusterWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterWire() {
    }

    static String clusterYaml(KafkaBroker broker, String prefix, int partitions, String ingestKafka, String ackTimeout) {
        return HeraldExtension.DEFAULT_YAML.replace("  ceph:  { token: ceph-test-token }\n",
                "  ceph:  { token: ceph-test-token }\n" + ingestKafka) + """
                cluster:
                  kafka: { bootstrapServers: "%s", topicPrefix: %s, partitions: %d, replicationFactor: 1, ackTimeout: %s }
                """.formatted(broker.bootstrapServers(), prefix, partitions, ackTimeout);
    }

    /** The status of a MinIO webhook post, or -1 when the replica did not answer. */
    static int postQuietly(URI to, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(to.resolve("/ingest/minio")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + MINIO_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static HttpResponse<String> minio(HeraldServer to, String bucket, String key) throws Exception {
        return post(to, MinioWebhook.body(ObjectOperation.put(bucket, key)));
    }

    /** A MinIO webhook request, as MinIO sends it (and sends it again until acknowledged). */
    static HttpResponse<String> post(HeraldServer to, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(to.baseUri().resolve("/ingest/minio"))
                .header("Authorization", "Bearer " + MINIO_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String objectKey(RecordedRequest r) {
        try {
            return JSON.readTree(r.body()).findValue("object").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double gauge(HeraldServer s, String name) {
        return s.metrics().scrape().lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l ->
                Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(Double.NaN);
    }

    /** The sum of a labelled metric's series on {@code s} whose labels contain {@code label}. */
    static double sum(HeraldServer s, String name, String label) {
        return s.metrics().scrape().lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}

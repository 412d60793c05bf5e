package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.model.Notification;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.MINIO_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster mode against a real KRaft broker (one per class): replicas in this JVM sharing it, each
 * test under a topic prefix of its own. Rules put on one replica are read on another; webhook events
 * taken by any replica are delivered once each by their partition's owner; the backends' own topics
 * (MinIO keyed {@code bucket/object}, Ceph with a null key) are read directly; a dead destination is
 * parked beside a healthy one; a broker outage is answered 503 and loses nothing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    private final List<HeraldServer> replicas = new ArrayList<>();
    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String prefix = "t" + PREFIXES.incrementAndGet();

    @AfterEach
    void stop() {
        replicas.forEach(HeraldServer::close);
        receiver.close();
    }

    @Test
    void replicasShareRulesAndEachAcceptedEventIsDeliveredOnce(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker, 4, "");
        HeraldServer b = replica(broker, 4, "");
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("r1", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        long put = System.nanoTime();
        BosClient onB = BosSdk.client(b.baseUri(), ACCESS_KEY, SECRET_KEY);
        try {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    onB.getNotification("photos").getNotifications().stream().map(Notification::getId).toList(),
                    ids -> ids.equals(List.of("r1")));
        } finally {
            onB.shutdown();
        }
        System.out.printf("cluster-timing: rule visible on the other replica after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - put));

        // Once the group has shared out the partitions; a rebalance mid-stream may repeat a delivery (same id).
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(a, "herald_cluster_partitions") > 0
                && gauge(b, "herald_cluster_partitions") > 0
                && gauge(a, "herald_cluster_partitions") + gauge(b, "herald_cluster_partitions") == 8);
        int events = 200;
        List<String> keys = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String key = i % 10 == 0 ? "dir/a b+c%d/é-" + i + ".jpg" : "o" + i + ".jpg";
            keys.add(key);
            bodies.add(MinioWebhook.body(ObjectOperation.put("photos", key)));
            assertThat(post(i % 2 == 0 ? a : b, bodies.get(i)).statusCode()).isEqualTo(200);
        }
        List<RecordedRequest> got = receiver.awaitRequests(events, Duration.ofSeconds(30));
        assertThat(got.stream().map(r -> objectKey(r)).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(keys);
        Set<String> ids = got.stream().map(r -> r.header("X-Herald-Delivery-Id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(events);

        // A producer's resend, to the other replica: acknowledged, recognised by the owner, not delivered again.
        for (int i = 0; i < 20; i++) {
            assertThat(post(i % 2 == 0 ? b : a, bodies.get(i)).statusCode()).isEqualTo(200);
        }
        Thread.sleep(1_500);
        assertThat(receiver.requests()).hasSize(events);
        assertThat(HTTP.send(HttpRequest.newBuilder(a.baseUri().resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void backendTopicsAreReadDirectlyAndCephRecordsAreReKeyed(KafkaBroker broker) throws Exception {
        broker.createTopic(prefix + "-minio", 2, false);
        broker.createTopic(prefix + "-ceph", 2, false);
        HeraldServer a = replica(broker, 2, """
                  kafka:
                    topics:
                      - { topic: %1$s-minio, producer: minio }
                      - { topic: %1$s-ceph, producer: ceph }
                """.formatted(prefix));
        for (String bucket : List.of("test-bucket", "ceph-bucket")) {
            BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, bucket, List.of(
                    BosSdk.rule("r-" + bucket, receiver.url("/" + bucket).toString(), null, List.of("/"), List.of("PutObject"))));
        }
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int twice = 0; twice < 2; twice++) { // every record twice: the same event ids, delivered once
                for (String f : List.of("webhook-01-put-images-photo-bearer.json", "webhook-03-put-docs-readme.json")) {
                    Capture c = Capture.load("minio-2024-01/" + f);
                    String key = JSON.readTree(c.body()).get("Key").asText(); // what MinIO's Kafka target keys by
                    producer.send(new ProducerRecord<>(prefix + "-minio", key, c.body())).get();
                }
                for (String f : List.of("http-push-01-put-images-photo.json", "http-push-02-put-docs-readme.json")) {
                    Capture c = Capture.load("ceph-16.2.15/" + f);
                    producer.send(new ProducerRecord<>(prefix + "-ceph", null, c.body())).get(); // RGW sends no key
                }
            }
        }
        List<RecordedRequest> got = receiver.awaitRequests(4, Duration.ofSeconds(30));
        Thread.sleep(1_000);
        assertThat(receiver.requests()).hasSize(4);
        List<String> pushed = got.stream().map(r -> r.path() + " " + objectKey(r)).sorted().toList();
        assertThat(pushed).containsExactly("/ceph-bucket docs/readme.txt", "/ceph-bucket images/photo 1.jpg",
                        "/test-bucket docs/readme.txt", "/test-bucket images/photo 1.jpg");
    }

    @Test
    void aDeadDestinationIsParkedWhileAHealthyOneInTheSamePartitionGetsEveryEvent(KafkaBroker broker) throws Exception {
        RecordingReceiver dead = RecordingReceiver.start();
        dead.stop();
        HeraldServer a = replica(broker, 1, "");
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("dead", dead.url("/dead").toString(), null, List.of("/"), List.of("PutObject")),
                BosSdk.rule("healthy", receiver.url("/healthy").toString(), null, List.of("/"), List.of("PutObject"))));
        int events = 50;
        Map<String, Long> acked = new HashMap<>();
        for (int i = 0; i < events; i++) {
            assertThat(minio(a, "photos", "o" + i).statusCode()).isEqualTo(200);
            acked.put("o" + i, System.currentTimeMillis());
        }
        List<RecordedRequest> got = receiver.awaitRequests(events, Duration.ofSeconds(10));
        long worst = got.stream().mapToLong(r -> r.receivedAtMillis() - acked.get(objectKey(r))).max().orElseThrow();
        assertThat(worst).as("slowest healthy delivery, ms after its ingest").isLessThan(1_000);

        try (Admin admin = admin(broker)) {
            // Every event's record is settled (delivered to one, parked for the other): committed to the end.
            await().atMost(Duration.ofSeconds(10)).until(() -> committed(admin, prefix + ".events"), c -> c == events);
            assertThat(admin.listOffsets(Map.of(new TopicPartition(prefix + ".retry", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().iterator().next().offset())
                    .as("the dead destination's deliveries parked on the retry topic").isGreaterThanOrEqualTo(events);
        }
        assertThat(a.storage().deadLetters().count()).as("parked, not spent").isZero();
    }

    @Test
    void aBrokerOutageIsAnswered503AndLosesNothing(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker, 2, "");
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("r1", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        for (int i = 0; i < 20; i++) {
            assertThat(minio(a, "photos", "before-" + i).statusCode()).isEqualTo(200);
        }
        broker.stop();
        long stopped = System.nanoTime();
        int refused = 0;
        Map<String, String> sent = new HashMap<>();
        List<String> refusedBodies = new ArrayList<>();
        for (int i = 0; System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10); i++) {
            String body = MinioWebhook.body(ObjectOperation.put("photos", "during-" + i));
            int status = post(a, body).statusCode();
            assertThat(status).as("an ingest while the broker is down").isIn(200, 503);
            sent.put("during-" + i, body);
            if (status == 503) {
                refused++;
                refusedBodies.add(body);
            }
        }
        assertThat(refused).isPositive();
        assertThat(HTTP.send(HttpRequest.newBuilder(a.baseUri().resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        broker.restart();
        // As MinIO does: every refused event is sent again until acknowledged.
        for (String body : refusedBodies) {
            await().atMost(Duration.ofSeconds(30)).until(() -> post(a, body).statusCode(), s -> s == 200);
        }
        Set<String> want = new TreeSet<>(sent.keySet());
        for (int i = 0; i < 20; i++) {
            want.add("before-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().stream().map(ClusterModeTest::objectKey)
                .collect(Collectors.toSet()).containsAll(want));
        System.out.printf("cluster-timing: %d ingests refused during the outage, %d events in all%n", refused, want.size());
    }

    private HeraldServer replica(KafkaBroker broker, int partitions, String ingestKafka) throws Exception {
        String yaml = HeraldExtension.DEFAULT_YAML.replace("  ceph:  { token: ceph-test-token }\n",
                "  ceph:  { token: ceph-test-token }\n" + ingestKafka) + """
                cluster:
                  kafka: { bootstrapServers: "%s", topicPrefix: %s, partitions: %d, replicationFactor: 1, ackTimeout: 2s }
                """.formatted(broker.bootstrapServers(), prefix, partitions);
        Path file = Files.writeString(dir.resolve("herald-" + replicas.size() + ".yaml"), yaml);
        HeraldServer server = HeraldServer.start(ConfigLoader.load(file, Map.of()).withPort(0)
                .withStorePath(dir.resolve("unused-" + replicas.size())), Clock.systemUTC());
        replicas.add(server);
        return server;
    }

    private static HttpResponse<String> minio(HeraldServer to, String bucket, String key) throws Exception {
        return post(to, MinioWebhook.body(ObjectOperation.put(bucket, key)));
    }

    /** A MinIO webhook request, as MinIO sends it (and sends it again until acknowledged). */
    private static HttpResponse<String> post(HeraldServer to, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(to.baseUri().resolve("/ingest/minio"))
                .header("Authorization", "Bearer " + MINIO_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String objectKey(RecordedRequest r) {
        try {
            return JSON.readTree(r.body()).findValue("object").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double gauge(HeraldServer s, String name) {
        return s.metrics().scrape().lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l ->
                Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(Double.NaN);
    }

    private long committed(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(prefix + ".delivery")
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}

package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.model.Notification;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldProcess;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
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

    private static final int FAILOVER_EVENTS = 20_000;

    private final List<HeraldServer> replicas = new ArrayList<>();
    private final List<HeraldProcess> processes = new ArrayList<>();
    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String prefix = "t" + PREFIXES.incrementAndGet();

    @AfterEach
    void stop() {
        replicas.forEach(HeraldServer::close);
        processes.forEach(HeraldProcess::close);
        receiver.close();
    }

    @Test
    void replicasShareRulesAndEachAcceptedEventIsDeliveredOnce(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker, 4, "");
        HeraldServer b = replica(broker, 4, "");
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("r1", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        long put = System.nanoTime();
        awaitRuleIds(b.baseUri(), Duration.ofSeconds(1));
        System.out.printf("cluster-timing: rule visible on the other replica after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - put));

        // Once the group has shared out the partitions; a rebalance mid-stream may repeat a delivery (same id).
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterWire.gauge(a, "herald_cluster_partitions") > 0
                && ClusterWire.gauge(b, "herald_cluster_partitions") > 0
                && ClusterWire.gauge(a, "herald_cluster_partitions") + ClusterWire.gauge(b, "herald_cluster_partitions") == 8);
        int events = 200;
        List<String> keys = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String key = i % 10 == 0 ? "dir/a b+c%d/é-" + i + ".jpg" : "o" + i + ".jpg";
            keys.add(key);
            bodies.add(MinioWebhook.body(ObjectOperation.put("photos", key)));
            assertThat(ClusterWire.post(i % 2 == 0 ? a : b, bodies.get(i)).statusCode()).isEqualTo(200);
        }
        List<RecordedRequest> got = receiver.awaitRequests(events, Duration.ofSeconds(30));
        assertThat(got.stream().map(r -> ClusterWire.objectKey(r)).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(keys);
        Set<String> ids = got.stream().map(r -> r.header("X-Herald-Delivery-Id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(events);

        // A producer's resend, to the other replica: acknowledged, recognised by the owner, not delivered again.
        for (int i = 0; i < 20; i++) {
            assertThat(ClusterWire.post(i % 2 == 0 ? b : a, bodies.get(i)).statusCode()).isEqualTo(200);
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
        try (KafkaProducer<String, String> producer = ClusterWire.producer(broker)) {
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
        List<String> pushed = got.stream().map(r -> r.path() + " " + ClusterWire.objectKey(r)).sorted().toList();
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
            assertThat(ClusterWire.minio(a, "photos", "o" + i).statusCode()).isEqualTo(200);
            acked.put("o" + i, System.currentTimeMillis());
        }
        List<RecordedRequest> got = receiver.awaitRequests(events, Duration.ofSeconds(10));
        long worst = got.stream().mapToLong(r -> r.receivedAtMillis() - acked.get(ClusterWire.objectKey(r))).max().orElseThrow();
        assertThat(worst).as("slowest healthy delivery, ms after its ingest").isLessThan(1_000);

        try (Admin admin = ClusterWire.admin(broker)) {
            // Every event's record is settled (delivered to one, parked for the other): committed to the end.
            await().atMost(Duration.ofSeconds(10)).until(() -> ClusterWire.committed(admin, prefix + ".delivery", prefix + ".events"), c -> c == events);
            assertThat(admin.listOffsets(Map.of(new TopicPartition(prefix + ".retry", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().iterator().next().offset())
                    .as("the dead destination's deliveries parked on the retry topic").isGreaterThanOrEqualTo(events);
        }
        assertThat(a.storage().deadLetters().count()).as("parked, not spent").isZero();
    }

    @Test
    void aDeadDestinationsBacklogBeyondTheMemoryBoundHoldsUpNoNewEvent(KafkaBroker broker) throws Exception {
        RecordingReceiver dead = RecordingReceiver.start();
        dead.stop();
        HeraldServer a = start(ClusterWire.clusterYaml(broker, prefix, 1, "", "2s")
                .replace("ackTimeout: 2s }", "ackTimeout: 2s, maxHeldDeliveries: 100 }"));
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("dead", dead.url("/dead").toString(), null, List.of("/"), List.of("PutObject")),
                BosSdk.rule("healthy", receiver.url("/healthy").toString(), null, List.of("/"), List.of("PutObject"))));
        // Three times the bound of parked deliveries to the dead destination, read back and held until due.
        int events = 300;
        Map<String, Long> acked = new HashMap<>();
        double mostHeld = 0;
        for (int i = 0; i < events; i++) {
            assertThat(ClusterWire.minio(a, "photos", "b" + i).statusCode()).isEqualTo(200);
            acked.put("b" + i, System.currentTimeMillis());
            if (i % 20 == 0) {
                Thread.sleep(100);
                mostHeld = Math.max(mostHeld, ClusterWire.gauge(a, "herald_deliveries_pending"));
            }
        }
        List<RecordedRequest> got = receiver.awaitRequests(events, Duration.ofSeconds(20));
        long worst = got.stream().mapToLong(r -> r.receivedAtMillis() - acked.get(ClusterWire.objectKey(r))).max().orElseThrow();
        System.out.printf("cluster-timing: beyond the bound, slowest healthy delivery %d ms, at most %.0f held%n", worst, mostHeld);
        assertThat(worst).as("slowest healthy delivery, ms after its ingest").isLessThan(1_000);
        // The bound, plus at most what the poll that crossed it brought.
        assertThat(mostHeld).as("deliveries held, sampled").isLessThanOrEqualTo(2 * 100);
    }

    @Test
    void aBrokerOutageIsAnswered503AndLosesNothing(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker, 2, "");
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("r1", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        for (int i = 0; i < 20; i++) {
            assertThat(ClusterWire.minio(a, "photos", "before-" + i).statusCode()).isEqualTo(200);
        }
        broker.stop();
        long stopped = System.nanoTime();
        int refused = 0;
        Map<String, String> sent = new HashMap<>();
        List<String> refusedBodies = new ArrayList<>();
        for (int i = 0; System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10); i++) {
            String body = MinioWebhook.body(ObjectOperation.put("photos", "during-" + i));
            int status = ClusterWire.post(a, body).statusCode();
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
            await().atMost(Duration.ofSeconds(30)).until(() -> ClusterWire.post(a, body).statusCode(), s -> s == 200);
        }
        Set<String> want = new TreeSet<>(sent.keySet());
        for (int i = 0; i < 20; i++) {
            want.add("before-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().stream().map(ClusterWire::objectKey)
                .collect(Collectors.toSet()).containsAll(want));
        System.out.printf("cluster-timing: %d ingests refused during the outage, %d events in all%n", refused, want.size());
    }

    /**
     * Three replicas in JVMs of their own; senders that resend each event until a replica
     * acknowledges it, as MinIO does; one replica killed -9 mid-stream and started again, then
     * another restarted. Every acknowledged event is delivered, and a repeat carries the same
     * delivery id.
     */
    @Test
    void threeReplicasOneKilledMidStreamLoseNoAcknowledgedEvent(KafkaBroker broker) throws Exception {
        // Three JVMs and the broker on 2 cores answer slowly: a longer wait for the broker's acknowledgement.
        String yaml = ClusterWire.clusterYaml(broker, prefix, 6, "", "10s");
        List<HeraldProcess> procs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            procs.add(HeraldProcess.create(dir.resolve("r" + i), yaml, dir.resolve("r" + i).resolve("data"), 0,
                    List.of("-Xmx256m")));
            processes.add(procs.get(i));
        }
        procs.parallelStream().forEach(HeraldProcess::start);
        BosSdk.putRules(procs.get(0).baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("r1", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        for (HeraldProcess p : procs.subList(1, 3)) {
            // Within 1 s in the in-process test; here a cold SDK call in a loaded JVM alone may take that long.
            awaitRuleIds(p.baseUri(), Duration.ofSeconds(5));
        }
        AtomicInteger acked = new AtomicInteger();
        Set<String> ackedKeys = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sending = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            sending.add(senders.submit(() -> {
                for (int i = sender; i < FAILOVER_EVENTS; i += 4) {
                    String key = "k" + i;
                    String body = MinioWebhook.body(ObjectOperation.put("photos", key));
                    for (int attempt = 0; ; attempt++) {
                        HeraldProcess to = procs.get((i + attempt) % 3);
                        if (to.isAlive() && ClusterWire.postQuietly(to.baseUri(), body) == 200) {
                            break;
                        }
                        Thread.sleep(20);
                    }
                    ackedKeys.add(key);
                    acked.incrementAndGet();
                }
                return null;
            }));
        }
        long sendingSince = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).until(acked::get, n -> n >= FAILOVER_EVENTS / 3);
        procs.get(2).kill();
        await().atMost(Duration.ofSeconds(120)).until(acked::get, n -> n >= FAILOVER_EVENTS / 2);
        procs.get(2).start();
        await().atMost(Duration.ofSeconds(120)).until(acked::get, n -> n >= FAILOVER_EVENTS * 2 / 3);
        procs.get(1).restart(); // another replica, stopped as a rollout would and started again
        for (Future<?> f : sending) {
            f.get(2, TimeUnit.MINUTES);
        }
        senders.shutdown();
        await().atMost(Duration.ofSeconds(90)).until(() -> receiver.requests().stream().map(ClusterWire::objectKey)
                .collect(Collectors.toSet()).containsAll(ackedKeys));
        Map<String, Set<String>> idsByKey = new HashMap<>();
        receiver.requests().forEach(r -> idsByKey.computeIfAbsent(ClusterWire.objectKey(r), k -> new TreeSet<>())
                .add(r.header("X-Herald-Delivery-Id")));
        assertThat(idsByKey.values()).as("a repeated delivery carries the same id").allMatch(ids -> ids.size() == 1);
        System.out.printf("cluster-timing: failover %d events acknowledged in %d ms, %d pushes (%d repeats)%n",
                ackedKeys.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendingSince), receiver.requests().size(),
                receiver.requests().size() - ackedKeys.size());
    }

    /** Reads bucket {@code photos}'s BOS rules on {@code herald} with the SDK until they are {@code [r1]}. */
    private static void awaitRuleIds(URI herald, Duration within) {
        BosClient bos = BosSdk.client(herald, ACCESS_KEY, SECRET_KEY);
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() ->
                    bos.getNotification("photos").getNotifications().stream().map(Notification::getId).toList(),
                    ids -> ids.equals(List.of("r1")));
        } finally {
            bos.shutdown();
        }
    }

    private HeraldServer replica(KafkaBroker broker, int partitions, String ingestKafka) throws Exception {
        return start(ClusterWire.clusterYaml(broker, prefix, partitions, ingestKafka, "2s"));
    }

    private HeraldServer start(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("herald-" + replicas.size() + ".yaml"), yaml);
        HeraldServer server = HeraldServer.start(ConfigLoader.load(file, Map.of()).withPort(0)
                .withStorePath(dir.resolve("unused-" + replicas.size())), Clock.systemUTC());
        replicas.add(server);
        return server;
    }
}

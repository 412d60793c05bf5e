package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.ceph.CephNotifications;
import dev.herald.harness.ceph.CephRgwExtension;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.CEPH_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Ceph RGW (Debian's radosgw 16, which has no Kafka endpoint) pushing over HTTP from a
 * persistent topic into one cluster replica's webhook ingest; two replicas share the partitions and
 * deliver signed BOS pushes, each object once, with the keys that trip up encoders exact.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CephClusterPushTest {
    private static final String BUCKET = "cluster-photos";
    private static final String SIGNING_KEY = "ceph-cluster-signing-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The keys that trip up encoders, with their contents. */
    private static final Map<String, String> OBJECTS = CephEndToEndTest.OBJECTS;

    @RegisterExtension
    static final CephRgwExtension ceph = CephRgwExtension.withBuckets(BUCKET);

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final ClusterReplicas replicas = new ClusterReplicas();
    private final RecordingReceiver receiver = RecordingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void cephPushesIntoOneReplicaAreDeliveredOnceByThePartitionOwners(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker);
        HeraldServer b = replica(broker);
        BosSdk.putRules(b.baseUri(), ACCESS_KEY, SECRET_KEY, BUCKET, List.of(BosSdk.rule("all-" + BUCKET,
                receiver.url("/bos").toString(), SIGNING_KEY, List.of("/"), List.of("ObjectCreateGroup:*"))));
        ClusterReplicas.awaitPartitions(a, b);

        S3Client s3 = ceph.s3();
        CephNotifications notifications = new CephNotifications(s3, ceph.rgw().snsClient());
        String topic = notifications.createPushTopic("herald-cluster",
                URI.create(a.baseUri() + "/ingest/ceph/" + CEPH_TOKEN), true, null);
        notifications.subscribeBucket(BUCKET, "herald-cluster", topic, List.of("s3:ObjectCreated:*"));
        Map<String, String> eTags = new LinkedHashMap<>();
        OBJECTS.forEach((key, content) -> eTags.put(key, s3.putObject(r -> r.bucket(BUCKET).key(key),
                RequestBody.fromString(content, StandardCharsets.UTF_8)).eTag().replace("\"", "")));

        // A new persistent topic's queue is picked up by RGW's 30 s scan: allow for it.
        List<RecordedRequest> pushes = receiver.awaitRequests(OBJECTS.size(), Duration.ofSeconds(120));
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (RecordedRequest push : pushes) {
            assertThat(BosPushVerifier.verify(new HttpRequestView(push.method(), push.path(), push.query(),
                    push.headers(), push.body()), SIGNING_KEY, Clock.systemUTC())).as("signature").isTrue();
            JsonNode events = JSON.readTree(push.body()).get("events");
            assertThat(events).hasSize(1);
            byKey.put(events.get(0).at("/content/object").asText(), events.get(0));
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(OBJECTS.keySet());
        byKey.forEach((key, event) -> {
            assertThat(event.get("eventType").asText()).as(key).isEqualTo("PutObject");
            assertThat(event.at("/content/bucket").asText()).as(key).isEqualTo(BUCKET);
            assertThat(event.at("/content/filesize").asLong()).as(key)
                    .isEqualTo(OBJECTS.get(key).getBytes(StandardCharsets.UTF_8).length);
            assertThat(event.at("/content/eTag").asText()).as(key).isEqualTo(eTags.get(key));
            assertThat(event.get("configurationId").asText()).isEqualTo("all-" + BUCKET);
        });
        Thread.sleep(1_000);
        assertThat(receiver.requests()).as("each object once").hasSize(OBJECTS.size());
        double delivered = ClusterWire.sum(a, "herald_deliveries_total", "outcome=\"succeeded\"")
                + ClusterWire.sum(b, "herald_deliveries_total", "outcome=\"succeeded\"");
        assertThat(delivered).as("successful deliveries counted over both replicas").isEqualTo(OBJECTS.size());
        notifications.unsubscribeBucket(BUCKET);
        notifications.deleteTopic(topic);
    }

    private HeraldServer replica(KafkaBroker broker) throws Exception {
        return replicas.start(ClusterWire.clusterYaml(broker, "ceph", 4, "", "2s"));
    }
}

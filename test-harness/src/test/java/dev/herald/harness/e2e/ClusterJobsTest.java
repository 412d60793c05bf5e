package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig.SignerVersion;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.ceph.CephRgwExtension;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cloudfunc jobs and KS3 failure reports in cluster mode, against a real broker and a real Ceph RGW:
 * jobs travel with their events through Kafka and are run by the partition's owner, a failed
 * attempt waits on the retry topic and survives its replica's exit; each failure report is written
 * by one replica, and the duty passes to another when that one leaves, with no line written twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERDICT = "{\"code\":0,\"message\":\"SUCCESS\",\"porn_label\":\"normal\",\"rate\":0.99}";

    @RegisterExtension
    static final CephRgwExtension ceph = CephRgwExtension.withBuckets("photos", "thumbs", "ks3-photos", "reports");

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
    void jobsRunOnTheirPartitionsOwnerAndAParkedJobOutlivesItsReplica(KafkaBroker broker) throws Exception {
        AtomicBoolean moderationUp = new AtomicBoolean();
        receiver.answerWith(r -> !r.path().equals("/moderate") ? RecordingReceiver.Answer.status(200)
                : moderationUp.get() ? new RecordingReceiver.Answer(200, Map.of("Content-Type", "application/json"), VERDICT)
                : RecordingReceiver.Answer.status(503));
        HeraldServer a = replica(broker, "jobs");
        HeraldServer b = replica(broker, "jobs");
        String rules = """
                {"notifications":[
                  {"id":"thumbs","event_types":["create_object"],"object_filters":["*.png"],"cloudfunc":"image",
                   "cloudfunc_args":{"action":"resize:w_40,h_30,m_0|format:t_jpeg","save_bucket":"thumbs",
                                     "key_prefix":"thumb","key_seprate":"_"},
                   "notify_url":"%s"},
                  {"id":"moderation","event_types":"create_object","object_filters":"*.png","cloudfunc":"tupu-porn",
                   "notify_url":"%s"}]}""".formatted(receiver.url("/image"), receiver.url("/verdict"));
        assertThat(QsSigned.send(a.baseUri(), "PUT", "photos", rules, ACCESS_KEY, SECRET_KEY).statusCode()).isEqualTo(200);
        ClusterReplicas.awaitPartitions(a, b);

        List<String> keys = IntStream.range(0, 6).mapToObj(i -> "in/p " + i + "+ü.png").toList();
        byte[] png = png();
        for (String key : keys) {
            String eTag = ceph.s3().putObject(r -> r.bucket("photos").key(key).contentType("image/png"),
                    RequestBody.fromBytes(png)).eTag().replace("\"", "");
            assertThat(ClusterWire.post(a, MinioWebhook.body(ObjectOperation.put("photos", key).size(png.length).eTag(eTag)))
                    .statusCode()).isEqualTo(200);
        }

        // Image jobs need only the backend: each runs once, wherever its partition is owned.
        await().atMost(Duration.ofSeconds(30)).until(() -> paths(receiver.requests(), "/image").size() == keys.size()
                && paths(receiver.requests(), "/moderate").size() >= keys.size());
        for (String key : keys) {
            byte[] thumb = ceph.s3().getObjectAsBytes(r -> r.bucket("thumbs").key("thumb_" + key)).asByteArray();
            BufferedImage saved = ImageIO.read(new ByteArrayInputStream(thumb));
            assertThat(saved.getWidth()).as(key).isEqualTo(40);
            assertThat(saved.getHeight()).as(key).isEqualTo(30);
        }
        // The moderation jobs failed once and wait on the retry topic; one replica leaves, the service recovers.
        replicas.stop(a);
        moderationUp.set(true);

        await().atMost(Duration.ofSeconds(60)).until(() -> paths(receiver.requests(), "/verdict").size() >= keys.size());
        Thread.sleep(1_500);
        List<RecordedRequest> all = receiver.requests();
        assertThat(byObject(paths(all, "/image")).keySet()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(paths(all, "/image")).as("each image result once").hasSize(keys.size());
        Map<String, List<RecordedRequest>> verdicts = byObject(paths(all, "/verdict"));
        assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        verdicts.forEach((key, posts) -> {
            assertThat(posts.stream().map(p -> p.header("X-Herald-Delivery-Id")).distinct()).as(key + ": a repeat keeps its id")
                    .hasSize(1);
            assertThat(json(posts.getFirst()).get("result")).as(key).isEqualTo(json(VERDICT));
        });
        assertThat(paths(all, "/moderate")).as("each job asked again once after its failed attempt")
                .hasSizeGreaterThanOrEqualTo(2 * keys.size());
        byObject(paths(all, "/image")).forEach((key, posts) -> assertThat(json(posts.getFirst()).at("/events/0/cloudfunc/status")
                .asText()).as(key).isEqualTo("success"));
    }

    @Test
    void eachFailureReportIsWrittenByOneReplicaAndTheDutyMovesWhenItLeaves(KafkaBroker broker) throws Exception {
        receiver.answerWith(r -> RecordingReceiver.Answer.status(500));
        HeraldServer a = replica(broker, "reports");
        HeraldServer b = replica(broker, "reports");
        String rules = """
                {"Notifications":[{"RuleId":"failing","Events":["ks3:ObjectCreated:*"],
                  "Destinations":[{"DestType":"Endpoint","CallbackUrl":"%s"}],
                  "Report":{"ReportType":"failed","Enabled":"true","Bucket":"reports","Prefix":"failed/"}}]}"""
                .formatted(receiver.url("/ks3"));
        assertThat(Ks3Sdk.send(b.baseUri(), HttpMethod.PUT, "ks3-photos", rules, SignerVersion.V4, ACCESS_KEY, SECRET_KEY)
                .status()).isEqualTo(200);
        ClusterReplicas.awaitPartitions(a, b);

        List<String> first = IntStream.range(0, 8).mapToObj(i -> "first/" + i + " a+b.jpg").toList();
        for (int i = 0; i < first.size(); i++) {
            assertThat(ClusterWire.minio(i % 2 == 0 ? a : b, "ks3-photos", first.get(i)).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reportLines().size() >= first.size());
        HeraldServer writer = written(a) > 0 ? a : b;
        HeraldServer other = writer == a ? b : a;
        assertThat(written(other)).as("only the holder of the report duty writes").isZero();

        replicas.stop(writer);
        List<String> second = IntStream.range(0, 4).mapToObj(i -> "second/" + i + ".jpg").toList();
        for (String key : second) {
            assertThat(ClusterWire.minio(other, "ks3-photos", key).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> reportLines().size() >= first.size() + second.size());
        Thread.sleep(2_000);

        List<JsonNode> lines = reportLines();
        assertThat(lines.stream().map(l -> l.get("key").asText()))
                .as("every dead delivery reported, none twice").containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(first.stream(), second.stream()).toList());
        assertThat(lines.stream().map(l -> l.get("deliveryId").asText()).collect(Collectors.toSet())).hasSize(lines.size());
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("rule").asText()).isEqualTo("failing");
            assertThat(l.get("event").asText()).isEqualTo("ks3:ObjectCreated:PutObject");
            assertThat(l.get("lastStatus").asInt()).isEqualTo(500);
            assertThat(l.get("attempts").asInt()).isEqualTo(2);
        });
        assertThat(written(other)).as("the remaining replica took the duty over").isPositive();
    }

    private List<JsonNode> reportLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (S3Object o : ceph.s3().listObjectsV2(r -> r.bucket("reports").prefix("failed/")).contents()) {
            assertThat(o.key()).matches("failed/ks3-photos-failing-\\d{8}T\\d{9}Z\\.jsonl");
            ceph.s3().getObjectAsBytes(r -> r.bucket("reports").key(o.key())).asUtf8String().lines().map(ClusterJobsTest::json)
                    .forEach(lines::add);
        }
        return lines;
    }

    private static double written(HeraldServer s) {
        return ClusterWire.sum(s, "herald_failure_reports_total", "outcome=\"written\"");
    }

    private HeraldServer replica(KafkaBroker broker, String prefix) throws Exception {
        String yaml = ClusterWire.clusterYaml(broker, prefix, 4, "", "5s")
                .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]",
                        "  retrySchedule: [0s, 100ms]\n  circuitBreaker: { enabled: false }") + """
                backend:
                  endpoint: %s
                  accessKey: %s
                  secretKey: %s
                dialects:
                  qingstor: { zoneId: pek3b, moderationEndpoint: "%s" }
                  ks3: { reportInterval: 1s }
                """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey(), receiver.url("/moderate"));
        return replicas.start(yaml);
    }

    private static List<RecordedRequest> paths(List<RecordedRequest> requests, String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** QingStor result posts by their object's key. */
    private static Map<String, List<RecordedRequest>> byObject(List<RecordedRequest> posts) {
        Map<String, List<RecordedRequest>> out = new HashMap<>();
        posts.forEach(p -> {
            JsonNode body = json(p);
            String key = body.has("object") ? body.get("object").asText() : body.at("/events/0/qingstor/object/name").asText();
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        });
        return out;
    }

    private static JsonNode json(RecordedRequest r) {
        return json(r.bodyText());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().setColor(Color.ORANGE);
        image.getGraphics().fillRect(0, 0, 80, 60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

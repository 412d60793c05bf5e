package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.ceph.CephNotifications;
import dev.herald.harness.ceph.CephRgwExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.CEPH_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Ceph RGW (Debian's radosgw 16) pushing through a persistent topic into Herald, which
 * relays BOS events: the keys that trip up encoders arrive exactly as uploaded. Runs wherever
 * radosgw is installed (.ci/run installs it), skipped elsewhere.
 */
class CephEndToEndTest {
    private static final String BUCKET = "e2e-photos";
    private static final String SIGNING_KEY = "ceph-e2e-signing-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key -> content: a space, '+', '%', nested '/', non-ASCII, and all of them at once (also {@link CephClusterPushTest}'s). */
    static final Map<String, String> OBJECTS = new LinkedHashMap<>();

    static {
        OBJECTS.put("with space.txt", "a");
        OBJECTS.put("plus+sign.txt", "bb");
        OBJECTS.put("100%.txt", "ccc");
        OBJECTS.put("deep/er/path/x.bin", "dddd");
        OBJECTS.put("中文/文件 é.txt", "eeeee");
        OBJECTS.put("dir/a b+c%2Bd é.txt", "ffffff");
    }

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets(BUCKET);

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withDefaults();

    @Test
    void objectsUploadedToCephArriveAsSignedBosEventsWithTheirExactKeys() throws Exception {
        BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
        S3Client s3 = ceph.s3();
        try {
            bos.putNotification(BUCKET, List.of(BosSdk.rule("all-" + BUCKET, herald.receiver().url("/bos").toString(),
                    SIGNING_KEY, List.of("/"), List.of("ObjectCreateGroup:*", "DeleteObject"))));
            CephNotifications notifications = new CephNotifications(s3, ceph.rgw().snsClient());
            String topic = notifications.createPushTopic("herald",
                    URI.create(herald.baseUri() + "/ingest/ceph/" + CEPH_TOKEN), true, null);
            notifications.subscribeBucket(BUCKET, "herald", topic, List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"));

            Map<String, String> eTags = new LinkedHashMap<>();
            OBJECTS.forEach((key, content) -> eTags.put(key, s3.putObject(b -> b.bucket(BUCKET).key(key),
                    RequestBody.fromString(content, StandardCharsets.UTF_8)).eTag().replace("\"", "")));
            s3.deleteObject(b -> b.bucket(BUCKET).key("plus+sign.txt"));

            // A new persistent topic's queue is picked up by RGW's 30 s scan: allow for it.
            List<RecordedRequest> pushes = herald.receiver().awaitRequests(OBJECTS.size() + 1, Duration.ofSeconds(120));
            Map<String, List<JsonNode>> byType = pushes.stream().map(CephEndToEndTest::event)
                    .collect(Collectors.groupingBy(e -> e.get("eventType").asText()));

            assertThat(byType.get("PutObject")).extracting(e -> e.at("/content/object").asText())
                    .containsExactlyInAnyOrderElementsOf(OBJECTS.keySet());
            for (JsonNode put : byType.get("PutObject")) {
                String key = put.at("/content/object").asText();
                assertThat(put.at("/content/bucket").asText()).isEqualTo(BUCKET);
                assertThat(put.at("/content/filesize").asLong()).as(key).isEqualTo(OBJECTS.get(key).getBytes(StandardCharsets.UTF_8).length);
                assertThat(put.at("/content/eTag").asText()).as(key).isEqualTo(eTags.get(key));
                assertThat(put.at("/content/userId").asText()).isEqualTo("tester");
                assertThat(put.get("eventFrom").asText()).isEqualTo("Client");
                assertThat(put.get("configurationId").asText()).isEqualTo("all-" + BUCKET);
            }
            assertThat(byType.get("DeleteObject")).singleElement()
                    .satisfies(d -> assertThat(d.at("/content/object").asText()).isEqualTo("plus+sign.txt"));
            for (RecordedRequest push : pushes) {
                assertThat(BosPushVerifier.verify(view(push), SIGNING_KEY, Clock.systemUTC())).as("signature").isTrue();
            }
            Thread.sleep(1_000);
            assertThat(herald.receiver().requests()).as("no extra deliveries").hasSize(OBJECTS.size() + 1);
            notifications.unsubscribeBucket(BUCKET);
            notifications.deleteTopic(topic);
        } finally {
            bos.shutdown();
        }
    }

    private static JsonNode event(RecordedRequest push) {
        try {
            JsonNode body = JSON.readTree(push.body());
            assertThat(body.get("events")).hasSize(1);
            return body.get("events").get(0);
        } catch (IOException e) {
            throw new AssertionError("push body is not JSON: " + push.bodyText(), e);
        }
    }

    private static HttpRequestView view(RecordedRequest push) {
        return new HttpRequestView(push.method(), push.path(), push.query(), push.headers(), push.body());
    }
}

package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.ceph.CephNotifications;
import dev.herald.harness.ceph.CephRgwExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.CEPH_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation against a real Ceph RGW whose non-persistent topic drops what it cannot push:
 * with Herald stopped, 50 uploads and 5 deletes of objects Herald had seen are lost; started
 * again, one reconcile emits exactly those 50 creates and 5 deletes, once each, with their exact
 * keys, marked as reconciled; a second one emits nothing.
 */
class CephReconcileTest {
    private static final String BUCKET = "reconciled";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HARD = {"with space %d.txt", "plus+%d.txt", "100%%-%d.txt", "中文/文件 é-%d.txt",
            "dir/a b+c%%2Bd-%d"};

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets(BUCKET);

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML + """
            admin: { token: admin-secret }
            backend:
              endpoint: %s
              accessKey: %s
              secretKey: %s
              reconcile: { grace: 0s, rateLimit: 200 }
            """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey()));

    @Test
    void eventsCephDroppedWhileHeraldWasDownAreReconciledOnce() throws Exception {
        S3Client s3 = ceph.s3();
        BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
        try {
            bos.putNotification(BUCKET, List.of(BosSdk.rule("all", herald.receiver().url("/bos").toString(), null,
                    List.of("/"), List.of("ObjectCreateGroup:*", "DeleteObject"))));
        } finally {
            bos.shutdown();
        }
        CephNotifications notifications = new CephNotifications(s3, ceph.rgw().snsClient());
        String topic = notifications.createPushTopic("herald-direct",
                URI.create(herald.baseUri() + "/ingest/ceph/" + CEPH_TOKEN), false, null);
        notifications.subscribeBucket(BUCKET, "herald-direct", topic, List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"));

        List<String> seen = keys("seen", 5);
        seen.forEach(k -> s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString("seen " + k)));
        assertThat(herald.receiver().awaitRequests(5, Duration.ofSeconds(30))).hasSize(5);

        herald.stop();
        List<String> lost = keys("lost", 50);
        lost.forEach(k -> s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString("lost " + k)));
        seen.forEach(k -> s3.deleteObject(b -> b.bucket(BUCKET).key(k)));
        herald.start();

        JsonNode summary = reconcile();
        assertThat(summary.get("listed").asLong()).isEqualTo(50);
        assertThat(summary.get("createsEmitted").asLong()).isEqualTo(50);
        assertThat(summary.get("deletesEmitted").asLong()).isEqualTo(5);

        List<RecordedRequest> pushes = herald.receiver().awaitRequests(60, Duration.ofSeconds(30));
        List<JsonNode> reconciled = new ArrayList<>();
        for (RecordedRequest p : pushes.subList(5, pushes.size())) {
            assertThat(p.header("X-Herald-Reconciled")).isEqualTo("true");
            JsonNode event = JSON.readTree(p.body()).get("events").get(0);
            assertThat(event.get("eventOrigin").asText()).isEqualTo("herald:reconcile");
            reconciled.add(event);
        }
        Map<String, List<String>> byType = reconciled.stream().collect(Collectors.groupingBy(
                e -> e.get("eventType").asText(), Collectors.mapping(e -> e.get("content").get("object").asText(),
                        Collectors.toList())));
        assertThat(byType.get("PutObject")).containsExactlyInAnyOrderElementsOf(lost);
        assertThat(byType.get("DeleteObject")).containsExactlyInAnyOrderElementsOf(seen);
        assertThat(byType).containsOnlyKeys("PutObject", "DeleteObject");
        JsonNode first = reconciled.stream().filter(e -> e.get("eventType").asText().equals("PutObject")).findFirst()
                .orElseThrow().get("content");
        assertThat(first.get("filesize").asLong()).isEqualTo(("lost " + first.get("object").asText()).getBytes().length);
        assertThat(first.get("eTag").asText()).isNotEmpty();

        JsonNode again = reconcile();
        assertThat(again.get("createsEmitted").asLong()).isZero();
        assertThat(again.get("deletesEmitted").asLong()).isZero();
        Thread.sleep(1000);
        assertThat(herald.receiver().requests()).as("nothing more delivered").hasSize(60);
    }

    private JsonNode reconcile() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        herald.baseUri().resolve("/admin/reconcile?bucket=" + BUCKET))
                .header("Authorization", "Bearer admin-secret").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> keys(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "/" + HARD[i % HARD.length].formatted(i));
        }
        return out;
    }
}

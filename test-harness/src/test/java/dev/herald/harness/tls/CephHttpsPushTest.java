package dev.herald.harness.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.ceph.CephNotifications;
import dev.herald.harness.ceph.CephRgwExtension;
import dev.herald.harness.e2e.BosSdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.CEPH_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Ceph RGW (radosgw 16) pushing its notifications to Herald over https. Ceph 16's HTTP
 * endpoint checks certificates against the RGW host's system trust store or not at all
 * ({@code verify-ssl=false}; it has no CA attribute for HTTP), so the topic here does not verify.
 * Skipped where radosgw is not installed.
 */
class CephHttpsPushTest {
    private static final String BUCKET = "tls-photos";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR;
    private static final TestCertificates.Ca CA;

    static {
        try {
            DIR = Files.createTempDirectory("herald-ceph-tls-");
            CA = TestCertificates.ca("herald-ceph-ca", "RSA");
            CA.issueServer("RSA").write(DIR.resolve("cert.pem"), DIR.resolve("key.pem"), TestCertificates.KeyForm.PKCS8, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets(BUCKET);

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML + """
            server:
              tls: { certFile: "%s", keyFile: "%s" }
            """.formatted(DIR.resolve("cert.pem"), DIR.resolve("key.pem")));

    @AfterAll
    static void removeFiles() throws IOException {
        Files.delete(DIR.resolve("cert.pem"));
        Files.delete(DIR.resolve("key.pem"));
        Files.delete(DIR);
    }

    @Test
    void cephPushesOverHttpsAndTheEventIsDelivered() throws Exception {
        CA.whileDefault(() -> BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, BUCKET, List.of(BosSdk.rule(
                "tls", herald.receiver().url("/bos").toString(), null, List.of("/"), List.of("PutObject")))));
        CephNotifications notifications = new CephNotifications(ceph.s3(), ceph.rgw().snsClient());
        URI endpoint = URI.create(herald.baseUri() + "/ingest/ceph/" + CEPH_TOKEN);
        assertThat(endpoint.getScheme()).isEqualTo("https");
        // Not persistent: RGW pushes while the PUT waits, so no 30 s queue scan to sit out.
        String topic = notifications.createPushTopic("herald-tls", endpoint, false, null);
        notifications.subscribeBucket(BUCKET, "herald-tls", topic, List.of("s3:ObjectCreated:*"));
        try {
            ceph.s3().putObject(b -> b.bucket(BUCKET).key("over/tls.txt"), RequestBody.fromString("tls"));

            List<RecordedRequest> pushes = herald.receiver().awaitRequests(1, Duration.ofSeconds(30));
            JsonNode event = JSON.readTree(pushes.getFirst().body()).get("events").get(0);
            assertThat(event.get("eventType").asText()).isEqualTo("PutObject");
            assertThat(event.at("/content/object").asText()).isEqualTo("over/tls.txt");
            assertThat(event.at("/content/filesize").asLong()).isEqualTo(3);
        } finally {
            notifications.unsubscribeBucket(BUCKET);
            notifications.deleteTopic(topic);
        }
    }
}

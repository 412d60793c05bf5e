package dev.herald.harness.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Ceph RGW 16: a persistent push topic delivers one S3 event record to a local HTTP receiver. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CephRgwTest {
    private static final String KEY = "dir/a b+c%d é.txt";
    private static final String OPAQUE = "herald-opaque-42";

    // Kept on failure so the Ceph logs under log/ can be read.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static CephRgw rgw;
    private static S3Client s3;
    private static SnsClient sns;
    private static HttpServer receiver;
    private static final BlockingQueue<String> pushes = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startCeph() throws Exception {
        Assumptions.assumeTrue(CephRgw.available(), "radosgw not installed; .ci/run installs it");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                pushes.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        long t0 = System.nanoTime();
        rgw = CephRgw.start(dir.resolve("ceph"));
        System.out.printf("Ceph RGW up at %s in %d ms%n", rgw.endpoint(), (System.nanoTime() - t0) / 1_000_000);
        s3 = rgw.s3Client();
        sns = rgw.snsClient();
    }

    @AfterAll
    static void stopCeph() {
        try {
            if (s3 != null) {
                s3.close();
            }
            if (sns != null) {
                sns.close();
            }
        } finally {
            try {
                if (rgw != null) {
                    rgw.close();
                }
            } finally {
                if (receiver != null) {
                    receiver.stop(0);
                }
            }
        }
    }

    @Test
    void persistentTopicPushesRawKeyAndOpaqueData() throws Exception {
        String bucket = "herald-ceph-push";
        s3.createBucket(b -> b.bucket(bucket));
        CephNotifications notifications = new CephNotifications(s3, sns);
        URI push = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/ceph");
        String arn = notifications.createPushTopic("herald-push", push, true, OPAQUE);
        notifications.subscribeBucket(bucket, "herald", arn, List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"));

        long t0 = System.nanoTime();
        s3.putObject(b -> b.bucket(bucket).key(KEY), RequestBody.fromString("hello ceph"));

        String body = pushes.poll(60, TimeUnit.SECONDS);
        assertNotNull(body, "no push from RGW within 60 s; see " + rgw.workDir().resolve("log/client.rgw.log"));
        System.out.printf("first push after %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, body);

        JsonNode records = new ObjectMapper().readTree(body).path("Records");
        assertEquals(1, records.size(), body);
        JsonNode record = records.get(0);
        assertEquals(KEY, record.path("s3").path("object").path("key").asText(), body);
        assertEquals("ObjectCreated:Put", record.path("eventName").asText(), body);
        assertEquals(OPAQUE, record.path("opaqueData").asText(), body);
        assertEquals(bucket, record.path("s3").path("bucket").path("name").asText(), body);
        assertEquals("herald", record.path("s3").path("configurationId").asText(), body);

        // Exactly one: a persistent topic must not redeliver an event the endpoint acknowledged.
        assertNull(pushes.poll(5, TimeUnit.SECONDS), "unexpected second push");

        notifications.unsubscribeBucket(bucket);
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).topicConfigurations().isEmpty());
        notifications.deleteTopic(arn);
        assertTrue(sns.listTopics().topics().stream().noneMatch(t -> t.topicArn().equals(arn)));
    }
}

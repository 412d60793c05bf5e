package dev.herald.sdktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qingstor.sdk.config.EnvContext;
import com.qingstor.sdk.service.Bucket;
import com.qingstor.sdk.service.Types;
import com.sun.net.httpserver.HttpServer;
import dev.herald.harness.HeraldProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules put with the official QingStor SDK, real MinIO and Ceph captures replayed into herald.jar,
 * and the notifier messages checked field by field as QingStor documents them.
 */
class QingStorNotifierTest {
    private static final String AK = "QSTESTACCESSKEY00000";
    private static final String SK = "qs-test-secret-key-0000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static HeraldProcess herald;
    static HttpServer receiver;
    static final LinkedBlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();

    record Received(String method, String path, String contentType, byte[] body) {
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        herald = HeraldProcess.start(dir, """
                credentials:
                  - { accessKey: %s, secretKey: %s, buckets: ["*"] }
                ingest:
                  minio: { token: test-token-123 }
                  ceph: { token: opaque-123 }
                delivery: { allowPrivateTargets: true }
                dialects:
                  qingstor: { zoneId: pek3b }
                """.formatted(AK, SK));
    }

    @AfterAll
    static void stop() {
        if (herald != null) {
            herald.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static void putRules(String bucket, Types.NotificationModel... rules) throws Exception {
        EnvContext env = new EnvContext(AK, SK);
        env.setEndpoint(herald.baseUri().toString());
        Bucket.PutBucketNotificationInput input = new Bucket.PutBucketNotificationInput();
        input.setNotifications(List.of(rules));
        assertThat(new Bucket(env, "pek3b", bucket).putNotification(input).getStatueCode()).isEqualTo(200);
    }

    private static Types.NotificationModel notifier(String id, List<String> events, List<String> filters, String path) {
        Types.NotificationModel n = new Types.NotificationModel();
        n.setID(id);
        n.setCloudfunc("notifier");
        n.setEventTypes(events);
        n.setObjectFilters(filters);
        n.setNotifyURL("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
        return n;
    }

    private static int ingest(String route, String auth, String capture) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = QingStorNotifierTest.class.getResourceAsStream("/captures/" + capture)) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(herald.baseUri().resolve(route))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void minioAndCephEventsBecomeQingStorNotifierMessages() throws Exception {
        putRules("test-bucket", notifier("images", List.of("create_object"), List.of("images/*.jpg"), "/minio"),
                notifier("nothing", List.of("create_object"), List.of("*.png"), "/never"));
        putRules("ceph-bucket", notifier("removals", List.of("delete_object"), null, "/ceph"));

        assertThat(ingest("/ingest/minio", "Bearer test-token-123", "minio-put-images-photo.json")).isEqualTo(200);
        assertThat(ingest("/ingest/ceph/opaque-123", null, "ceph-delete-docs-readme.json")).isEqualTo(200);

        Received first = RECEIVED.poll(10, TimeUnit.SECONDS);
        Received second = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(RECEIVED.poll(1, TimeUnit.SECONDS)).as("the *.png rule does not fire").isNull();
        Received minio = first.path().equals("/minio") ? first : second;
        Received ceph = first.path().equals("/ceph") ? first : second;

        assertThat(minio.method()).isEqualTo("POST");
        assertThat(minio.contentType()).startsWith("application/json");
        JsonNode m = only(minio);
        assertThat(m.toString()).isEqualTo("""
                {"event_source":"qingstor","event_version":"1.0","event_type":"create_object",\
                "event_time":"2026-11-22T13:34:30.724Z","zone_id":"pek3b","user_identify":{"principal_id":"minioadmin"},\
                "response_elements":{"request_id":"18EA616101562ACA"},"qingstor":{"schema_version":"1.0",\
                "notification_id":"images","bucket":{"name":"test-bucket"},"object":{"name":"images/photo 1.jpg",\
                "etag":"501590c529b9ce8bb8da7e80ab98e2fe","size":10}}}""");

        JsonNode c = only(ceph);
        assertThat(c.get("event_type").asText()).isEqualTo("delete_object");
        assertThat(c.get("event_time").asText()).isEqualTo("2026-11-22T13:45:02.175Z");
        assertThat(c.at("/user_identify/principal_id").asText()).isEqualTo("tester");
        assertThat(c.at("/qingstor/notification_id").asText()).isEqualTo("removals");
        assertThat(c.at("/qingstor/bucket/name").asText()).isEqualTo("ceph-bucket");
        assertThat(c.at("/qingstor/object/name").asText()).isEqualTo("docs/readme.txt");
        assertThat(c.at("/qingstor/object/etag").asText()).isEqualTo("93373013bef3c6a043927cfb84a2d633");
        assertThat(c.at("/qingstor/object/size").asLong()).isEqualTo(10);
    }

    private static JsonNode only(Received r) throws IOException {
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("events");
        assertThat(body.get("events")).hasSize(1);
        return body.get("events").get(0);
    }
}

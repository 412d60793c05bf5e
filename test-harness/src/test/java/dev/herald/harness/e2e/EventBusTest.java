package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus end to end: an application event pushed with a BOS-SDK-signed request and an
 * object event from a real MinIO capture reach the right targets in the right CloudEvents mode,
 * read back with the CloudEvents SDK.
 */
class EventBusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-secret";

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML
            .replace("  minio: { token: " + HeraldExtension.MINIO_TOKEN + " }", "  minio: { token: test-token-123 }") + """
            admin: { token: %s }
            eventBus:
              buses:
                - id: eb-demo
                  name: demo
                  buckets: [test-bucket]
                  rules:
                    - name: app-alerts
                      pattern: { source: ["App_DEMO"], data: { level: [ { anything-but: ["debug"] } ] } }
                      targets: [ { url: "%s", mode: structured } ]
                    - name: new-images
                      pattern: { type: [ { prefix: "com.amazonaws.s3.ObjectCreated:" } ], subject: [ { prefix: "images/" } ] }
                      targets: [ { url: "%s", mode: binary } ]
            """.formatted(ADMIN_TOKEN, EventBusTest.herald.receiver().url("/structured"),
            EventBusTest.herald.receiver().url("/binary")));

    @Test
    void anApplicationEventAndAnObjectEventReachTheirTargetsAsCloudEvents() throws Exception {
        String push = """
                {"eventList":[{"data":"{\\"info\\":\\"系统出现异常\\",\\"level\\":\\"error\\"}","source":"App_DEMO",
                  "type":"DEMO_EVENT","id":"evt-1","subject":"qcs::dts:ap-guangzhou:appid12312/uid1250000000:xxx",
                  "time":1615430559146,"region":"bj"}],
                 "eventBusId":"eb-demo"}""";
        HttpResponse<String> accepted = BceSigned.post(herald.baseUri().resolve("/v1/event-bus/event/recv"), push, ACCESS_KEY, SECRET_KEY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(accepted.body()).get("events").get(0);
        assertThat(echoed.get("eventBusName").asText()).isEqualTo("demo");
        assertThat(echoed.get("accountId").asText()).isEqualTo(ACCESS_KEY);
        assertThat(echoed.get("specversion").asText()).isEqualTo("1.0");
        assertThat(echoed.at("/data/info").asText()).isEqualTo("系统出现异常");
        assertThat(Instant.parse(echoed.get("time").asText())).isEqualTo(Instant.ofEpochMilli(1615430559146L));

        HttpResponse<String> resent = BceSigned.post(herald.baseUri().resolve("/v1/event-bus/recv"), push, ACCESS_KEY, SECRET_KEY);
        assertThat(resent.statusCode()).as("a resend (same bus, source and id) is acknowledged").isEqualTo(200);

        String ignored = """
                {"events":[{"source":"App_DEMO","type":"DEMO_EVENT","eventbusid":"eb-demo","data":{"level":"debug"}},
                           {"source":"Other","type":"X","eventbusid":"eb-demo","data":{}}]}""";
        assertThat(BceSigned.post(herald.baseUri().resolve("/v1/event-bus/recv"), ignored, ACCESS_KEY, SECRET_KEY).statusCode())
                .isEqualTo(200);
        String bad = """
                {"eventList":[{"source":"App_DEMO","type":"DEMO_EVENT","data":{"level":"error"}},{"type":"NO_SOURCE"}],
                 "eventBusId":"eb-demo"}""";
        HttpResponse<String> refused = BceSigned.post(herald.baseUri().resolve("/v1/event-bus/recv"), bad, ACCESS_KEY, SECRET_KEY);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"InvalidArgument\"", "eventList[1].source");
        assertThat(BceSigned.post(herald.baseUri().resolve("/v1/event-bus/recv"), push, ACCESS_KEY, "wrong").statusCode())
                .isEqualTo(400);
        assertThat(herald.server().metrics().scrape()).as("counted like MinIO's and Ceph's ingest")
                .contains("herald_ingest_ack_seconds_count{producer=\"eventbus\"} 3\n")
                .contains("herald_ingest_rejected_total{producer=\"eventbus\",reason=\"undecodable\"} 1.0\n")
                .contains("herald_ingest_rejected_total{producer=\"eventbus\",reason=\"auth\"} 1.0\n");

        Capture minio = Capture.load("minio-2024-01/webhook-01-put-images-photo-bearer.json");
        assertThat(herald.post("/ingest/minio", minio.body(), "Bearer test-token-123").status()).isEqualTo(200);
        Capture otherKey = Capture.load("minio-2024-01/webhook-03-put-docs-readme.json");
        assertThat(herald.post("/ingest/minio", otherKey.body(), "Bearer test-token-123").status()).isEqualTo(200);

        List<RecordedRequest> received = herald.receiver().awaitRequests(2, Duration.ofSeconds(10));
        Thread.sleep(500);
        assertThat(herald.receiver().requests()).as("only the two matching events, the resend delivered once").hasSize(2);
        Map<String, RecordedRequest> byPath = received.stream().collect(Collectors.toMap(RecordedRequest::path, Function.identity()));

        RecordedRequest structured = byPath.get("/structured");
        assertThat(structured.header("Content-Type")).startsWith("application/cloudevents+json");
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        CloudEvent app = format.deserialize(structured.body());
        assertThat(app.getId()).isEqualTo("evt-1");
        assertThat(app.getSource()).isEqualTo(URI.create("App_DEMO"));
        assertThat(app.getType()).isEqualTo("DEMO_EVENT");
        assertThat(app.getSubject()).isEqualTo("qcs::dts:ap-guangzhou:appid12312/uid1250000000:xxx");
        assertThat(app.getTime().toInstant()).isEqualTo(Instant.ofEpochMilli(1615430559146L));
        assertThat(app.getExtension("eventbusid")).isEqualTo("eb-demo");
        assertThat(app.getExtension("region")).isEqualTo("bj");
        assertThat(JSON.readTree(app.getData().toBytes()).get("info").asText()).isEqualTo("系统出现异常");

        RecordedRequest binary = byPath.get("/binary");
        assertThat(binary.header("ce-specversion")).isEqualTo("1.0");
        Map<String, String> headers = binary.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getFirst()));
        CloudEvent object = HttpMessageFactory.createReader(headers, binary.body()).toEvent();
        assertThat(object.getType()).isEqualTo("com.amazonaws.s3.ObjectCreated:Put");
        // The HTTP binding (3.1.3.2) percent-encodes header values with spaces or non-ASCII; the
        // Java SDK 4.0.1 reader does not decode them, so a binary-mode consumer must.
        assertThat(binary.header("ce-subject")).isEqualTo("images/photo%201.jpg");
        assertThat(HttpRequestView.percentDecode(object.getSubject())).isEqualTo("images/photo 1.jpg");
        assertThat(object.getExtension("eventbusid")).isEqualTo("eb-demo");
        JsonNode data = JSON.readTree(object.getData().toBytes());
        assertThat(data.get("bucket").asText()).isEqualTo("test-bucket");
        assertThat(data.get("key").asText()).isEqualTo("images/photo 1.jpg");
        assertThat(data.get("size").asLong()).isEqualTo(10);
        assertThat(data.get("eTag").asText()).isEqualTo("501590c529b9ce8bb8da7e80ab98e2fe");
    }

    @Test
    void theAdminRouteListsTheBusesBehindItsToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = herald.baseUri().resolve("/admin/event-bus");
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode bus = JSON.readTree(listed.body()).get("buses").get(0);
        assertThat(bus.get("id").asText()).isEqualTo("eb-demo");
        assertThat(bus.get("buckets").get(0).asText()).isEqualTo("test-bucket");
        assertThat(bus.get("rules")).extracting(r -> r.get("name").asText()).containsExactly("app-alerts", "new-images");
    }
}

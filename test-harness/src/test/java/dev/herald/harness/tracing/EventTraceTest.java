package dev.herald.harness.tracing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.e2e.BosSdk;
import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.tracing.OtelTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.MINIO_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per event, from its ingest (with MinIO's request id) through every delivery attempt,
 * recorded by the OpenTelemetry SDK's in-memory exporter; the trace survives a restart between
 * attempts, and the pushes carry {@code traceparent} with their BOS signatures intact.
 */
class EventTraceTest {
    private static final String SIGNING_KEY = "trace-test-signing-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("herald.outcome");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("herald.attempt");
    private static final AttributeKey<Long> RETRY = AttributeKey.longKey("herald.retry");

    @TempDir
    Path dir;
    private final RecordingReceiver receiver = RecordingReceiver.start();
    private HeraldServer herald;

    @AfterEach
    void stop() {
        if (herald != null) {
            herald.close();
        }
        receiver.close();
    }

    @Test
    void ingestAndBothAttemptsAreOneTrace() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        herald = start("[0s, 200ms]", spans);
        receiver.enqueue(RecordingReceiver.Answer.status(500));
        String body = ingest("traced.jpg");

        List<RecordedRequest> pushes = receiver.awaitRequests(2, Duration.ofSeconds(10));
        List<SpanData> finished = await().atMost(Duration.ofSeconds(5)).until(spans::getFinishedSpanItems, l -> l.size() == 3);
        SpanData ingest = only(finished, SpanKind.CONSUMER);
        List<SpanData> attempts = attempts(finished);

        assertThat(ingest.getName()).isEqualTo("ingest minio");
        assertThat(ingest.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
        assertThat(attr(ingest, "aws.request_id")).isEqualTo(requestId(body)).isNotBlank();
        assertThat(attr(ingest, "herald.producer")).isEqualTo("minio");
        assertThat(attr(ingest, "aws.s3.bucket")).isEqualTo("photos");
        assertThat(attr(ingest, "aws.s3.key")).isEqualTo("traced.jpg");
        assertThat(attr(ingest, "herald.event.name")).isEqualTo("ObjectCreated:Put");
        assertThat(ingest.getAttributes().get(AttributeKey.longKey("herald.deliveries"))).isEqualTo(1);

        assertThat(attempts).hasSize(2).allSatisfy(a -> {
            assertThat(a.getTraceId()).isEqualTo(ingest.getTraceId());
            assertThat(a.getParentSpanId()).isEqualTo(ingest.getSpanId());
            assertThat(a.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(attr(a, "url.full")).isEqualTo(receiver.url("/bos").toString());
            assertThat(attr(a, "http.request.method")).isEqualTo("POST");
            assertThat(a.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(receiver.port());
        });
        SpanData first = attempts.get(0);
        SpanData second = attempts.get(1);
        assertThat(attr(first, "herald.delivery.id")).isEqualTo(attr(second, "herald.delivery.id"))
                .isEqualTo(pushes.get(0).header("X-Herald-Delivery-Id"));
        assertThat(first.getAttributes().get(ATTEMPT)).isEqualTo(1);
        assertThat(first.getAttributes().get(RETRY)).isEqualTo(0);
        assertThat(first.getAttributes().get(STATUS)).isEqualTo(500);
        assertThat(first.getAttributes().get(OUTCOME)).isEqualTo("retry");
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getStatus().getDescription()).isEqualTo("HTTP 500");
        assertThat(second.getAttributes().get(ATTEMPT)).isEqualTo(2);
        assertThat(second.getAttributes().get(RETRY)).isEqualTo(1);
        assertThat(second.getAttributes().get(STATUS)).isEqualTo(200);
        assertThat(second.getAttributes().get(OUTCOME)).isEqualTo("delivered");
        assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // Each push names its own attempt's span, and the BOS signature still holds with the header added.
        for (int i = 0; i < 2; i++) {
            assertThat(pushes.get(i).header("traceparent"))
                    .isEqualTo("00-" + ingest.getTraceId() + "-" + attempts.get(i).getSpanId() + "-"
                            + attempts.get(i).getSpanContext().getTraceFlags().asHex());
            assertThat(attempts.get(i).getSpanContext().isSampled()).isTrue();
            assertThat(BosPushVerifier.verify(view(pushes.get(i)), SIGNING_KEY, Clock.systemUTC())).isTrue();
        }
    }

    @Test
    void anAttemptAfterARestartJoinsTheEventsTrace() throws Exception {
        InMemorySpanExporter before = InMemorySpanExporter.create();
        herald = start("[0s, 3s]", before);
        receiver.enqueue(RecordingReceiver.Answer.status(503));
        ingest("restart.jpg");
        receiver.awaitRequests(1, Duration.ofSeconds(10));
        SpanData ingest = await().atMost(Duration.ofSeconds(5)).until(before::getFinishedSpanItems, l -> l.size() == 2)
                .stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst().orElseThrow();
        herald.close();

        InMemorySpanExporter after = InMemorySpanExporter.create();
        herald = start("[0s, 3s]", after);
        receiver.awaitRequests(2, Duration.ofSeconds(15));
        SpanData retried = await().atMost(Duration.ofSeconds(5)).until(after::getFinishedSpanItems, l -> l.size() == 1)
                .getFirst();
        assertThat(retried.getTraceId()).isEqualTo(ingest.getTraceId());
        assertThat(retried.getParentSpanId()).isEqualTo(ingest.getSpanId());
        assertThat(retried.getAttributes().get(ATTEMPT)).isEqualTo(2);
        assertThat(retried.getAttributes().get(OUTCOME)).isEqualTo("delivered");
    }

    private HeraldServer start(String schedule, InMemorySpanExporter exporter) throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), HeraldExtension.DEFAULT_YAML
                .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: " + schedule)
                + "tracing: { propagate: true }\n");
        HeraldConfig config = ConfigLoader.load(file, Map.of()).withPort(0).withStorePath(dir.resolve("store"));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        HeraldServer server = HeraldServer.start(config, Clock.systemUTC(), new OtelTracing(sdk, true, sdk));
        if (herald == null || !herald.storage().location().equals(server.storage().location())) {
            BosSdk.putRules(server.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("traced",
                    receiver.url("/bos").toString(), SIGNING_KEY, List.of("/"), List.of("PutObject"))));
        }
        return server;
    }

    /** Posts a MinIO webhook body for {@code key}; returns the body. */
    private String ingest(String key) throws Exception {
        String body = MinioWebhook.body(ObjectOperation.put("photos", key).size(3).eTag("e-" + key));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(herald.baseUri() + "/ingest/minio"))
                    .header("Authorization", "Bearer " + MINIO_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        return body;
    }

    private static String requestId(String minioBody) throws Exception {
        return JSON.readTree(minioBody).at("/Records/0/responseElements/x-amz-request-id").asText();
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        assertThat(spans.stream().filter(s -> s.getKind() == kind)).hasSize(1);
        return spans.stream().filter(s -> s.getKind() == kind).findFirst().orElseThrow();
    }

    private static List<SpanData> attempts(List<SpanData> spans) {
        return spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static HttpRequestView view(RecordedRequest push) {
        return new HttpRequestView(push.method(), push.path(), push.query(), push.headers(), push.body());
    }
}

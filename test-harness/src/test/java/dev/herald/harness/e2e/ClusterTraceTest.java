package dev.herald.harness.e2e;

import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.tracing.OtelTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces cross Kafka: an event ingested on one replica and delivered by its partition's owner
 * (often the other) is one trace, its attempts children of the ingest span, the attempt after a
 * stay on the retry topic too; each push's {@code traceparent} names its attempt's span.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterTraceTest {
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("aws.s3.key");
    private static final AttributeKey<String> DELIVERY = AttributeKey.stringKey("herald.delivery.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("herald.attempt");

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final ClusterReplicas replicas = new ClusterReplicas();
    private final List<InMemorySpanExporter> exporters = new ArrayList<>();
    private final RecordingReceiver receiver = RecordingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void anEventIngestedOnOneReplicaIsOneTraceWhereverItIsDelivered(KafkaBroker broker) throws Exception {
        HeraldServer a = replica(broker);
        HeraldServer b = replica(broker);
        BosSdk.putRules(a.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("traced",
                receiver.url("/bos").toString(), "trace-signing-key", List.of("/"), List.of("PutObject"))));
        ClusterReplicas.awaitPartitions(a, b);
        List<String> keys = IntStream.range(0, 8).mapToObj(i -> "traced/" + i + ".jpg").toList();
        // Every first attempt fails: the second comes after a stay on the retry topic.
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        receiver.answerWith(r -> RecordingReceiver.Answer.status(tries.computeIfAbsent(ClusterWire.objectKey(r),
                k -> new AtomicInteger()).incrementAndGet() == 1 ? 500 : 200));
        for (String key : keys) {
            assertThat(ClusterWire.minio(a, "photos", key).statusCode()).isEqualTo(200);
        }

        List<RecordedRequest> pushes = receiver.awaitRequests(2 * keys.size(), Duration.ofSeconds(30));
        List<SpanData> spans = await().atMost(Duration.ofSeconds(10)).until(this::finished,
                l -> l.stream().filter(s -> s.getKind() == SpanKind.CLIENT).count() == 2L * keys.size());
        for (String key : keys) {
            SpanData ingest = spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER && key.equals(s.getAttributes().get(KEY)))
                    .findFirst().orElseThrow();
            assertThat(exporters.getFirst().getFinishedSpanItems()).as("ingested on a").contains(ingest);
            List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                    && s.getTraceId().equals(ingest.getTraceId())).sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
            assertThat(attempts).as(key).hasSize(2).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(ingest.getSpanId()));
            assertThat(attempts.get(0).getAttributes().get(ATTEMPT)).isEqualTo(1);
            assertThat(attempts.get(1).getAttributes().get(ATTEMPT)).as("after the retry topic").isEqualTo(2);
            assertThat(attempts.get(0).getAttributes().get(DELIVERY)).isEqualTo(attempts.get(1).getAttributes().get(DELIVERY));
            List<String> sent = pushes.stream().filter(p -> ClusterWire.objectKey(p).equals(key)).map(p -> p.header("traceparent")).toList();
            assertThat(sent).containsExactlyInAnyOrderElementsOf(attempts.stream().map(s -> "00-" + s.getTraceId() + "-"
                    + s.getSpanId() + "-" + s.getSpanContext().getTraceFlags().asHex()).toList());
        }
        long deliveredByB = exporters.get(1).getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).count();
        assertThat(deliveredByB).as("b owns some of the partitions: those traces crossed replicas").isPositive();
    }

    private List<SpanData> finished() {
        return exporters.stream().flatMap(e -> e.getFinishedSpanItems().stream()).toList();
    }

    private HeraldServer replica(KafkaBroker broker) throws Exception {
        String yaml = ClusterWire.clusterYaml(broker, "traces", 4, "", "5s")
                .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 200ms]")
                + "tracing: { propagate: true }\n";
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        exporters.add(exporter);
        return replicas.start(yaml, new OtelTracing(sdk, true, sdk));
    }
}

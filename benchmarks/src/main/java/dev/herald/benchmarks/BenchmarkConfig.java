package dev.herald.benchmarks;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Herald as the benchmark configures it: its YAML, and the BOS rule that sends every event to the sink. */
final class BenchmarkConfig {
    /** MinIO's webhook token. */
    static final String TOKEN = "bench-token";
    private static final String AK = "bench-ak";
    private static final String SK = "bench-sk";

    private BenchmarkConfig() {
    }

    /**
     * Herald's YAML for the benchmark; {@code breaker}: extra keys for {@code delivery.circuitBreaker}, or null.
     * Pushes to {@link #batchedUrl} of the sink go in batches of up to 100 events.
     */
    static String yaml(List<String> retrySchedule, String breaker, URI sink) {
        return """
                server: { port: 0 }
                credentials: [ { accessKey: %s, secretKey: %s, buckets: ["*"] } ]
                ingest: { minio: { token: %s } }
                delivery: { allowPrivateTargets: true, retrySchedule: [%s], jitter: 0%s,
                  destinations: [ { url: "%s", batch: { maxEvents: 100, maxWait: 50ms } } ] }
                """.formatted(AK, SK, TOKEN, String.join(", ", retrySchedule), breaker == null ? "" : ", " + breaker,
                batchedUrl(sink));
    }

    /** The sink's URL for batched pushes (the sink answers every path alike). */
    static URI batchedUrl(URI sink) {
        return sink.resolve("/sink-batched");
    }

    /**
     * The {@code cluster} section: replica of a cluster on {@code bootstrapServers} with topics
     * {@code <prefix>.*} of {@code partitions} partitions, one broker (replication factor 1), and a
     * broker acknowledgement awaited up to 10 s (a broker and replicas on 2 cores answer slowly).
     */
    static String cluster(String bootstrapServers, String prefix, int partitions) {
        return """
                cluster:
                  kafka: { bootstrapServers: "%s", topicPrefix: %s, partitions: %d, replicationFactor: 1, ackTimeout: 10s }
                """.formatted(bootstrapServers, prefix, partitions);
    }

    /** A BOS rule on bucket {@code bench} (every PutObject) to {@code sink}, signed pushes. */
    static void putBosRule(URI herald, URI sink) throws Exception {
        String rules = """
                {"notifications":[{"id":"bench","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "encryption":{"key":"bench-signing-key"},"apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(sink);
        HttpResponse<String> r = notification(herald, "PUT", rules.getBytes(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("rule not stored: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Waits until {@code herald} answers with the rule {@link #putBosRule} put to {@code sink}
     * (in cluster mode another replica reads it from the rules topic within a poll).
     */
    static void awaitBosRule(URI herald, URI sink, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> r = notification(herald, "GET", null);
        while (r.statusCode() != 200 || !r.body().contains(sink.toString())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Herald on " + herald + " has not the rule to " + sink + " after " + within
                        + ": " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(50);
            r = notification(herald, "GET", null);
        }
    }

    /** A signed BOS {@code ?notification} request for bucket {@code bench}: a PUT of {@code body}, or a GET when it is null. */
    private static HttpResponse<String> notification(URI herald, String method, byte[] body) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(herald.getHost() + ":" + herald.getPort()));
        HttpRequest.Builder request = HttpRequest.newBuilder(herald.resolve("/v1/" + EventBodies.BUCKET + "?notification"));
        if (body == null) {
            request.GET();
        } else {
            headers.put("Content-Type", List.of("application/json; charset=utf-8"));
            headers.put("Content-Length", List.of(Integer.toString(body.length)));
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequestView unsigned = new HttpRequestView(method, "/v1/" + EventBodies.BUCKET, "notification", headers,
                body == null ? new byte[0] : body);
        String auth = BceAuthV1.sign(unsigned, AK, SK, Instant.now(), 1800, List.of());
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}

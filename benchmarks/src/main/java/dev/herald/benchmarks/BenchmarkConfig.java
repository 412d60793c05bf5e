package dev.herald.benchmarks;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /** A BOS rule on bucket {@code bench} (every PutObject) to {@code sink}, signed pushes. */
    static void putBosRule(URI herald, URI sink) throws Exception {
        String rules = """
                {"notifications":[{"id":"bench","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "encryption":{"key":"bench-signing-key"},"apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(sink);
        byte[] body = rules.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(herald.getHost() + ":" + herald.getPort()));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        HttpRequestView unsigned = new HttpRequestView("PUT", "/v1/" + EventBodies.BUCKET, "notification", headers, body);
        String auth = BceAuthV1.sign(unsigned, AK, SK, Instant.now(), 1800, List.of());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(herald.resolve("/v1/" + EventBodies.BUCKET + "?notification"))
                    .header("Content-Type", "application/json; charset=utf-8").header("Authorization", auth)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("rule not stored: " + r.statusCode() + " " + r.body());
            }
        }
    }
}

package dev.herald.sidecar;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.sidecar.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store gauges of a real Herald on a socket: queue depth, oldest pending age on Herald's clock, a failing store. */
class MetricsGaugesTest {
    private static final String PENDING = "herald_deliveries_pending";
    private static final String OLDEST = "herald_deliveries_pending_oldest_age_seconds";
    private static final String DEAD = "herald_deliveries_dead";

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock();
    /** Closed before Herald stops: Jetty's graceful stop would wait for its idle connections. */
    final HttpClient http = HttpClient.newHttpClient();
    HeraldServer server;

    @BeforeEach
    void start() throws Exception {
        Path yaml = dir.resolve("herald.yaml");
        // Nothing listens on port 9: every attempt fails, and the retry after the first is a day away.
        Files.writeString(yaml, """
                server: { port: 0 }
                store: { path: %s }
                ingest:
                  minio: { token: t0k3n }
                credentials:
                  - { accessKey: ak1, secretKey: sk1, buckets: [photos] }
                delivery: { allowPrivateTargets: true, retrySchedule: [0s, 24h], jitter: 0 }
                """.formatted(dir.resolve("data")));
        server = HeraldServer.start(ConfigLoader.load(yaml, Map.of()), clock);
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void queueDepthAndOldestPendingAgeOnHeraldsClock() throws Exception {
        assertThat(putBosRule("http://127.0.0.1:9/bos")).startsWith("HTTP/1.1 200 ");
        assertThat(metric(PENDING)).isZero();
        assertThat(metric(OLDEST)).as("nothing pending").isZero();

        for (String key : List.of("a.jpg", "b.jpg", "c.jpg")) {
            assertThat(ingest(key).body()).contains("\"deliveries\":1");
        }
        awaitMetric("herald_deliveries_total{dialect=\"bos\",host=\"127.0.0.1\",outcome=\"retried\"}", 3);
        assertThat(metric(PENDING)).isEqualTo(3).isEqualTo(server.storage().deliveries().pendingCount());
        assertThat(metric(OLDEST)).isBetween(0.0, 30.0);

        clock.advance(Duration.ofMinutes(90));
        assertThat(metric(OLDEST)).as("90 minutes later on Herald's clock").isBetween(5400.0, 5430.0);
        assertThat(metric(DEAD)).isZero();
        assertThat(metric("herald_events_stored_total{producer=\"minio\"}")).isEqualTo(3);
    }

    @Test
    void storeGaugesReadNaNWhileTheStoreCannotBeReadAndTheScrapeStillAnswers() throws Exception {
        db().read(c -> {
            c.close();
            return null;
        });
        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("\n" + PENDING + " NaN\n", "\n" + OLDEST + " NaN\n", "\n" + DEAD + " NaN\n")
                .contains("herald_ingest_rejected_total");
    }

    /** A clock that tests move forward. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private void awaitMetric(String sample, double value) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric(sample) != value) {
            assertThat(System.nanoTime() - deadline).as(sample + " did not reach " + value).isNegative();
            Thread.sleep(50);
        }
    }

    private double metric(String sample) throws IOException, InterruptedException {
        return get("/metrics").body().lines().filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst().orElse(Double.NaN);
    }

    private HttpResponse<String> ingest(String key) throws IOException, InterruptedException {
        String body = """
                {"EventName":"s3:ObjectCreated:Put","Key":"photos/%1$s","Records":[{"eventVersion":"2.0",
                "eventSource":"minio:s3","eventTime":"2026-11-22T13:34:30.724Z","eventName":"s3:ObjectCreated:Put",
                "s3":{"bucket":{"name":"photos"},"object":{"key":"%1$s","size":3,"eTag":"abc","sequencer":"1"}}}]}"""
                .formatted(key);
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("/ingest/minio")).header("Authorization", "Bearer t0k3n")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUT /v1/photos?notification, signed like the BOS SDK signs it, over a raw socket. */
    private String putBosRule(String url) throws IOException {
        byte[] body = """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(url).getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:" + server.port()));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        headers.put("x-bce-date", List.of(now.toString()));
        String auth = BceAuthV1.sign(new HttpRequestView("PUT", "/v1/photos", "notification", headers, body), "ak1", "sk1", now,
                1800, List.of());
        StringBuilder head = new StringBuilder("PUT /v1/photos?notification HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v.getFirst()).append("\r\n"));
        head.append("Authorization: ").append(auth).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The SQLite file behind the embedded storage, to look at or to break. */
    private dev.herald.sidecar.storage.sqlite.SqliteDatabase db() {
        return ((dev.herald.sidecar.storage.sqlite.SqliteStorage) server.storage()).database();
    }
}

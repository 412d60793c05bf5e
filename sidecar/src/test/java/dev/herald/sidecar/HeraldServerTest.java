package dev.herald.sidecar;

import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real server on a socket: routes, answers and what the store holds after an answer. */
class HeraldServerTest {
    private static final String MINIO_PUT = """
            {"EventName":"s3:ObjectCreated:Put","Key":"photos/a b.jpg","Records":[{"eventVersion":"2.0",
            "eventSource":"minio:s3","eventTime":"2026-11-22T13:34:30.724Z","eventName":"s3:ObjectCreated:Put",
            "s3":{"bucket":{"name":"photos"},"object":{"key":"a+b.jpg","size":3,"eTag":"abc","sequencer":"1"}}}]}""";

    @TempDir
    static Path dir;
    static HeraldServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path yaml = dir.resolve("herald.yaml");
        Files.writeString(yaml, """
                server: { port: 0, maxBodyBytes: 65536 }
                store: { path: %s }
                ingest:
                  minio: { token: t0k3n }
                  ceph: { token: c3ph }
                credentials:
                  - { accessKey: ak1, secretKey: sk1, buckets: [photos] }
                delivery: { allowPrivateTargets: true }
                dialects:
                  bos: { hostSuffix: bos.herald.test }
                """.formatted(dir.resolve("data")));
        HeraldConfig config = ConfigLoader.load(yaml, Map.of());
        server = HeraldServer.start(config, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewDataDirectoryIsOnlyHeraldsToRead() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                .isEqualTo("rwx------");
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(get("/healthz").body())
                .isEqualTo("{\"status\":\"ok\",\"service\":\"herald\",\"version\":\"" + HeraldVersion.current() + "\"}");
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("herald_deliveries_pending");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreRefusedInJson() throws Exception {
        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\":\"no_such_route\"");
        HttpResponse<String> wrongMethod = get("/ingest/minio");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void ingestNeedsTheToken() throws Exception {
        assertThat(post("/ingest/minio", MINIO_PUT, null).statusCode()).isEqualTo(401);
        assertThat(post("/ingest/minio", MINIO_PUT, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(post("/ingest/ceph/wrong", MINIO_PUT, null).statusCode()).isEqualTo(401);
        assertThat(metric("herald_ingest_rejected_total{producer=\"minio\",reason=\"auth\"}")).isEqualTo(2);
        assertThat(metric("herald_ingest_rejected_total{producer=\"ceph\",reason=\"auth\"}")).isEqualTo(1);
    }

    @Test
    void anUnsignedEventBusPushIsARefusalOfTheEventBusProducer() throws Exception {
        HttpResponse<String> r = post("/v1/event-bus/recv", "{\"eventList\":[]}", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(metric("herald_ingest_rejected_total{producer=\"eventbus\",reason=\"auth\"}")).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNotAnEventIs400AndCounted() throws Exception {
        HttpResponse<String> r = post("/ingest/minio", "{\"hello\":1}", "Bearer t0k3n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":\"not_an_event\",\"reason\":\"not a bucket notification");
        assertThat(get("/metrics").body()).containsPattern("herald_ingest_rejected_total\\{[^}]*reason=\"undecodable\"[^}]*} [1-9]");
    }

    /** Raw bytes: an HTTP client still sending the body may see the connection close before the answer. */
    @Test
    void anOversizedBodyIs413() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /ingest/minio HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t0k3n\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ");
        }
        assertThat(metric("herald_ingest_rejected_total{producer=\"minio\",reason=\"too_large\"}")).isEqualTo(1);
        assertThat(metric("herald_ingest_rejected_total{producer=\"ceph\",reason=\"too_large\"}")).isZero();
    }

    @Test
    void anAcceptedEventIsInTheStoreWhenTheAnswerArrives() throws Exception {
        String body = MINIO_PUT.replace("a b.jpg", "stored.jpg").replace("a+b.jpg", "stored.jpg");
        HttpResponse<String> r = post("/ingest/minio", body, "Bearer t0k3n");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"deliveries\":0}");
        assertThat(eventsStoredFor("stored.jpg")).isEqualTo(1);
        assertThat(post("/ingest/minio", body, "t0k3n").body()).as("verbatim token, resent event")
                .isEqualTo("{\"accepted\":0,\"duplicates\":1,\"deliveries\":0}");
    }

    /** A full disk: SQLite fails exactly so when the file may not grow (max_page_count). */
    @Test
    void aStoreThatCannotWriteAnswers503AndRecovers() throws Exception {
        int pages = db().writer().execute(c -> intQuery(c, "PRAGMA page_count"));
        db().writer().execute(c -> intQuery(c, "PRAGMA max_page_count = " + pages));
        // A 30 kB key: more than the pages left (only the event's identity is stored when no rule matches).
        String key = "full" + "x".repeat(30_000) + ".jpg";
        String big = MINIO_PUT.replace("a b.jpg", key).replace("a+b.jpg", key);
        try {
            HttpResponse<String> r = post("/ingest/minio", big, "Bearer t0k3n");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("store_unavailable");
            assertThat(eventsStoredFor(key)).isZero();
            assertThat(metric("herald_ingest_rejected_total{producer=\"minio\",reason=\"store\"}")).isEqualTo(1);
        } finally {
            db().writer().execute(c -> intQuery(c, "PRAGMA max_page_count = 1073741823"));
        }
        assertThat(post("/ingest/minio", big, "Bearer t0k3n").statusCode()).isEqualTo(200);
        assertThat(eventsStoredFor(key)).isEqualTo(1);
    }

    /** Virtual-host style needs a Host header no HTTP client library lets a test set, so: raw bytes. */
    @Test
    void bosVirtualHostRequestsOnTheWire() throws Exception {
        String rules = """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos"}]}]}""";
        String put = rawBosRequest("PUT", "/", "notification", "photos.bos.herald.test:" + server.port(), rules, "sk1");
        assertThat(put).startsWith("HTTP/1.1 200 ").containsIgnoringCase("x-bce-request-id:");
        String get = rawBosRequest("GET", "/v1/photos", "notification", "127.0.0.1:" + server.port(), "", "sk1");
        assertThat(get).startsWith("HTTP/1.1 200 ").contains("\"id\":\"r1\"");
        String other = rawBosRequest("GET", "/", "notification", "videos.bos.herald.test", "", "sk1");
        assertThat(other).startsWith("HTTP/1.1 403 ").contains("\"code\":\"AccessDenied\"");
        String wrongSecret = rawBosRequest("GET", "/", "notification", "photos.bos.herald.test", "", "nope");
        assertThat(wrongSecret).startsWith("HTTP/1.1 400 ").contains("\"code\":\"SignatureDoesNotMatch\"");
    }

    /** Jetty would hand a cached header spelling to Herald; the signature covers what the client sent. */
    @Test
    void signedHeadersReachTheSignatureCheckExactlyAsSent() throws Exception {
        for (String contentType : List.of("application/json;charset=UTF-8", "application/json; charset=utf-8",
                "application/json;charset=utf-8", "application/json; charset=UTF-8", "Application/JSON")) {
            String get = rawBosRequest("GET", "/v1/photos", "notification", "127.0.0.1:" + server.port(), "", "sk1", contentType);
            assertThat(get).as(contentType).startsWith("HTTP/1.1 200 ");
        }
    }

    private static String rawBosRequest(String method, String path, String query, String host, String body, String secret)
            throws IOException {
        return rawBosRequest(method, path, query, host, body, secret, "application/json; charset=utf-8");
    }

    private static String rawBosRequest(String method, String path, String query, String host, String body, String secret,
                                        String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Content-Type", List.of(contentType));
        headers.put("Content-Length", List.of(Integer.toString(bytes.length)));
        headers.put("x-bce-date", List.of(now.toString()));
        String auth = BceAuthV1.sign(new HttpRequestView(method, path, query, headers, bytes), "ak1", secret, now, 1800, List.of());
        StringBuilder head = new StringBuilder(method + " " + path + "?" + query + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v.getFirst()).append("\r\n"));
        head.append("Authorization: ").append(auth).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The value of one sample, e.g. {@code herald_x_total{a="b"}}, in a fresh scrape of /metrics. */
    private static double metric(String sample) throws IOException, InterruptedException {
        return get("/metrics").body().lines().filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(sample + " is not in /metrics"));
    }

    private static int eventsStoredFor(String key) {
        return db().read(c -> intQuery(c, "SELECT count(*) FROM events WHERE object_key = '" + key + "'"));
    }

    private static int intQuery(java.sql.Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    /** The SQLite file behind the embedded storage, to look at or to break. */
    private static dev.herald.sidecar.storage.sqlite.SqliteDatabase db() {
        return ((dev.herald.sidecar.storage.sqlite.SqliteStorage) server.storage()).database();
    }
}

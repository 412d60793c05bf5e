package dev.herald.harness;

import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs Herald in-process for a JUnit 5 test, on a free port with a fresh data directory, plus a
 * {@link RecordingReceiver} to point rules at.
 *
 * <pre>{@code
 * @RegisterExtension
 * static HeraldExtension herald = HeraldExtension.withDefaults();
 *
 * herald.minio(ObjectOperation.put("photos", "a b.jpg").size(10).eTag("abc"));  // as MinIO would
 * herald.receiver().awaitRequests(1, Duration.ofSeconds(5));
 * }</pre>
 *
 * Registered on a static field it starts once per class; on an instance field, once per test.
 * The defaults: credential {@link #ACCESS_KEY}/{@link #SECRET_KEY} on every bucket, ingest
 * tokens {@link #MINIO_TOKEN}/{@link #CEPH_TOKEN}, private targets allowed (the receiver is on
 * loopback) and a fast retry schedule.
 */
public final class HeraldExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final String ACCESS_KEY = "herald-test-ak";
    public static final String SECRET_KEY = "herald-test-sk";
    public static final String MINIO_TOKEN = "minio-test-token";
    public static final String CEPH_TOKEN = "ceph-test-token";

    /** The configuration {@link #withDefaults()} uses; port and data directory are always the extension's own. */
    public static final String DEFAULT_YAML = """
            credentials:
              - { accessKey: %s, secretKey: %s, buckets: ["*"] }
            ingest:
              minio: { token: %s }
              ceph:  { token: %s }
            delivery:
              allowPrivateTargets: true
              retrySchedule: [0s, 200ms, 500ms, 1s, 2s]
              jitter: 0
              requestTimeout: 5s
            """.formatted(ACCESS_KEY, SECRET_KEY, MINIO_TOKEN, CEPH_TOKEN);

    private final Supplier<String> yaml;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private HeraldServer server;
    private RecordingReceiver receiver;
    private boolean perClass;

    private HeraldExtension(Supplier<String> yaml) {
        this.yaml = yaml;
    }

    public static HeraldExtension withDefaults() {
        return new HeraldExtension(() -> DEFAULT_YAML);
    }

    /** Herald with this YAML config (see the README's config reference). */
    public static HeraldExtension withConfig(String yaml) {
        return new HeraldExtension(() -> yaml);
    }

    /**
     * Herald with a config computed at each start, for values known only once the test runs
     * (a backend's port): register the extension on an instance field so that it starts after
     * the class's {@code @BeforeAll}.
     */
    public static HeraldExtension withConfig(Supplier<String> yaml) {
        return new HeraldExtension(yaml);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        startAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            startAll();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stopAll();
        }
    }

    private void startAll() {
        try {
            dataDir = Files.createTempDirectory("herald-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver = RecordingReceiver.start();
        start();
    }

    private void stopAll() {
        stop();
        if (receiver != null) {
            receiver.close();
        }
        deleteRecursively(dataDir);
    }

    /** Starts Herald (again) on the same data directory. */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("Herald is already running");
        }
        try {
            Path file = dataDir.resolve("herald-test.yaml");
            Files.writeString(file, yaml.get());
            HeraldConfig config = ConfigLoader.load(file, Map.of()).withPort(0).withStorePath(dataDir.resolve("store"));
            server = HeraldServer.start(config, Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException("Herald did not start", e);
        }
    }

    /** Stops Herald as a shutdown would; pending deliveries stay in the store. */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public void restart() {
        stop();
        start();
    }

    public HeraldServer server() {
        if (server == null) {
            throw new IllegalStateException("Herald is not running");
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return server().baseUri();
    }

    public RecordingReceiver receiver() {
        return receiver;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Sends the operation to {@code /ingest/minio} as MinIO's webhook target would. */
    public Reply minio(ObjectOperation op) {
        return postMinio(MinioWebhook.body(op));
    }

    /** Sends a raw body to {@code /ingest/minio} with the configured bearer token. */
    public Reply postMinio(String body) {
        return post("/ingest/minio", body, "Bearer " + MINIO_TOKEN);
    }

    /** Sends the operation to {@code /ingest/ceph/{token}} as a Ceph topic's push would. */
    public Reply ceph(ObjectOperation op) {
        return postCeph(CephPush.body(op, ""));
    }

    public Reply postCeph(String body) {
        return post("/ingest/ceph/" + CEPH_TOKEN, body, null);
    }

    /** An answer from Herald. */
    public record Reply(int status, String body) {
    }

    public Reply post(String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

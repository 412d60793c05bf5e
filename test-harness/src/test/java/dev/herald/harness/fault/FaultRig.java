package dev.herald.harness.fault;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.e2e.BosSdk;
import org.junit.jupiter.api.extension.AfterEachCallback;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault test's set-up and tear-down ({@code @RegisterExtension}): a work directory, Herald as
 * herald.jar in a JVM of its own with the fault config ({@link Fault#yaml}), the BOS rule to the
 * test's receiver, MinIO's producer, Herald's metrics; and, after each test, everything the test
 * handed over undone, the last first (as try-with-resources would), then the work directory
 * removed. Herald is killed: nothing is checked after a test, and a Herald on an unwritable store
 * need not shut down cleanly.
 */
final class FaultRig implements BeforeEachCallback, AfterEachCallback {
    private static final HttpClient METRICS_CLIENT = HttpClient.newHttpClient();

    private final Deque<AutoCloseable> undo = new ArrayDeque<>();
    private Path work;
    private HeraldProcess herald;
    private Fault.Producer producer;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        work = Files.createTempDirectory("herald-fault-");
        afterTest(() -> deleteTree(work)); // handed over first, so removed last
    }

    /** This test's work directory: Herald's config and log, its data unless the test puts it elsewhere. */
    Path work() {
        return work;
    }

    /** Starts Herald on a free port with its data in {@code work()/data} and these JVM options. */
    HeraldProcess startHerald(String yaml, List<String> jvmOptions) {
        return startHerald(yaml, work.resolve("data"), jvmOptions);
    }

    /** Starts Herald on a free port with its data in {@code dataDir} and these JVM options. */
    HeraldProcess startHerald(String yaml, Path dataDir, List<String> jvmOptions) {
        return startHerald(yaml, dataDir, jvmOptions, Map.of());
    }

    /** The same with these environment variables (Kubernetes' service links, say). */
    HeraldProcess startHerald(String yaml, Path dataDir, List<String> jvmOptions, Map<String, String> environment) {
        herald = HeraldProcess.create(work, yaml, dataDir, 0, jvmOptions).environment(environment);
        afterTest(herald::kill);
        herald.start();
        producer = new Fault.Producer(herald.baseUri());
        return herald;
    }

    /** A BOS rule on {@link Fault#BUCKET}: every PutObject to {@code url}, put with the official BOS SDK. */
    void putBosRule(URI url) {
        BosSdk.putRules(herald.baseUri(), Fault.ACCESS_KEY, Fault.SECRET_KEY, Fault.BUCKET,
                List.of(BosSdk.rule("fault", url.toString(), "fault-signing-key", List.of("/"), List.of("PutObject"))));
    }

    /** MinIO's webhook target in front of the Herald {@link #startHerald} started. */
    Fault.Producer producer() {
        return producer;
    }

    /** Closes {@code resource} after the test; returns it. */
    <T extends AutoCloseable> T closeAfterTest(T resource) {
        afterTest(resource);
        return resource;
    }

    /** Runs {@code step} after the test, before the steps handed over earlier. */
    void afterTest(AutoCloseable step) {
        undo.push(step);
    }

    /**
     * The sum of a Prometheus series from Herald's {@code /metrics} over the lines that contain
     * {@code labelText} (empty: all), 0 when absent.
     */
    double metric(String name, String labelText) {
        HttpRequest request = HttpRequest.newBuilder(herald.baseUri().resolve("/metrics")).timeout(Duration.ofSeconds(10))
                .GET().build();
        String text;
        try {
            text = METRICS_CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(labelText)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Waits until no delivery is pending in Herald's store: nothing left to deliver, nor to record. */
    void awaitNothingPending(Duration timeout) {
        Fault.await("no delivery pending", timeout, () -> metric("herald_deliveries_pending", "") == 0,
                () -> metric("herald_deliveries_pending", "") + " pending; " + herald.logTail(5));
    }

    void assertNothingDead() {
        assertThat(metric("herald_deliveries_dead", "")).as("dead deliveries").isZero();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failed = null;
        while (!undo.isEmpty()) {
            try {
                undo.pop().close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

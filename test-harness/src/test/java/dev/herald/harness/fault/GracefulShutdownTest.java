package dev.herald.harness.fault;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to herald.jar while pushes are in flight to a slow receiver, as a contract
 * (docs/operations.md, "Shutdown"): {@code /readyz} fails at once, new requests are answered 503,
 * the pushes in flight finish and are recorded within {@code server.shutdownGrace}, and Herald
 * exits 0; pushes that outlast the grace are sent again after the next start. Herald runs with
 * the variables Kubernetes injects for a Service named {@code herald}, which must not stop it.
 */
class GracefulShutdownTest {
    private static final Duration RECEIVER_DELAY = Duration.ofSeconds(3);
    private static final Map<String, String> SERVICE_LINKS = Map.of(
            "HERALD_PORT", "tcp://10.0.0.1:9100",
            "HERALD_SERVICE_HOST", "10.0.0.1",
            "HERALD_SERVICE_PORT", "9100",
            "HERALD_SERVICE_PORT_HTTP", "9100",
            "HERALD_PORT_9100_TCP", "tcp://10.0.0.1:9100",
            "HERALD_PORT_9100_TCP_PROTO", "tcp",
            "HERALD_PORT_9100_TCP_PORT", "9100",
            "HERALD_PORT_9100_TCP_ADDR", "10.0.0.1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    final FaultRig rig = new FaultRig();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigtermDrainsPushesInFlightRefusesNewRequestsAndExitsZero() throws Exception {
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start());
        CountDownLatch inFlight = new CountDownLatch(3);
        receiver.delay(RECEIVER_DELAY).answerWith(r -> {
            inFlight.countDown();
            return RecordingReceiver.Answer.status(200);
        });
        HeraldProcess herald = rig.startHerald(Fault.yaml("[0s, 1s, 1s]"), rig.work().resolve("data"),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), SERVICE_LINKS);
        rig.putBosRule(receiver.url("/bos"));
        rig.producer().ingest("drain/", 3);
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).as("three pushes reached the slow receiver").isTrue();

        long term = System.nanoTime();
        herald.terminate();
        long unreadyMs = awaitUnready(herald.baseUri());
        HttpResponse<String> refused = send(HttpRequest.newBuilder(herald.baseUri().resolve("/ingest/minio"))
                .header("Authorization", "Bearer " + Fault.MINIO_TOKEN).POST(HttpRequest.BodyPublishers.ofString(
                        Fault.event("drain/late.jpg"))).build());
        long refusedMs = (System.nanoTime() - term) / 1_000_000;
        int status = herald.awaitExit(Duration.ofSeconds(30));
        long exitMs = (System.nanoTime() - term) / 1_000_000;
        System.out.printf(Locale.ROOT, "GracefulShutdownTest: /readyz 503 after %d ms, a new ingest 503 at %d ms, exit %d "
                + "after %d ms (receiver answers after %d ms)%n", unreadyMs, refusedMs, status, exitMs, RECEIVER_DELAY.toMillis());

        assertThat(unreadyMs).as("ms until /readyz failed").isLessThan(1_000);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"error\":\"shutting_down\"");
        assertThat(status).as("exit status").isZero();
        assertThat(receiver.requests()).as("the pushes in flight finished before the exit").hasSize(3);
        assertThat(herald.logTail(20)).contains("pushes in flight finished");

        // Their outcome was recorded: nothing is pending after a restart, and nothing is sent again.
        herald.start();
        assertThat(rig.metric("herald_deliveries_pending", "")).isZero();
        Thread.sleep(1_500);
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aPushThatOutlastsTheGraceIsSentAgainAfterTheNextStart() throws Exception {
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start());
        CountDownLatch inFlight = new CountDownLatch(1);
        receiver.delay(Duration.ofSeconds(6)).answerWith(r -> {
            inFlight.countDown();
            return RecordingReceiver.Answer.status(200);
        });
        HeraldProcess herald = rig.startHerald(Fault.yaml("[0s, 1s, 1s]").replace("server: { host: 127.0.0.1 }",
                "server: { host: 127.0.0.1, shutdownGrace: 1s }"), rig.work().resolve("data"), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), Map.of());
        rig.putBosRule(receiver.url("/bos"));
        rig.producer().ingest("outlast/", 1);
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).isTrue();

        long term = System.nanoTime();
        herald.terminate();
        assertThat(herald.awaitExit(Duration.ofSeconds(20))).isZero();
        long exitMs = (System.nanoTime() - term) / 1_000_000;
        System.out.printf(Locale.ROOT, "GracefulShutdownTest: grace 1s, push of 6 s abandoned, exit after %d ms%n", exitMs);
        assertThat(exitMs).as("ms until exit: the grace, not the push").isLessThan(5_000);
        assertThat(herald.logTail(20)).contains("still in flight after server.shutdownGrace");

        receiver.delay(Duration.ZERO);
        herald.start();
        rig.awaitNothingPending(Duration.ofSeconds(20));
        assertThat(receiver.awaitRequests(2, Duration.ofSeconds(20))).as("the abandoned push, then its resend")
                .extracting(r -> Fault.Push.of(r).objectKey()).containsOnly("outlast/0.jpg");
    }

    private static long awaitUnready(URI herald) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10)) {
            try {
                if (send(HttpRequest.newBuilder(herald.resolve("/readyz")).GET().build()).statusCode() == 503) {
                    return (System.nanoTime() - started) / 1_000_000;
                }
            } catch (IOException closed) {
                throw new AssertionError("the port closed before /readyz failed", closed);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("/readyz still ready 10 s after SIGTERM");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One bucket notifies three receivers: a healthy one, a slow one (1 s per answer) and a dead one
 * (nothing listening). The healthy one gets every event as fast as if it were alone; the dead
 * one's circuit opens, so its deliveries wait instead of burning their retries.
 */
class DestinationIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int EVENTS = 20;

    private final RecordingReceiver slow = RecordingReceiver.start().delay(Duration.ofSeconds(1));
    private final RecordingReceiver dead = RecordingReceiver.start();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]\n", """
                      retrySchedule: [0s, 100ms, 100ms, 100ms, 100ms, 100ms]
                      maxConcurrencyPerDestination: 4
                      circuitBreaker: { openFor: 2s }
                    """)
            .replace("requestTimeout: 5s", "requestTimeout: 3s") + AdminApi.CONFIG);
    private final AdminApi admin = new AdminApi(herald::baseUri);

    @AfterEach
    void stopReceivers() {
        slow.close();
    }

    @Test
    void aDeadAndASlowReceiverDoNotDelayAHealthyOne() throws Exception {
        dead.stop();
        RecordingReceiver healthy = herald.receiver();
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(
                BosSdk.rule("dead", dead.url("/dead").toString(), null, List.of("/"), List.of("PutObject")),
                BosSdk.rule("slow", slow.url("/slow").toString(), null, List.of("/"), List.of("PutObject")),
                BosSdk.rule("healthy", healthy.url("/healthy").toString(), null, List.of("/"), List.of("PutObject"))));
        Map<String, Long> acked = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            herald.minio(ObjectOperation.put("photos", "o" + i + ".jpg").size(i).eTag("e" + i));
            acked.put("o" + i + ".jpg", System.currentTimeMillis());
        }
        List<RecordedRequest> got = healthy.awaitRequests(EVENTS, Duration.ofSeconds(5));
        long worst = 0;
        for (RecordedRequest r : got) {
            String key = JSON.readTree(r.body()).findValue("object").asText();
            worst = Math.max(worst, r.receivedAtMillis() - acked.get(key));
        }
        assertThat(worst).as("slowest healthy delivery, ms after its ingest").isLessThan(1_000);
        assertThat(slow.requests().size()).as("the slow receiver is still working through its share")
                .isLessThan(EVENTS);

        JsonNode deadLane = await().atMost(Duration.ofSeconds(5)).until(() -> admin.destination(dead.port()),
                d -> d != null && d.get("timesOpened").asInt() >= 1);
        assertThat(deadLane.get("circuit").asText()).isIn("open", "half_open");
        assertThat(admin.destination(healthy.port()).get("circuit").asText()).isEqualTo("closed");

        slow.awaitRequests(EVENTS, Duration.ofSeconds(15));
        assertThat(admin.deadLetters())
                .as("an open circuit holds the dead receiver's deliveries without spending their six attempts").isEmpty();
        String metrics = HTTP.send(HttpRequest.newBuilder(herald.baseUri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("herald_destinations_open_circuits 1.0");
    }
}

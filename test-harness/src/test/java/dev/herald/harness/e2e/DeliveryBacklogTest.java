package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A destination holds at most {@code maxScheduledPerDestination} deliveries in memory; a longer
 * backlog waits in the store and is loaded in order as the lane drains, and nothing is lost.
 */
class DeliveryBacklogTest {
    private static final int EVENTS = 300;
    private static final int HELD = 10;

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]\n", """
                      retrySchedule: [0s, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms]
                      maxScheduledPerDestination: %d
                      circuitBreaker: { openFor: 500ms }
                    """.formatted(HELD)) + AdminApi.CONFIG);
    private final AdminApi admin = new AdminApi(herald::baseUri);

    @Test
    void aBacklogBeyondTheMemoryShareWaitsInTheStoreAndDrainsCompletely() throws Exception {
        RecordingReceiver receiver = herald.receiver();
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("all",
                receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        receiver.stop();
        // Concurrent senders: their commits share groups and reach the engine out of insertion order,
        // which is when a delivery left in the store must still be loaded later.
        try (ExecutorService senders = Executors.newFixedThreadPool(6)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                int n = i;
                sent.add(senders.submit(() -> herald.minio(ObjectOperation.put("photos", "b" + n + ".jpg").size(n).eTag("e" + n))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        JsonNode lane = admin.destination(receiver.port());
        assertThat(lane.get("held").asInt()).as("deliveries in memory").isLessThanOrEqualTo(HELD);
        assertThat(lane.get("backlogInStore").asBoolean()).isTrue();

        receiver.resume();
        List<RecordedRequest> got = receiver.awaitRequests(EVENTS, Duration.ofSeconds(20));
        Map<String, Long> perDeliveryId = got.stream()
                .collect(Collectors.groupingBy(r -> r.header("X-Herald-Delivery-Id"), Collectors.counting()));
        assertThat(perDeliveryId).hasSize(EVENTS);
        assertThat(perDeliveryId.values()).containsOnly(1L);
        JsonNode drained = await().atMost(Duration.ofSeconds(5)).until(() -> admin.destination(receiver.port()),
                d -> d.get("held").asInt() == 0);
        assertThat(drained.get("backlogInStore").asBoolean()).isFalse();
        assertThat(admin.deadLetters()).isEmpty();
    }
}

package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost when the receiver and Herald restart: events acknowledged while the receiver is
 * down survive a Herald restart and are delivered once it is back, each exactly once, with the
 * same ids on every attempt.
 */
class RestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML.replace(
            "retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "retrySchedule: [0s, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms]\n"
            // Every delivery is to fail before the restart; an open circuit would hold some back unsent.
            + "  circuitBreaker: { enabled: false }"));

    @Test
    void pendingDeliveriesSurviveARestartAndArriveOnceTheReceiverIsBack() throws Exception {
        RecordingReceiver receiver = herald.receiver();
        BosSdk.putRules(herald.baseUri(), HeraldExtension.ACCESS_KEY, HeraldExtension.SECRET_KEY, "photos",
                List.of(BosSdk.rule("r", receiver.url("/bos").toString(), "k3y", List.of("/"), List.of("PutObject"))));

        receiver.stop();
        int n = 20;
        for (int i = 0; i < n; i++) {
            HeraldExtension.Reply reply = herald.minio(ObjectOperation.put("photos", "in/" + i + ".jpg").size(i).eTag("e" + i));
            assertThat(reply.status()).isEqualTo(200);
        }
        // Let a few attempts fail against the closed port, then stop Herald with everything pending.
        await().atMost(Duration.ofSeconds(5)).until(() -> herald.server().storage().deliveries().pendingCount() == n);
        Thread.sleep(700);
        herald.stop();
        herald.start();
        assertThat(herald.server().storage().deliveries().pendingCount()).isEqualTo(n);

        receiver.resume();
        receiver.awaitRequests(n, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> herald.server().storage().deliveries().pendingCount() == 0);
        Thread.sleep(500);
        List<RecordedRequest> got = receiver.requests();

        Map<String, Long> perObject = got.stream().collect(Collectors.groupingBy(r -> object(r), Collectors.counting()));
        assertThat(perObject).hasSize(n).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        assertThat(got).allSatisfy(r -> assertThat(Integer.parseInt(r.header("X-Herald-Attempt"))).isGreaterThan(1));
        Map<String, String> deliveryIds = got.stream().collect(Collectors.toMap(RestartTest::object, r -> r.header("X-Herald-Delivery-Id")));
        assertThat(deliveryIds.values()).doesNotHaveDuplicates();
        assertThat(herald.server().storage().deadLetters().count()).isZero();
    }

    @Test
    void theSameDeliveryKeepsItsIdsAcrossRetries() throws Exception {
        RecordingReceiver receiver = herald.receiver();
        receiver.enqueue(RecordingReceiver.Answer.status(500), RecordingReceiver.Answer.status(503),
                RecordingReceiver.Answer.status(429), RecordingReceiver.Answer.status(201));
        BosSdk.putRules(herald.baseUri(), HeraldExtension.ACCESS_KEY, HeraldExtension.SECRET_KEY, "photos",
                List.of(BosSdk.rule("r", receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        herald.minio(ObjectOperation.put("photos", "a.jpg").size(1).eTag("e"));

        // 500, 503, 429 and then 201 (BOS: only 200 is success) are all retried; the fifth attempt gets 200.
        List<RecordedRequest> got = receiver.awaitRequests(5, Duration.ofSeconds(10));
        assertThat(got).extracting(r -> r.header("X-Herald-Attempt")).containsExactly("1", "2", "3", "4", "5");
        assertThat(got).extracting(r -> r.header("X-Herald-Delivery-Id")).containsOnly(got.getFirst().header("X-Herald-Delivery-Id"));
        Function<RecordedRequest, String> eventId = r -> {
            try {
                return JSON.readTree(r.body()).at("/events/0/eventId").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(got).extracting(eventId).containsOnly(eventId.apply(got.getFirst()));
        await().atMost(Duration.ofSeconds(5)).until(() -> herald.server().storage().deliveries().pendingCount() == 0);
    }

    private static String object(RecordedRequest r) {
        try {
            return JSON.readTree(r.body()).at("/events/0/content/object").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

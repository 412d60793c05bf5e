package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Attempt;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.herald.sidecar.delivery.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The retry schedule, Retry-After and the dead letters, on a test clock. */
class RetryLadderTest {
    private static final String URL = "http://hooks.test:8080/cb";

    @Test
    void aFailingDeliveryIsTriedOnTheScheduleThenDeadLettered() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 5s]");
        rig.transport.answer(r -> status(500));
        rig.submit(DeliveryRig.push("d1", URL, "a"));
        rig.advance(Duration.ofSeconds(10), Duration.ofMillis(100));

        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 1_000L, 6_000L);
        assertThat(rig.transport.sent).extracting(s -> s.header("X-Herald-Attempt")).containsExactly("1", "2", "3");
        assertThat(rig.queue.dead).containsOnlyKeys("d1");
        assertThat(rig.queue.attempts.get("d1")).extracting(Attempt::number, Attempt::status, Attempt::error)
                .containsExactly(tuple(1, 500, "HTTP 500"), tuple(2, 500, "HTTP 500"), tuple(3, 500, "HTTP 500"));
        assertThat(rig.dispatcher.heldCount()).as("the dead letter left memory").isZero();
    }

    @Test
    void aSuccessAfterFailuresRemovesTheDelivery() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 1s, 1s]");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] < 3 ? ScriptedTransport.noAnswer() : status(200));
        rig.submit(DeliveryRig.push("d1", URL, "a"));
        rig.advance(Duration.ofSeconds(5), Duration.ofMillis(100));

        assertThat(rig.transport.sent).hasSize(3);
        assertThat(rig.queue.delivered).containsExactly("d1");
        assertThat(rig.queue.pendingSize()).isZero();
        assertThat(rig.queue.dead).isEmpty();
    }

    @Test
    void retryAfterIsHonouredBeyondTheSchedule() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 1s]");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] == 1 ? status(429, 3_000) : status(200));
        rig.submit(DeliveryRig.push("d1", URL, "a"));
        rig.advance(Duration.ofSeconds(5), Duration.ofMillis(100));

        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 3_000L);
        assertThat(rig.queue.delivered).containsExactly("d1");
    }

    @Test
    void retryAfterIsCappedAtMaxRetryAfterBeyondTheBackoff() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 1s]\nmaxRetryAfter: 2s");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] == 1 ? status(503, 3_600_000) : status(200));
        rig.submit(DeliveryRig.push("d1", URL, "a"));
        rig.advance(Duration.ofSeconds(5), Duration.ofMillis(100));

        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 3_000L);
    }

    @Test
    void a410DisablesTheUrlAndLaterDeliveriesDieUnsent() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 1s]");
        rig.transport.answer(r -> status(410));
        rig.submit(DeliveryRig.push("d1", URL, "a"));
        assertThat(rig.queue.dead).as("no retry after 410").containsOnlyKeys("d1");
        assertThat(rig.disabled.isDisabled(URL)).isTrue();
        assertThat(rig.disabledRows).singleElement().satisfies(d -> assertThat(d.reason()).contains("410").contains("d1"));

        rig.submit(DeliveryRig.push("d2", URL, "b"));
        assertThat(rig.transport.sent).as("d2 was never sent").hasSize(1);
        assertThat(rig.queue.dead).containsOnlyKeys("d1", "d2");
        assertThat(rig.queue.attempts.get("d2")).singleElement()
                .satisfies(a -> assertThat(a.error()).startsWith("not sent: the target answered 410 Gone before"));

        rig.disabled.enable(URL);
        rig.transport.answer(r -> status(200));
        rig.submit(DeliveryRig.push("d3", URL, "c"));
        assertThat(rig.queue.delivered).containsExactly("d3");
    }

    @Test
    void aClientErrorIsRetriedButDoesNotCountAgainstTheReceiver() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s]\ncircuitBreaker: { minimumAttempts: 2, failureRate: 0.5 }");
        rig.transport.answer(r -> status(400));
        for (int i = 0; i < 4; i++) {
            rig.submit(DeliveryRig.push("d" + i, URL, "k" + i));
        }
        rig.advance(Duration.ofSeconds(2), Duration.ofMillis(100));
        assertThat(rig.transport.sent).as("every attempt went out: 400 says the receiver is up").hasSize(8);
        assertThat(rig.dispatcher.destinations()).singleElement().satisfies(d -> assertThat(d.circuit()).isEqualTo("closed"));
    }
}

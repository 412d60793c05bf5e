package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.sidecar.delivery.ScriptedTransport.noAnswer;
import static dev.herald.sidecar.delivery.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Per destination: the circuit breaker, the rate limit, FIFO per object and the share of memory, on a test clock. */
class IsolationTest {
    private static final String DEAD = "http://dead.test/cb";
    private static final String HEALTHY = "http://healthy.test/cb";

    @Test
    void anOpenCircuitHoldsDeliveriesWithoutSpendingTheirBudgetThenOneProbeClosesIt() {
        DeliveryRig rig = new DeliveryRig("""
                retrySchedule: [0s, 1s, 1s, 1s]
                circuitBreaker: { minimumAttempts: 4, failureRate: 0.5, window: 1m, openFor: 30s }""");
        boolean[] up = {false};
        rig.transport.answer(r -> r.url().equals(HEALTHY) || up[0] ? status(200) : noAnswer());
        for (int i = 0; i < 10; i++) {
            rig.submit(DeliveryRig.push("dead" + i, DEAD, "k" + i));
        }
        rig.submit(DeliveryRig.push("ok", HEALTHY, "k"));
        assertThat(rig.queue.delivered).as("the healthy destination is not held up").containsExactly("ok");
        assertThat(rig.transport.timesSentTo(DEAD)).as("the circuit opened after 4 failed attempts").hasSize(4);

        rig.advance(Duration.ofSeconds(29), Duration.ofSeconds(1));
        assertThat(rig.transport.timesSentTo(DEAD)).as("nothing while open").hasSize(4);
        assertThat(rig.queue.dead).as("waiting spends no budget").isEmpty();
        assertThat(rig.dispatcher.destinations()).filteredOn(d -> d.destination().equals("http://dead.test:80"))
                .singleElement().satisfies(d -> {
                    assertThat(d.circuit()).isEqualTo("open");
                    assertThat(d.timesOpened()).isEqualTo(1);
                });

        up[0] = true;
        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(500));
        assertThat(rig.queue.delivered).as("the probe succeeded and the rest followed").hasSize(11);
        assertThat(rig.queue.dead).isEmpty();
        assertThat(rig.dispatcher.heldCount()).isZero();
    }

    @Test
    void aFailedProbeOpensTheCircuitAgain() {
        DeliveryRig rig = new DeliveryRig("""
                retrySchedule: [0s, 1s, 1s, 1s, 1s, 1s]
                circuitBreaker: { minimumAttempts: 2, failureRate: 0.5, openFor: 10s }""");
        rig.transport.answer(r -> noAnswer());
        rig.submit(DeliveryRig.push("a", DEAD, "a"), DeliveryRig.push("b", DEAD, "b"), DeliveryRig.push("c", DEAD, "c"));
        assertThat(rig.transport.sent).hasSize(2);
        rig.advance(Duration.ofSeconds(10), Duration.ofMillis(500));
        assertThat(rig.transport.sent).as("one probe at 10 s").hasSize(3);
        rig.advance(Duration.ofSeconds(9), Duration.ofMillis(500));
        assertThat(rig.transport.sent).as("open again for 10 s").hasSize(3);
        assertThat(rig.dispatcher.destinations()).singleElement().satisfies(d -> assertThat(d.timesOpened()).isEqualTo(2));
    }

    @Test
    void theRateLimitSpacesRequestsAndKeepsTheirOrder() {
        DeliveryRig rig = new DeliveryRig("rateLimit: 2\nburst: 1");
        List<Delivery> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(DeliveryRig.push("d" + i, HEALTHY, "k" + i));
        }
        rig.submit(five.toArray(Delivery[]::new));
        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(50));

        assertThat(rig.transport.timesSentTo(HEALTHY)).extracting(rig::sinceStart).containsExactly(0L, 500L, 1_000L, 1_500L,
                2_000L);
        assertThat(rig.transport.idsSent()).containsExactly("d0", "d1", "d2", "d3", "d4");
    }

    @Test
    void aFifoDestinationSendsOneObjectsDeliveriesInOrderAndDoesNotHoldUpOtherObjects() {
        DeliveryRig rig = new DeliveryRig("""
                retrySchedule: [0s, 2s, 2s]
                destinations: [ { url: "http://healthy.test/", fifo: true } ]""");
        int[] calls = {0};
        rig.transport.answer(r -> r.headers().get("X-Herald-Delivery-Id").equals("first") && ++calls[0] == 1
                ? status(500) : status(200));
        rig.submit(DeliveryRig.push("first", HEALTHY, "photo"), DeliveryRig.push("second", HEALTHY, "photo"),
                DeliveryRig.push("other", HEALTHY, "another"));
        assertThat(rig.transport.idsSent()).as("second waits behind the failed first; other is not held up")
                .containsExactly("first", "other");

        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(100));
        assertThat(rig.transport.idsSent()).containsExactly("first", "other", "first", "second");
        assertThat(rig.transport.timesSentTo(HEALTHY)).extracting(rig::sinceStart).containsExactly(0L, 0L, 2_000L, 2_000L);
    }

    @Test
    void withoutFifoALaterDeliveryOfTheSameObjectDoesNotWait() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 2s]");
        rig.transport.answer(r -> r.headers().get("X-Herald-Delivery-Id").equals("first") ? status(500) : status(200));
        rig.submit(DeliveryRig.push("first", HEALTHY, "photo"), DeliveryRig.push("second", HEALTHY, "photo"));
        assertThat(rig.transport.idsSent()).containsExactly("first", "second");
    }

    @Test
    void aDeliveryLeftInTheQueueOutOfOrderIsLoadedOnceThereIsRoom() {
        int held = 10;
        DeliveryRig rig = new DeliveryRig("maxScheduledPerDestination: " + held + "\nmaxConcurrencyPerDestination: 64");
        rig.transport.answer(r -> status(200));
        List<Delivery> stored = new ArrayList<>();
        for (int i = 0; i < held + 2; i++) {
            stored.addAll(rig.queue.store(List.of(DeliveryRig.push("d" + i, HEALTHY, "k" + i))));
        }
        // Commits reach the dispatcher out of queue order: the share fills with a later row, and the
        // earlier one must wait in the queue and still be loaded.
        for (int i = 0; i < held - 1; i++) {
            rig.dispatcher.admit(List.of(stored.get(i)));
        }
        rig.dispatcher.admit(List.of(stored.get(held)));
        rig.dispatcher.admit(List.of(stored.get(held - 1)));
        rig.dispatcher.admit(List.of(stored.get(held + 1)));
        assertThat(rig.dispatcher.heldCount()).isEqualTo(held);
        assertThat(rig.dispatcher.destinations()).singleElement().satisfies(d -> assertThat(d.backlogInStore()).isTrue());

        rig.run();
        assertThat(rig.queue.delivered).as("every delivery, the one left in the queue too").hasSize(held + 2)
                .doesNotHaveDuplicates();
        assertThat(rig.queue.pendingSize()).isZero();
    }

    @Test
    void afterARestartEveryPendingDeliveryIsLoadedAgain() {
        DeliveryRig rig = new DeliveryRig("maxScheduledPerDestination: 10");
        for (int i = 0; i < 25; i++) {
            rig.queue.store(List.of(DeliveryRig.push("d" + i, i % 2 == 0 ? HEALTHY : DEAD, "k" + i)));
        }
        rig.dispatcher.recover();
        rig.run();
        assertThat(rig.queue.delivered).hasSize(25).doesNotHaveDuplicates();
    }
}

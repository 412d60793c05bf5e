package dev.herald.sidecar.delivery;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.herald.sidecar.delivery.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Batched pushes ({@code delivery.destinations[].batch}) on a test clock: what one request carries, retries, dead letters, FIFO. */
class BatchTest {
    private static final String URL = "http://hooks.test:8080/batch";

    private static DeliveryRig rig(String batch, String more) {
        return new DeliveryRig(more + "\ndestinations: [ { url: \"" + URL + "\", batch: " + batch + " } ]");
    }

    /** A KS3 callback of object {@code key}, one record, as the KS3 renderer shapes it. */
    private static Delivery record(String id, String key, String method) {
        OutboundPush push = new OutboundPush(id, Ks3Dialect.ID, "b", "rule", URL, method, "application/json",
                ("{\"Records\":[{\"key\":\"" + key + "\"}]}").getBytes(StandardCharsets.UTF_8), null, "e-" + id);
        return Delivery.fresh("event-" + id, push, "b/" + key, DeliveryRig.START.toEpochMilli());
    }

    private static Delivery record(String id, String key) {
        return record(id, key, "POST");
    }

    private static List<String> bodies(DeliveryRig rig) {
        return rig.transport.sent.stream().map(s -> new String(s.request().body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void dueDeliveriesGoUpToMaxEventsPerRequestWithEveryIdInOrder() {
        DeliveryRig rig = rig("{ maxEvents: 3, maxWait: 0s }", "");
        List<Delivery> stored = rig.submit(record("d0", "k0"), record("d1", "k1"), record("d2", "k2"), record("d3", "k3"),
                record("d4", "k4"), record("d5", "k5"), record("d6", "k6"));

        assertThat(bodies(rig)).containsExactly(
                "{\"Records\":[{\"key\":\"k0\"},{\"key\":\"k1\"},{\"key\":\"k2\"}]}",
                "{\"Records\":[{\"key\":\"k3\"},{\"key\":\"k4\"},{\"key\":\"k5\"}]}",
                "{\"Records\":[{\"key\":\"k6\"}]}");
        assertThat(rig.transport.idsSent()).containsExactly("d0,d1,d2", "d3,d4,d5", "d6");
        ScriptedTransport.Sent first = rig.transport.sent.getFirst();
        assertThat(first.header("X-Herald-Attempt")).isEqualTo("1,1,1");
        assertThat(first.header("X-Herald-Batch-Id"))
                .isEqualTo(PushBatch.of(stored.subList(0, 3).stream().map(Delivery::push).toList()).id());
        assertThat(rig.transport.sent.getLast().header("X-Herald-Batch-Id")).as("one push alone is no batch").isNull();
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(rig.queue.delivered).containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6");
        assertThat(rig.dispatcher.heldCount()).isZero();
    }

    @Test
    void aBatchSaysWhichOfItsEventsHeraldReconciled() {
        DeliveryRig rig = rig("{ maxEvents: 2, maxWait: 0s }", "");
        Delivery found = record("d1", "k1");
        rig.submit(record("d0", "k0"), new Delivery(found.id(), ObjectEvent.RECONCILE_ID_PREFIX + "d1", found.targetUrl(),
                found.origin(), found.orderKey(), 0, found.createdAt(), 0, found.dueAt(), found.push()),
                record("d2", "k2"), record("d3", "k3"));
        assertThat(rig.transport.idsSent()).containsExactly("d0,d1", "d2,d3");
        assertThat(rig.transport.sent.getFirst().header("X-Herald-Reconciled")).isEqualTo("false,true");
        assertThat(rig.transport.sent.getLast().header("X-Herald-Reconciled")).isNull();
    }

    @Test
    void aBatchThatIsNotFullWaitsMaxWaitFromItsFirstDelivery() {
        DeliveryRig rig = rig("{ maxEvents: 10, maxWait: 50ms }", "");
        rig.submit(record("d0", "k0"), record("d1", "k1"));
        assertThat(rig.transport.sent).as("not full, not yet due").isEmpty();

        rig.advance(Duration.ofMillis(100), Duration.ofMillis(10));

        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(50L);
        assertThat(rig.transport.idsSent()).containsExactly("d0,d1");
    }

    @Test
    void aFullBatchGoesAtOnce() {
        DeliveryRig rig = rig("{ maxEvents: 2, maxWait: 1m }", "");
        rig.submit(record("d0", "k0"), record("d1", "k1"), record("d2", "k2"));

        assertThat(rig.transport.idsSent()).containsExactly("d0,d1");
        rig.advance(Duration.ofSeconds(61), Duration.ofSeconds(1));
        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 60_000L);
    }

    @Test
    void aFailedBatchIsRetriedWholeAndItsMembersAreDeadLetteredEachWithItsAttemptLog() {
        DeliveryRig rig = rig("{ maxEvents: 10, maxWait: 0s }", "retrySchedule: [0s, 1s]");
        rig.transport.answer(r -> status(500));
        rig.submit(record("d0", "k0"), record("d1", "k1"), record("d2", "k2"));
        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(100));

        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 1_000L);
        assertThat(rig.transport.idsSent()).containsExactly("d0,d1,d2", "d0,d1,d2");
        assertThat(rig.transport.sent.getLast().header("X-Herald-Attempt")).isEqualTo("2,2,2");
        assertThat(rig.queue.dead).containsOnlyKeys("d0", "d1", "d2");
        for (String id : List.of("d0", "d1", "d2")) {
            assertThat(rig.queue.attempts.get(id)).extracting(Attempt::number, Attempt::status, Attempt::error)
                    .containsExactly(tuple(1, 500, "HTTP 500"), tuple(2, 500, "HTTP 500"));
        }
        assertThat(rig.queue.delivered).isEmpty();
        assertThat(rig.dispatcher.heldCount()).isZero();
    }

    @Test
    void aBatchSucceedingOnRetryDeliversEveryMemberOnce() {
        DeliveryRig rig = rig("{ maxEvents: 10, maxWait: 0s }", "retrySchedule: [0s, 1s, 1s]");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] == 1 ? ScriptedTransport.noAnswer() : status(200));
        rig.submit(record("d0", "k0"), record("d1", "k1"));
        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(100));

        assertThat(rig.transport.idsSent()).containsExactly("d0,d1", "d0,d1");
        assertThat(rig.queue.delivered).containsExactly("d0", "d1");
        assertThat(rig.queue.attempts.get("d0")).extracting(Attempt::number, Attempt::error)
                .containsExactly(tuple(1, "connection refused"));
        assertThat(rig.queue.pendingSize()).isZero();
    }

    @Test
    void aFifoDestinationKeepsEachObjectsOrderAcrossBatches() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s, 1s, 1s]\ndestinations: [ { url: \"" + URL
                + "\", fifo: true, batch: { maxEvents: 10, maxWait: 0s } } ]");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] == 1 ? status(503) : status(200));
        rig.submit(record("a1", "a"), record("a2", "a"), record("b1", "b"), record("a3", "a"), record("b2", "b"));
        rig.advance(Duration.ofSeconds(3), Duration.ofMillis(100));

        assertThat(rig.transport.idsSent()).as("a2 waits until a1 is delivered, a3 until a2")
                .containsExactly("a1,b1", "a1,b1", "a2,b2", "a3");
        assertThat(rig.transport.timesSentTo(URL)).extracting(rig::sinceStart).containsExactly(0L, 1_000L, 1_000L, 1_000L);
        assertThat(rig.queue.delivered).containsExactly("a1", "b1", "a2", "b2", "a3");
    }

    @Test
    void pushesThatCannotShareARequestGoInRequestsOfTheirOwn() {
        DeliveryRig rig = rig("{ maxEvents: 10, maxWait: 0s }", "");
        Delivery notAList = DeliveryRig.push("x", URL, "x");
        rig.submit(record("d0", "k0"), record("p0", "k1", "PUT"), record("d1", "k2"), notAList, record("p1", "k3", "PUT"));

        assertThat(rig.transport.idsSent()).containsExactly("d0,d1", "p0,p1", "x");
        assertThat(rig.transport.sent).extracting(s -> s.request().method()).containsExactly("POST", "PUT", "POST");
        assertThat(rig.queue.delivered).containsExactlyInAnyOrder("d0", "d1", "p0", "p1", "x");
    }

    @Test
    void otherUrlsOfTheDestinationAreNotBatched() {
        DeliveryRig rig = rig("{ maxEvents: 10, maxWait: 0s }", "");
        rig.submit(DeliveryRig.push("o1", "http://hooks.test:8080/other", "a"), record("d0", "k0"),
                DeliveryRig.push("o2", "http://hooks.test:8080/other", "b"), record("d1", "k1"));

        assertThat(rig.transport.idsSent()).containsExactly("o1", "d0,d1", "o2");
        assertThat(rig.queue.delivered).containsExactlyInAnyOrder("o1", "d0", "d1", "o2");
    }
}

package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets a replica may commit: only below records whose every delivery is delivered,
 * dead-lettered or parked; a record read again settles at once; a handed-over partition's
 * deliveries are gone from memory.
 */
class KafkaDeliveryQueueTest {
    private static final TopicPartition EVENTS = new TopicPartition("herald.events", 0);

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final KafkaDeliveryQueue queue = new KafkaDeliveryQueue(new RetryParking(producer, "herald.retry"),
            url -> url.contains("fifo"));

    @Test
    void theCommittableOffsetStopsAtTheFirstRecordWithAnOpenDelivery() {
        PartitionLedger ledger = queue.ledger(EVENTS, 0);
        List<Delivery> first = queue.take(EVENTS, 0, List.of(delivery("a1", "http://h/1"), delivery("a2", "http://h/2")),
                List.of(), "put", "k", null, 0);
        List<Delivery> second = queue.take(EVENTS, 1, List.of(delivery("b1", "http://h/1")), List.of(), "put", "k", null, 0);
        queue.take(EVENTS, 2, List.of(), List.of(), "put", "k", null, 0); // an event no rule matched
        assertThat(ledger.toCommit()).isZero();

        queue.delivered(List.of(second.getFirst()));
        assertThat(ledger.toCommit()).as("record 0 still has two open deliveries").isZero();
        queue.delivered(List.of(first.get(0)));
        assertThat(ledger.toCommit()).isZero();
        queue.delivered(List.of(first.get(1)));
        assertThat(ledger.toCommit()).isEqualTo(3);
        ledger.committed(3);
        assertThat(ledger.toCommit()).as("nothing new to commit").isEqualTo(-1);
    }

    @Test
    void aFailedAttemptParksTheDeliveryAndSettlesItsRecordButAFifoOneWaitsInPlace() {
        PartitionLedger ledger = queue.ledger(EVENTS, 10);
        Delivery plain = queue.take(EVENTS, 10, List.of(delivery("p", "http://h/1")), List.of(), "put", "k", null, 0).getFirst();
        Delivery fifo = queue.take(EVENTS, 11, List.of(delivery("f", "http://fifo/1")), List.of(), "put", "k", null, 0).getFirst();
        Attempt failed = new Attempt(1, 0, 5, 503, "HTTP 503", -1);

        queue.retryLater(plain, failed, 5_000).join();
        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().getFirst().key()).isEqualTo("photos/k");
        assertThat(queue.load(plain)).as("parked: its partition's owner reads it back from the retry topic").isEmpty();

        queue.retryLater(fifo, failed, 5_000).join();
        assertThat(producer.history()).as("a FIFO delivery is not parked").hasSize(1);
        assertThat(queue.load(fifo)).get().extracting(Delivery::attempts, Delivery::dueAt).containsExactly(1, 5_000L);
        assertThat(ledger.toCommit()).as("record 10 settled, 11 open").isEqualTo(11);
    }

    @Test
    void aRecordReadAgainSettlesAtOnceAndAHandedOverPartitionIsDropped() {
        PartitionLedger ledger = queue.ledger(EVENTS, 0);
        queue.take(EVENTS, 0, List.of(delivery("a", "http://h/1")), List.of(), "put", "k", null, 0);
        assertThat(queue.take(EVENTS, 1, List.of(delivery("a", "http://h/1")), List.of(), "put", "k", null, 0))
                .as("the same delivery id already held").isEmpty();
        assertThat(queue.pendingCount()).isEqualTo(1);
        assertThat(queue.pendingAfter("http://h:80", 0, 10)).extracting(Delivery::id).containsExactly("a");

        queue.drop(List.of(EVENTS));
        assertThat(queue.pendingCount()).isZero();
        assertThat(queue.origins()).isEmpty();
        assertThat(queue.ledgers()).doesNotContainKey(EVENTS);
        assertThat(ledger.toCommit()).isZero();
    }

    @Test
    void deliveriesWaitingPastTheirTimeAreParkedOnce() {
        queue.ledger(EVENTS, 0);
        queue.take(EVENTS, 0, List.of(delivery("w", "http://h/1"), delivery("q", "http://fifo/1")), List.of(), "put", "k", null, 1_000);
        assertThat(queue.parkWaiting(500, 9_000)).isZero();
        assertThat(queue.parkWaiting(2_000, 9_000)).as("the FIFO one waits in place").isEqualTo(1);
        assertThat(queue.parkWaiting(2_000, 9_000)).as("already on its way").isZero();
        KafkaCodec.ParkedRecord parked = KafkaCodec.read(producer.history().getFirst().value(), KafkaCodec.ParkedRecord.class);
        assertThat(parked.delivery().id()).isEqualTo("w");
        assertThat(parked.delivery().dueAt()).isEqualTo(9_000);
        assertThat(new String(parked.delivery().push().body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"w\"}");
        assertThat(queue.pendingCount()).isEqualTo(1);
    }

    @Test
    void aPartitionHandedOverParksWhatItHoldsSoThatItsRecordsSettle() {
        PartitionLedger ledger = queue.ledger(EVENTS, 0);
        TopicPartition other = new TopicPartition("herald.events", 1);
        queue.ledger(other, 0);
        queue.take(EVENTS, 0, List.of(later("a", "http://h/1"), later("q", "http://fifo/1")), List.of(), "put", "k",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0);
        queue.take(EVENTS, 1, List.of(later("b", "http://h/2")), List.of(), "put", "k", null, 0);
        queue.take(EVENTS, 2, List.of(delivery("now", "http://h/2")), List.of(), "put", "k", null, 0);
        queue.take(other, 0, List.of(later("c", "http://h/3")), List.of(), "put", "k", null, 0);

        queue.handOver(List.of(EVENTS), 1_000).join();
        assertThat(producer.history()).extracting(r -> KafkaCodec.read(r.value(), KafkaCodec.ParkedRecord.class).delivery().id())
                .as("not the FIFO one, not one due (its attempt under way), not another partition's")
                .containsExactlyInAnyOrder("a", "b");
        KafkaCodec.ParkedRecord a = producer.history().stream().map(r -> KafkaCodec.read(r.value(), KafkaCodec.ParkedRecord.class))
                .filter(r -> r.delivery().id().equals("a")).findFirst().orElseThrow();
        assertThat(a.traceContext()).as("its trace goes with it").isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(ledger.toCommit()).as("the FIFO delivery's record stays open").isZero();
        assertThat(queue.pendingCount()).isEqualTo(3);
        assertThat(queue.heldFrom("herald.events")).as("counted by the topic they were read from").isEqualTo(3);
        assertThat(queue.traceContext("q")).hasValue("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void itsParkedRecordReadBackBeforeTheAckTakesOver() {
        MockProducer<String, byte[]> slow = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        KafkaDeliveryQueue slowQueue = new KafkaDeliveryQueue(new RetryParking(slow, "herald.retry"), url -> false);
        PartitionLedger events = slowQueue.ledger(EVENTS, 0);
        TopicPartition retry = new TopicPartition("herald.retry", 0);
        PartitionLedger retries = slowQueue.ledger(retry, 0);
        Delivery d = slowQueue.take(EVENTS, 0, List.of(delivery("a", "http://h/1")), List.of(), "put", "k", null, 0).getFirst();

        var parked = slowQueue.retryLater(d, new Attempt(1, 0, 5, 503, "HTTP 503", -1), 5_000);
        KafkaCodec.ParkedRecord record = KafkaCodec.read(slow.history().getFirst().value(), KafkaCodec.ParkedRecord.class);
        assertThat(slowQueue.take(retry, 0, List.of(record.delivery()), record.log(), "put", "k", null, 0))
                .as("read back before the broker's ack reached the parking side: it takes over").hasSize(1);
        slow.completeNext();
        parked.join();

        assertThat(slowQueue.load(d)).get().extracting(Delivery::attempts).isEqualTo(1);
        assertThat(slowQueue.pendingAfter("http://h:80", 0, 10)).hasSize(1);
        assertThat(slowQueue.heldFrom("herald.events")).isZero();
        assertThat(slowQueue.heldFrom("herald.retry")).isEqualTo(1);
        assertThat(events.toCommit()).as("its first record settled").isEqualTo(1);
        assertThat(retries.toCommit()).as("its parked record open").isZero();
    }

    /** A delivery waiting for an attempt at 5 s. */
    private static Delivery later(String id, String url) {
        return delivery(id, url).dueAt(5_000);
    }

    private static Delivery delivery(String id, String url) {
        OutboundPush push = new OutboundPush(id, "bos", "photos", "r1", url, "POST", "application/json",
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "sk", "e-" + id);
        return Delivery.fresh("e-" + id, push, "photos/k", 0);
    }
}

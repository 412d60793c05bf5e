package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.DeferredJob;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.CloudfuncJobStore.DueJob;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.kafka.KafkaCodec.EventRecord;
import dev.herald.sidecar.storage.kafka.KafkaCodec.ParkedRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloudfunc jobs in cluster mode: a job holds its event's record open until it is over; a failed
 * attempt and a result push go to the retry topic, keyed like the event, before the record settles;
 * a record read again brings no second job; a handed-over partition's jobs are gone.
 */
class KafkaCloudfuncJobsTest {
    private static final TopicPartition EVENTS = new TopicPartition("herald.events", 3);
    private static final String EVENT_JSON = "{\"id\":\"ev1\",\"bucket\":\"photos\",\"key\":\"a b.png\"}";

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final RetryParking parking = new RetryParking(producer, "herald.retry");
    private final KafkaDeliveryQueue queue = new KafkaDeliveryQueue(parking, url -> false);
    private final KafkaCloudfuncJobs jobs = new KafkaCloudfuncJobs(queue.ledgers(), parking, Duration.ofSeconds(5));
    private final PartitionLedger ledger = queue.ledger(EVENTS, 0);

    @Test
    void aJobHoldsItsRecordUntilItsResultIsOnTheRetryTopic() {
        AtomicInteger woken = new AtomicInteger();
        jobs.onTaken(woken::incrementAndGet);
        take(0, event(), 1_000);

        assertThat(woken).as("the runner is woken").hasValue(1);
        assertThat(jobs.due(999, 10)).as("not yet due").isEmpty();
        DueJob due = jobs.due(1_000, 10).getFirst();
        assertThat(due).isEqualTo(new DueJob("job-1", "ev1", EVENT_JSON, "qingstor", "photos", "thumbs", 0));
        assertThat(ledger.toCommit()).as("its delivery is settled, its job is not").isZero();

        Delivery result = result();
        assertThat(jobs.finish("job-1", Optional.of(result))).as("the partition's owner admits it from the retry topic").isEmpty();
        ProducerRecord<String, byte[]> parked = producer.history().getFirst();
        assertThat(parked.key()).as("the event's partition").isEqualTo("photos/a b.png");
        ParkedRecord r = KafkaCodec.read(parked.value(), ParkedRecord.class);
        assertThat(r.job()).isNull();
        assertThat(r.delivery().id()).isEqualTo("result-1");
        assertThat(r.delivery().dueAt()).isEqualTo(2_000);
        assertThat(new String(r.delivery().push().body(), StandardCharsets.UTF_8)).isEqualTo("{\"result\":1}");
        assertThat(r.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(ledger.toCommit()).as("settled once its result is parked").isEqualTo(1);
        assertThat(jobs.heldCount()).isZero();
    }

    @Test
    void aFailedAttemptParksTheJobWithItsDueTimeAndAttempts() {
        take(0, event(), 1_000);
        jobs.retryLater("job-1", 6_000, "backend down");

        ProducerRecord<String, byte[]> parked = producer.history().getFirst();
        assertThat(parked.key()).isEqualTo("photos/a b.png");
        ParkedRecord r = KafkaCodec.read(parked.value(), ParkedRecord.class);
        assertThat(r.delivery()).isNull();
        assertThat(r.job().dueAt()).isEqualTo(6_000);
        assertThat(r.job().job()).isEqualTo(new DueJob("job-1", "ev1", EVENT_JSON, "qingstor", "photos", "thumbs", 1));
        assertThat(ledger.toCommit()).isEqualTo(1);

        // Read back from the retry topic by whichever replica owns its partition.
        TopicPartition retry = new TopicPartition("herald.retry", 3);
        PartitionLedger retries = queue.ledger(retry, 0);
        jobs.take(retry, 0, List.of(r.job()));
        assertThat(jobs.due(5_999, 10)).isEmpty();
        assertThat(jobs.due(6_000, 10)).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
        assertThat(retries.toCommit()).isZero();
        jobs.finish("job-1", Optional.empty());
        assertThat(retries.toCommit()).isEqualTo(1);
    }

    @Test
    void aRecordReadAgainBringsNoSecondJobAndAHandedOverPartitionTakesItsJobs() {
        take(0, event(), 1_000);
        jobs.take(EVENTS, 0, event().dueJobs(1_000));
        assertThat(jobs.due(1_000, 10)).hasSize(1);

        jobs.drop(List.of(EVENTS));
        assertThat(jobs.due(1_000, 10)).isEmpty();
        jobs.finish("job-1", Optional.of(result()));
        assertThat(producer.history()).as("the new owner runs it: nothing is parked from here").isEmpty();
    }

    @Test
    void aPartitionHandedOverParksItsJobsAsTheyAre() {
        take(0, event(), 1_000);
        jobs.handOver(List.of(EVENTS)).join();

        ParkedRecord r = KafkaCodec.read(producer.history().getFirst().value(), ParkedRecord.class);
        assertThat(r.job().job()).isEqualTo(new DueJob("job-1", "ev1", EVENT_JSON, "qingstor", "photos", "thumbs", 0));
        assertThat(r.job().dueAt()).isEqualTo(1_000);
        assertThat(ledger.toCommit()).isEqualTo(1);
        assertThat(jobs.due(1_000, 10)).as("the next owner runs it").isEmpty();
    }

    @Test
    void itsParkedRecordReadBackBeforeTheAckTakesOver() {
        MockProducer<String, byte[]> slow = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        RetryParking slowParking = new RetryParking(slow, "herald.retry");
        KafkaDeliveryQueue slowQueue = new KafkaDeliveryQueue(slowParking, url -> false);
        KafkaCloudfuncJobs slowJobs = new KafkaCloudfuncJobs(slowQueue.ledgers(), slowParking, Duration.ofSeconds(5));
        PartitionLedger events = slowQueue.ledger(EVENTS, 0);
        TopicPartition retry = new TopicPartition("herald.retry", 3);
        PartitionLedger retries = slowQueue.ledger(retry, 0);
        slowJobs.take(EVENTS, 0, event().dueJobs(1_000));

        var parked = slowJobs.handOver(List.of(EVENTS));
        assertThat(slowJobs.due(1_000, 10)).as("on its way: not run here meanwhile").isEmpty();
        slowJobs.take(retry, 0, List.of(KafkaCodec.read(slow.history().getFirst().value(), ParkedRecord.class).job()));
        slow.completeNext();
        parked.join();

        assertThat(slowJobs.due(1_000, 10)).as("the parked record holds it now").hasSize(1);
        assertThat(events.toCommit()).as("its first record settled").isEqualTo(1);
        assertThat(retries.toCommit()).as("its parked record open").isZero();
    }

    /** As the delivery consumer takes an events record: its jobs first, then its deliveries. */
    private void take(long offset, EventRecord e, long now) {
        jobs.take(EVENTS, offset, e.dueJobs(now));
        queue.take(EVENTS, offset, List.of(), List.of(), e.eventName(), e.key(), e.traceContext(), now);
    }

    private static EventRecord event() {
        return new EventRecord("ev1", "minio", "photos", "a b.png", "ObjectCreated:Put", List.of(),
                List.of(new DeferredJob("job-1", "qingstor", "thumbs")), EVENT_JSON, null);
    }

    private static Delivery result() {
        OutboundPush push = new OutboundPush("result-1", "qingstor", "photos", "thumbs", "http://h/image", "POST",
                "application/json", "{\"result\":1}".getBytes(StandardCharsets.UTF_8), null, "ev1");
        return Delivery.fresh("ev1", push, "photos/a b.png", 2_000);
    }
}

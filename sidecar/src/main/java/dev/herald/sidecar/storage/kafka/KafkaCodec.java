package dev.herald.sidecar.storage.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.DeferredJob;
import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.CloudfuncJobStore.DueJob;
import dev.herald.sidecar.storage.DeadLetterStore.DeadLetter;
import dev.herald.sidecar.storage.DeadLetterStore.LoggedAttempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DisabledTargetStore.DisabledTarget;
import dev.herald.sidecar.storage.RoutedEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON values of Herald's topics. A delivery travels with its rendered push (body and signing
 * key, as the embedded store keeps them), so whichever replica owns it sends the same bytes under the
 * same id; records written before a field was added read it as {@code null}.
 */
final class KafkaCodec {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private KafkaCodec() {
    }

    /**
     * An accepted event on the events topic: its identity, its deliveries, its cloudfunc jobs with
     * the event's JSON they read ({@code ""} when it has none), and the trace its ingest span began.
     */
    record EventRecord(String id, String producer, String bucket, String key, String eventName, List<Delivery> deliveries,
                       List<DeferredJob> jobs, String body, String traceContext) {
        static EventRecord of(RoutedEvent e) {
            return new EventRecord(e.id(), e.producer(), e.bucket(), e.key(), e.eventName(), e.deliveries(), e.jobs(), e.body(),
                    e.traceContext());
        }

        /** Its jobs, as due at {@code now} for the first time. */
        List<ParkedJob> dueJobs(long now) {
            return jobs == null ? List.of() : jobs.stream().map(j -> new ParkedJob(new DueJob(j.id(), id, body, j.dialect(),
                    bucket, j.ruleId(), 0), now, eventName, key)).toList();
        }
    }

    /**
     * On the retry topic, either a parked delivery, due again at {@code delivery.dueAt()} with the
     * attempts so far, or (with {@code delivery == null}) a cloudfunc job whose attempt failed.
     */
    record ParkedRecord(Delivery delivery, List<Attempt> log, String eventName, String key, String traceContext, ParkedJob job) {
    }

    /** A cloudfunc job due at {@code dueAt}, with its event's name and object key for its result push. */
    record ParkedJob(DueJob job, long dueAt, String eventName, String key) {
        /** Its object's key on Herald's partitioned topics: the partition its event is in. */
        String recordKey() {
            return job.bucket() + "/" + key;
        }
    }

    /**
     * A dead letter: what operators list, what a replay sends again, and where a failure report
     * is owed ({@code report == null}: none; {@code reported}: written).
     */
    record DeadRecord(DeadLetter letter, List<LoggedAttempt> log, Delivery delivery, ReportTarget report, boolean reported,
                      String eventName, String key) {
        DeadRecord asReported() {
            return new DeadRecord(letter, log, delivery, report, true, eventName, key);
        }
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Herald " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static DisabledTarget disabled(byte[] bytes) {
        return read(bytes, DisabledTarget.class);
    }
}

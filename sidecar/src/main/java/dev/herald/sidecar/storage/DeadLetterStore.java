package dev.herald.sidecar.storage;

import dev.herald.dialects.OutboundPush;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Deliveries whose retry budget is spent, kept with their push and attempt log for operators to
 * inspect, replay or purge, and for failure reports (KS3 {@code Report}) to be written from.
 */
public interface DeadLetterStore {
    /** One dead delivery, without its body. */
    record DeadLetter(String id, String dialect, String bucket, String ruleId, String eventId, String targetUrl,
                      String method, int attempts, long createdAt, long diedAt, Integer lastStatus, String lastError) {
    }

    /** A logged attempt. */
    record LoggedAttempt(int number, long startedAt, long durationMillis, Integer status, String error) {
    }

    /**
     * A dead delivery owed to a failure report.
     *
     * @param eventName the canonical name of its event, {@code null} when the event is no longer remembered
     * @param key       the object key, likewise
     */
    record ReportLine(DeadLetter letter, String reportBucket, String reportPrefix, String eventName, String key) {
    }

    /** Dead letters, newest first, that died before {@code beforeDiedAt} ({@code Long.MAX_VALUE} for the newest). */
    List<DeadLetter> list(int limit, long beforeDiedAt);

    Optional<DeadLetter> find(String id);

    /** What the dead delivery pushes: body, method, URL and stored headers (the signature is made per attempt). */
    Optional<OutboundPush> push(String id);

    List<LoggedAttempt> attempts(String id);

    /** Ids of the dead letters that died at or after {@code since}, oldest first. */
    List<String> idsDiedSince(long since);

    /**
     * Moves these dead letters back to the queue, under their own ids, with a fresh retry budget
     * and without their old attempt log; unknown ids are skipped.
     *
     * @return the replayed deliveries, due at {@code now}, unloaded, to be admitted
     */
    List<Delivery> replay(List<String> ids, long now);

    /**
     * Deletes one dead letter, or with {@code id == null} every one that died before {@code before};
     * returns how many. Those still owed to a failure report are kept.
     */
    int purge(String id, long before);

    long count();

    /**
     * Runs {@code work} on the dead letters owed to a failure report, oldest first, and returns what
     * it returns; {@code work} calls {@link #markReported} for those it wrote. In cluster mode one
     * replica at a time is handed any (the others get none), and it hands the duty over only once
     * work under way is done, so that each report is written by one replica.
     */
    <T> T withUnreported(Function<List<ReportLine>, T> work);

    /** These dead letters are in a written report. */
    void markReported(List<String> ids, long now);

    long unreportedCount();
}

package dev.herald.sidecar.storage;

import java.util.List;
import java.util.Optional;

/** Cloudfunc jobs (QingStor image and moderation work) stored with their event, until each has run. */
public interface CloudfuncJobStore {
    /**
     * A job to run: its identity, its event and how many attempts failed.
     *
     * @param eventJson the stored JSON of its event, {@code null} when the event is no longer kept
     */
    record DueJob(String id, String eventId, String eventJson, String dialect, String bucket, String ruleId, int attempts) {
    }

    /** Up to {@code limit} jobs due at {@code now}, soonest first. */
    List<DueJob> due(long now, int limit);

    /** An attempt failed and may pass: the next is due at {@code next}. */
    void retryLater(String id, long next, String error);

    /**
     * The job is over: it is removed and, in the same commit, its result push (if any) is queued.
     *
     * @return the result delivery as stored, to be admitted; empty when there is none, or when the
     *         store's own consumer admits it (cluster mode)
     */
    Optional<Delivery> finish(String id, Optional<Delivery> result);
}

package dev.herald.sidecar.storage;

import dev.herald.dialects.FailureReports.ReportTarget;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Pending deliveries: what is left to send after a restart, what a destination's lane loads when
 * it has room, and each delivery's end. The futures complete once the change is durable; until
 * then the delivery counts as pending (a restart makes the attempt again, with the same id).
 */
public interface DeliveryQueue {
    /** Destinations ({@link Delivery#origin()}) with pending deliveries. */
    List<String> origins();

    /** Up to {@code limit} pending deliveries of one origin after position {@code afterSeq}, in queue order, unloaded. */
    List<Delivery> pendingAfter(String origin, long afterSeq, int limit);

    /** The delivery with its push; empty when it was delivered or dead-lettered meanwhile. */
    Optional<Delivery> load(Delivery delivery);

    /**
     * The trace context its event was stored with ({@link RoutedEvent#traceContext()}); empty when
     * the event was not traced, or the queue keeps no trace contexts.
     */
    default Optional<String> traceContext(String deliveryId) {
        return Optional.empty();
    }

    /**
     * The circuit of {@code origin} is open until {@code until}: none of its deliveries is attempted
     * before. A queue that holds deliveries in memory may move them out of the way; the embedded one
     * keeps them where they are.
     */
    default void circuitOpen(String origin, long until) {
    }

    /** They succeeded (one request, or one batch): they leave the queue with their attempt logs, in one write. */
    CompletableFuture<Void> delivered(List<Delivery> deliveries);

    /** An attempt failed: it is logged and the next is due at {@code nextAttemptAt}. */
    CompletableFuture<Void> retryLater(Delivery delivery, Attempt failed, long nextAttemptAt);

    /**
     * The last attempt failed: the delivery moves to the dead letters with its attempt log.
     *
     * @param report where the rule wants it reported, or {@code null}
     */
    CompletableFuture<Void> deadLetter(Delivery delivery, Attempt last, long now, ReportTarget report);

    /** Deliveries pending (the queue depth). */
    long pendingCount();

    /** When the event of the longest-queued pending delivery was stored; empty when none is pending. */
    OptionalLong oldestPendingCreatedAt();
}

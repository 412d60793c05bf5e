package dev.herald.sidecar.delivery;

import dev.herald.dialects.ObjectEvent;
import dev.herald.sidecar.storage.Delivery;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code X-Herald-Delivery-Id} (the same on every attempt and after a replay, for receivers that
 * de-duplicate) and {@code X-Herald-Attempt}; for a batch, both as comma lists in the order of the
 * body's events, and {@code X-Herald-Batch-Id}. {@code X-Herald-Reconciled: true} on the delivery
 * of an event Herald reconciled (its id says so, docs/reconcile.md); for a batch with one, a
 * comma list of {@code true}/{@code false} in the same order.
 */
final class HeraldIdHeaders implements Signer {
    static final String RECONCILED = "X-Herald-Reconciled";

    @Override
    public void sign(PushRequest request, Delivery delivery, int attempt, Instant now) {
        request.headers().put("X-Herald-Delivery-Id", delivery.id());
        request.headers().put("X-Herald-Attempt", Integer.toString(attempt));
        if (reconciled(delivery)) {
            request.headers().put(RECONCILED, "true");
        }
    }

    /** The members' ids and attempt numbers in place of the carrier's. */
    static void batch(PushRequest request, String batchId, List<Delivery> members) {
        request.headers().put("X-Herald-Delivery-Id", members.stream().map(Delivery::id).collect(Collectors.joining(",")));
        request.headers().put("X-Herald-Attempt", members.stream().map(d -> Integer.toString(d.attempts() + 1))
                .collect(Collectors.joining(",")));
        request.headers().put("X-Herald-Batch-Id", batchId);
        request.headers().remove(RECONCILED);
        if (members.stream().anyMatch(HeraldIdHeaders::reconciled)) {
            request.headers().put(RECONCILED, members.stream().map(d -> Boolean.toString(reconciled(d)))
                    .collect(Collectors.joining(",")));
        }
    }

    private static boolean reconciled(Delivery delivery) {
        return delivery.eventId() != null && delivery.eventId().startsWith(ObjectEvent.RECONCILE_ID_PREFIX);
    }
}

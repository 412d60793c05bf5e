package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;

import java.time.Instant;

/**
 * {@code X-Herald-Delivery-Id} (the same on every attempt and after a replay, for receivers that
 * de-duplicate) and {@code X-Herald-Attempt}.
 */
final class HeraldIdHeaders implements Signer {
    @Override
    public void sign(PushRequest request, Delivery delivery, int attempt, Instant now) {
        request.headers().put("X-Herald-Delivery-Id", delivery.id());
        request.headers().put("X-Herald-Attempt", Integer.toString(attempt));
    }
}

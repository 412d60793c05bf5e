package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;

import java.time.Instant;

/** Adds one kind of headers to an attempt's request; the list of signers runs in order before each send. */
@FunctionalInterface
interface Signer {
    /**
     * @param delivery the delivery, loaded
     * @param attempt  this attempt's number, 1 for the first
     */
    void sign(PushRequest request, Delivery delivery, int attempt, Instant now);
}

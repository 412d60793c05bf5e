package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.storage.Delivery;

import java.time.Instant;
import java.util.Map;

/** The dialect's own headers, signed at the attempt's time (BOS {@code bce-auth-v1} with the rule's key). */
final class DialectSigner implements Signer {
    private final Map<String, NotificationDialect> dialects;

    DialectSigner(Map<String, NotificationDialect> dialects) {
        this.dialects = dialects;
    }

    @Override
    public void sign(PushRequest request, Delivery delivery, int attempt, Instant now) {
        request.headers().putAll(dialects.get(delivery.push().dialect()).pushHeaders(delivery.push(), now));
    }
}

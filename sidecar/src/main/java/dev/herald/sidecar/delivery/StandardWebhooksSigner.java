package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;

import java.time.Instant;

/**
 * Standard Webhooks v1 headers ({@code webhook-id} = the delivery id, {@code webhook-timestamp},
 * {@code webhook-signature} with every configured secret) for destinations that ask for them.
 */
final class StandardWebhooksSigner implements Signer {
    private final DestinationSettings settings;

    StandardWebhooksSigner(DestinationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void sign(PushRequest request, Delivery delivery, int attempt, Instant now) {
        settings.standardWebhooks(delivery.targetUrl())
                .ifPresent(w -> request.headers().putAll(w.headers(delivery.id(), now.getEpochSecond(), request.body())));
    }
}

package dev.herald.sidecar.delivery;

import java.util.Map;

/**
 * A delivery as stored: the push to make and how far it got.
 *
 * @param attempts      attempts made so far
 * @param nextAttemptAt epoch millis of the next attempt
 * @param headers       fixed headers of every attempt ({@link dev.herald.dialects.OutboundPush#headers()})
 */
public record StoredDelivery(String id, String eventId, String dialect, String bucket, String ruleId,
                             String vendorEventId, String targetUrl, String method, String contentType,
                             byte[] body, String signingKey, int attempts, long nextAttemptAt, long createdAt,
                             Integer lastStatus, String lastError, Map<String, String> headers) {

    @Override
    public String toString() {
        // The signing key is a secret and the body may be large: neither belongs in a log line.
        return "StoredDelivery[" + id + " " + dialect + " rule=" + ruleId + " -> " + targetUrl + " attempts=" + attempts + "]";
    }
}

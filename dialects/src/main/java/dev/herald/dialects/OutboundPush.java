package dev.herald.dialects;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One delivery a dialect wants made: the exact body for one destination. Signing happens per
 * attempt ({@link NotificationDialect#pushHeaders}) because signatures carry the attempt's time.
 *
 * @param deliveryId stable id of this delivery; the same event routed again gives the same id
 * @param dialect    dialect id ({@code bos}, ...)
 * @param bucket     bucket of the event
 * @param ruleId     rule that matched
 * @param targetUrl  absolute http(s) URL
 * @param method     HTTP method
 * @param contentType content type of the body
 * @param body       exact bytes to send
 * @param signingKey secret to sign with, or {@code null} for unsigned pushes
 * @param eventId    the vendor event id carried in the body (for logs and admin views)
 * @param headers    fixed headers of every attempt (CloudEvents binary mode's {@code ce-*}); empty for most
 */
public record OutboundPush(String deliveryId, String dialect, String bucket, String ruleId, String targetUrl,
                           String method, String contentType, byte[] body, String signingKey, String eventId,
                           Map<String, String> headers) {
    public OutboundPush {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(targetUrl, "targetUrl");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A push without fixed headers. */
    public OutboundPush(String deliveryId, String dialect, String bucket, String ruleId, String targetUrl,
                        String method, String contentType, byte[] body, String signingKey, String eventId) {
        this(deliveryId, dialect, bucket, ruleId, targetUrl, method, contentType, body, signingKey, eventId, Map.of());
    }

    @Override
    public String toString() {
        return "OutboundPush[" + deliveryId + " " + dialect + " rule=" + ruleId + " -> " + targetUrl + "]";
    }
}

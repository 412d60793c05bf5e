package dev.herald.harness;

import dev.herald.adapter.producer.MinioOrigin;
import dev.herald.adapter.producer.MinioWebhookEncoder;

/**
 * Builds the exact body MinIO's webhook target POSTs (as captured from MinIO RELEASE.2024-01):
 * {@code {"EventName","Key","Records":[one record]}}, with the record key form-encoded the way
 * Go's {@code url.QueryEscape} does it and the top-level {@code Key} raw. The body is
 * {@link MinioWebhookEncoder}'s, from a local MinIO as {@link MinioOrigin#local} describes it.
 */
public final class MinioWebhook {
    private MinioWebhook() {
    }

    public static String body(ObjectOperation op) {
        return MinioWebhookEncoder.encode(op.change(), MinioOrigin.local(op.change(), "herald-test-harness"));
    }

    /** Go's {@code url.QueryEscape}: space becomes '+', only {@code A-Za-z0-9-_.~} stay as they are. */
    public static String queryEscape(String s) {
        return MinioWebhookEncoder.queryEscape(s);
    }
}

package dev.herald.harness;

import dev.herald.adapter.producer.CephOrigin;
import dev.herald.adapter.producer.CephPushEncoder;

/**
 * Builds the exact body Ceph RGW 16 pushes to an HTTP endpoint (as captured from 16.2.15):
 * {@code {"Records":[one record]}} with the raw key, no {@code s3:} prefix, microsecond times,
 * no content type, and {@code eventId}/{@code opaqueData}. The body is {@link CephPushEncoder}'s,
 * for the notification {@code herald} of a local RGW as {@link CephOrigin#local} describes it.
 */
public final class CephPush {
    private CephPush() {
    }

    public static String body(ObjectOperation op, String opaqueData) {
        return CephPushEncoder.encode(op.change(), CephOrigin.local(op.change(), "herald", opaqueData));
    }
}

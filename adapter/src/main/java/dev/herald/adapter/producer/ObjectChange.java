package dev.herald.adapter.producer;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An object operation to describe as a backend would notify it ({@link MinioWebhookEncoder},
 * {@link CephPushEncoder}). Unset ({@code null}) fields are left out or written empty where the
 * producer does so.
 *
 * @param eventName without the {@code s3:} prefix: {@code ObjectCreated:Put}, {@code ObjectRemoved:Delete}, ...
 * @param key       the object key, raw
 * @param principal the user who made the change (and, here, the bucket's owner)
 * @param time      the object's modification time, which both producers send as the event time
 * @param metadata  the object's metadata headers in stored order, full names ({@code x-amz-meta-owner});
 *                  Ceph sends every one, MinIO only the {@code x-amz-meta-*} ones
 */
public record ObjectChange(String eventName, String bucket, String key, Long size, String eTag, String contentType,
                           String versionId, String principal, Instant time, Map<String, String> metadata) {

    public ObjectChange {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(time, "time");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** A delete: MinIO then leaves out size, eTag, content type and metadata (ingress.md §1.1). */
    public boolean removed() {
        return eventName.startsWith("ObjectRemoved:");
    }
}

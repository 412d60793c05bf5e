package dev.herald.harness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An object operation to describe to Herald as MinIO or Ceph would ({@link MinioWebhook},
 * {@link CephPush}). Fields left unset are omitted where the producer omits them.
 */
public final class ObjectOperation {
    final String eventName;
    final String bucket;
    final String key;
    Long size;
    String eTag;
    String contentType;
    String versionId;
    String principal = "minioadmin";
    Instant time = Instant.now();
    final Map<String, String> metadata = new LinkedHashMap<>();

    private ObjectOperation(String eventName, String bucket, String key) {
        this.eventName = Objects.requireNonNull(eventName);
        this.bucket = Objects.requireNonNull(bucket);
        this.key = Objects.requireNonNull(key);
    }

    /** A PUT of {@code key}: {@code ObjectCreated:Put}. */
    public static ObjectOperation put(String bucket, String key) {
        return new ObjectOperation("ObjectCreated:Put", bucket, key);
    }

    /** A DELETE of {@code key}: {@code ObjectRemoved:Delete}. */
    public static ObjectOperation delete(String bucket, String key) {
        return new ObjectOperation("ObjectRemoved:Delete", bucket, key);
    }

    /** Any event name, without the {@code s3:} prefix ({@code ObjectCreated:Copy}, ...). */
    public static ObjectOperation of(String eventName, String bucket, String key) {
        return new ObjectOperation(eventName, bucket, key);
    }

    public ObjectOperation size(long size) {
        this.size = size;
        return this;
    }

    public ObjectOperation eTag(String eTag) {
        this.eTag = eTag;
        return this;
    }

    public ObjectOperation contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    public ObjectOperation versionId(String versionId) {
        this.versionId = versionId;
        return this;
    }

    public ObjectOperation principal(String principal) {
        this.principal = principal;
        return this;
    }

    public ObjectOperation time(Instant time) {
        this.time = time;
        return this;
    }

    /** User metadata, name without the {@code x-amz-meta-} prefix. */
    public ObjectOperation metadata(String name, String value) {
        metadata.put(name, value);
        return this;
    }

    boolean removed() {
        return eventName.startsWith("ObjectRemoved:");
    }
}

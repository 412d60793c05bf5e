package dev.herald.harness;

import dev.herald.adapter.producer.ObjectChange;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An object operation to describe to Herald as MinIO or Ceph would ({@link MinioWebhook},
 * {@link CephPush}). Fields left unset are omitted where the producer omits them.
 */
public final class ObjectOperation {
    private final String eventName;
    private final String bucket;
    private final String key;
    private Long size;
    private String eTag;
    private String contentType;
    private String versionId;
    private String principal = "minioadmin";
    private Instant time = Instant.now();
    private final Map<String, String> metadata = new LinkedHashMap<>();

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

    /** The operation as the producer encoders take it; metadata names get their {@code x-amz-meta-} prefix. */
    ObjectChange change() {
        Map<String, String> headers = new LinkedHashMap<>();
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        return new ObjectChange(eventName, bucket, key, size, eTag, contentType, versionId, principal, time, headers);
    }
}

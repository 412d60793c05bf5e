package dev.herald.dialects;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One object event in Herald's canonical form, whatever produced it.
 *
 * <p>Every dialect renders from this record only, so a field a producer does not send stays
 * {@code null} here and is left out of vendor payloads rather than guessed.
 *
 * @param id           stable identity of this occurrence: the same backend event resent (MinIO
 *                     retries, Ceph persistent-queue retries) gives the same id; used to derive
 *                     delivery and vendor event ids and to drop duplicate ingress
 * @param producer     who sent it
 * @param eventName    canonical name without {@code s3:} prefix, see {@link EventNames}
 * @param eventTime    when the operation happened (the producer's clock)
 * @param bucket       bucket name
 * @param key          object key, fully decoded (the name a client would use)
 * @param size         object size in bytes, {@code null} when not sent (MinIO deletes)
 * @param eTag         entity tag without quotes, {@code null} when not sent
 * @param contentType  content type, {@code null} when not sent (Ceph never sends it)
 * @param versionId    version id, {@code null} when unversioned
 * @param sequencer    producer's sequencer string (not orderable across producers)
 * @param requester    principal that made the request
 * @param sourceIp     client address, {@code null} when not sent (Ceph)
 * @param requestId    the backend's request id
 * @param bucketOwner  owner principal of the bucket
 * @param region       region / zonegroup, {@code null} when empty
 * @param userMetadata user metadata ({@code x-amz-meta-*}), lower-case names without prefix
 * @param lastModified the object's last-modified time from the backend, {@code null} when not looked up
 * @param storageClass the object's storage class from the backend, {@code null} when not looked up
 * @param readCredentials temporary credentials to read the object, {@code null} unless configured;
 *                     never stored with the event (they expire, and they are secrets)
 */
public record ObjectEvent(
        String id,
        Producer producer,
        String eventName,
        Instant eventTime,
        String bucket,
        String key,
        Long size,
        String eTag,
        String contentType,
        String versionId,
        String sequencer,
        String requester,
        String sourceIp,
        String requestId,
        String bucketOwner,
        String region,
        Map<String, String> userMetadata,
        Instant lastModified,
        String storageClass,
        @JsonIgnore ReadCredentials readCredentials) {

    /**
     * Who a reconciled event names as its principal (and BOS as its {@code eventOrigin}): Herald,
     * because the request that made the change is not known.
     */
    public static final String RECONCILE_PRINCIPAL = "herald:reconcile";

    /** How a reconciled event's id begins, so that its deliveries can be told apart wherever they go. */
    public static final String RECONCILE_ID_PREFIX = "reconcile:";

    public ObjectEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }

    /** An event as a producer sent it, before any backend lookup. */
    public ObjectEvent(String id, Producer producer, String eventName, Instant eventTime, String bucket, String key,
                       Long size, String eTag, String contentType, String versionId, String sequencer, String requester,
                       String sourceIp, String requestId, String bucketOwner, String region, Map<String, String> userMetadata) {
        this(id, producer, eventName, eventTime, bucket, key, size, eTag, contentType, versionId, sequencer, requester,
                sourceIp, requestId, bucketOwner, region, userMetadata, null, null, null);
    }

    /** This event with what the backend said about the object filled in where the producer sent nothing. */
    public ObjectEvent enriched(String contentType, Long size, Instant lastModified, String storageClass) {
        return new ObjectEvent(id, producer, eventName, eventTime, bucket, key, this.size != null ? this.size : size, eTag,
                this.contentType != null ? this.contentType : contentType, versionId, sequencer, requester, sourceIp,
                requestId, bucketOwner, region, userMetadata, lastModified, storageClass, readCredentials);
    }

    /** This event with credentials to read its object. */
    public ObjectEvent withReadCredentials(ReadCredentials credentials) {
        return new ObjectEvent(id, producer, eventName, eventTime, bucket, key, size, eTag, contentType, versionId, sequencer,
                requester, sourceIp, requestId, bucketOwner, region, userMetadata, lastModified, storageClass, credentials);
    }

    /** True for an event Herald synthesized from the bucket listing rather than received. */
    public boolean reconciled() {
        return producer == Producer.RECONCILE;
    }

    /** True for events that create or overwrite an object (including tagging/retention changes). */
    public boolean isCreated() {
        return eventName.startsWith(EventNames.CREATED_PREFIX);
    }

    /** True for events that remove an object or create a delete marker. */
    public boolean isRemoved() {
        return eventName.startsWith(EventNames.REMOVED_PREFIX);
    }
}

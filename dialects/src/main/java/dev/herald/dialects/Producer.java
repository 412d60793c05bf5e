package dev.herald.dialects;

/** Who produced an {@link ObjectEvent}. */
public enum Producer {
    /** MinIO webhook target ({@code eventSource: minio:s3}). */
    MINIO,
    /** Ceph RGW HTTP push ({@code eventSource: ceph:s3}). */
    CEPH,
    /** AWS-shaped S3 records ({@code eventSource: aws:s3}) or S3 EventBridge events. */
    AWS,
    /** Injected through BOS PostEvent ({@code POST /v1/{bucket}/?event}). */
    BOS_POST_EVENT,
    /**
     * Herald itself: an event the backend never sent, found by reconciling the bucket listing with
     * what Herald saw (docs/reconcile.md).
     */
    RECONCILE;

    /** Lower-case name as used in metrics labels and stored rows. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

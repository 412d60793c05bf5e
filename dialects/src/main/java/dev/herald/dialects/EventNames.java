package dev.herald.dialects;


/**
 * Canonical event names: the S3 names without the {@code s3:} prefix
 * ({@code ObjectCreated:Put}, {@code ObjectRemoved:Delete}, ...), plus names for operations that
 * only vendor APIs know ({@link #CREATED_APPEND}, {@link #CREATED_FETCH}, ...), which only reach
 * Herald through vendor injection APIs such as BOS PostEvent.
 */
public final class EventNames {
    public static final String CREATED_PREFIX = "ObjectCreated:";
    public static final String REMOVED_PREFIX = "ObjectRemoved:";

    public static final String CREATED_PUT = "ObjectCreated:Put";
    public static final String CREATED_POST = "ObjectCreated:Post";
    public static final String CREATED_COPY = "ObjectCreated:Copy";
    public static final String CREATED_COMPLETE_MULTIPART = "ObjectCreated:CompleteMultipartUpload";
    public static final String CREATED_PUT_TAGGING = "ObjectCreated:PutTagging";
    public static final String CREATED_DELETE_TAGGING = "ObjectCreated:DeleteTagging";
    public static final String CREATED_PUT_RETENTION = "ObjectCreated:PutRetention";
    public static final String CREATED_PUT_LEGAL_HOLD = "ObjectCreated:PutLegalHold";
    public static final String REMOVED_DELETE = "ObjectRemoved:Delete";
    public static final String REMOVED_DELETE_MARKER_CREATED = "ObjectRemoved:DeleteMarkerCreated";

    /** Vendor-only operations (BOS AppendObject, FetchObject, DeleteMultipleObjects, BosLifecycle:Copy). */
    public static final String CREATED_APPEND = "ObjectCreated:Append";
    public static final String CREATED_FETCH = "ObjectCreated:Fetch";
    public static final String CREATED_LIFECYCLE_COPY = "ObjectCreated:LifecycleCopy";
    public static final String REMOVED_DELETE_MULTIPLE = "ObjectRemoved:DeleteMultiple";

    private EventNames() {
    }

    /**
     * Normalizes a producer's event name: strips an optional {@code s3:} prefix (MinIO and old Ceph
     * send it, current Ceph and AWS do not) and surrounding blanks.
     */
    public static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim();
        if (n.regionMatches(true, 0, "s3:", 0, 3)) {
            n = n.substring(3);
        }
        return n;
    }
}

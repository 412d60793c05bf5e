package dev.herald.dialects.ks3;

import dev.herald.dialects.EventNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * KS3 event names (docs/ks3.md, "Events") and how Herald's canonical events map to them.
 *
 * <p>Mapping: {@code ObjectCreated:Put/Post/Copy/CompleteMultipartUpload} to the KS3 event of the
 * same operation; {@code ObjectRemoved:Delete}, {@code :DeleteMarkerCreated} and
 * {@code :DeleteAllVersions} (Ceph) to {@code ks3:ObjectRemoved:DeleteObject}. Every other event
 * (tagging, retention, lifecycle, replication, …) has no KS3 counterpart and notifies nobody.
 * {@code SyncMirror} and {@code AsyncMirror} (KS3 back-to-origin) are accepted in rules but no
 * MinIO or Ceph event ever maps to them.
 */
final class Ks3EventNames {
    static final String PUT_OBJECT = "ks3:ObjectCreated:PutObject";
    static final String POST_OBJECT = "ks3:ObjectCreated:PostObject";
    static final String COPY_OBJECT = "ks3:ObjectCreated:CopyObject";
    static final String COMPLETE_MULTIPART_UPLOAD = "ks3:ObjectCreated:CompleteMultipartUpload";
    static final String SYNC_MIRROR = "ks3:ObjectCreated:SyncMirror";
    static final String ASYNC_MIRROR = "ks3:ObjectCreated:AsyncMirror";
    static final String DELETE_OBJECT = "ks3:ObjectRemoved:DeleteObject";
    static final String ANY_CREATED = "ks3:ObjectCreated:*";
    static final String ANY_REMOVED = "ks3:ObjectRemoved:*";

    /** Ceph's name for a versioned bucket's delete of every version; EventNames has no constant for it. */
    private static final String CEPH_DELETE_ALL_VERSIONS = EventNames.REMOVED_PREFIX + "DeleteAllVersions";

    /** Every name a rule may list, in the order error messages show them. */
    static final List<String> RULE_EVENTS = List.of(PUT_OBJECT, POST_OBJECT, COPY_OBJECT, COMPLETE_MULTIPART_UPLOAD,
            SYNC_MIRROR, ASYNC_MIRROR, DELETE_OBJECT, ANY_CREATED, ANY_REMOVED);

    private static final Map<String, Set<String>> WILDCARDS = Map.of(
            ANY_CREATED, Set.of(PUT_OBJECT, POST_OBJECT, COPY_OBJECT, COMPLETE_MULTIPART_UPLOAD, SYNC_MIRROR, ASYNC_MIRROR),
            ANY_REMOVED, Set.of(DELETE_OBJECT));

    private static final Map<String, String> FROM_CANONICAL = Map.of(
            EventNames.CREATED_PUT, PUT_OBJECT,
            EventNames.CREATED_POST, POST_OBJECT,
            EventNames.CREATED_COPY, COPY_OBJECT,
            EventNames.CREATED_COMPLETE_MULTIPART, COMPLETE_MULTIPART_UPLOAD,
            EventNames.REMOVED_DELETE, DELETE_OBJECT,
            EventNames.REMOVED_DELETE_MARKER_CREATED, DELETE_OBJECT,
            CEPH_DELETE_ALL_VERSIONS, DELETE_OBJECT);

    private Ks3EventNames() {
    }

    /** The concrete events a rule's entry stands for: a wildcard's members, or the name itself. */
    static Set<String> expand(String ruleEvent) {
        return WILDCARDS.getOrDefault(ruleEvent, Set.of(ruleEvent));
    }

    /** The KS3 name of a canonical event, empty for events KS3 has no name for. */
    static Optional<String> forCanonical(String canonicalName) {
        return Optional.ofNullable(FROM_CANONICAL.get(canonicalName));
    }
}

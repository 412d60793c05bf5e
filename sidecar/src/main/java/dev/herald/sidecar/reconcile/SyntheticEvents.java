package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.EventNames;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import dev.herald.sidecar.storage.ObjectIndex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The events reconciliation emits. Their ids derive from what was found (the object's eTag and
 * last-modified time, or the indexed entry), so finding the same thing again is a duplicate the
 * event log drops. Herald is their requester; source IP and request id are unknown and left out.
 */
final class SyntheticEvents {
    static final String CREATED = EventNames.CREATED_PREFIX + "Put";
    static final String REMOVED = EventNames.REMOVED_PREFIX + "Delete";

    private SyntheticEvents() {
    }

    /** An {@code ObjectCreated:Put} at the object's last-modified time, with what HeadObject told. */
    static ObjectEvent created(String bucket, S3Backend.ListedObject listed, S3Backend.ObjectInfo head) {
        // HeadObject may already see a newer write than the listing did: only what matches is used.
        boolean same = head != null && (head.eTag() == null || head.eTag().equals(listed.eTag()));
        String id = id("create", bucket, listed.key(), listed.eTag(), Long.toString(listed.lastModified().toEpochMilli()));
        return new ObjectEvent(id, Producer.RECONCILE, CREATED, listed.lastModified(), bucket, listed.key(), listed.size(),
                listed.eTag(), same ? head.contentType() : null, same ? head.versionId() : null, null,
                ObjectEvent.RECONCILE_PRINCIPAL, null, null, null, null, Map.of(), listed.lastModified(),
                same ? head.storageClass() : null, null);
    }

    /** An {@code ObjectRemoved:Delete} at {@code foundAt}: when it really happened is not known. */
    static ObjectEvent removed(ObjectIndex.Entry indexed, Instant foundAt) {
        String id = id("delete", indexed.bucket(), indexed.key(), indexed.eTag(),
                Long.toString(indexed.eventTime().toEpochMilli()));
        return new ObjectEvent(id, Producer.RECONCILE, REMOVED, foundAt, indexed.bucket(), indexed.key(), null, null, null,
                null, null, ObjectEvent.RECONCILE_PRINCIPAL, null, null, null, null, Map.of());
    }

    private static String id(String... parts) {
        String name = String.join("\u0000", java.util.Arrays.stream(parts).map(p -> p == null ? "" : p).toList());
        return ObjectEvent.RECONCILE_ID_PREFIX + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}

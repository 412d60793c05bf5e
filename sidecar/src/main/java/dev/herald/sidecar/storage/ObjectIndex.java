package dev.herald.sidecar.storage;

import dev.herald.dialects.ObjectEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last event Herald logged for each object of each bucket that has rules: what reconciliation
 * compares the bucket's listing with (docs/reconcile.md). Entries are written with the event, in
 * the same commit ({@link RoutedEvent#indexed()}), and forgotten with it after the store's
 * retention; the index is read a page at a time, never a whole bucket at once.
 */
public interface ObjectIndex {
    /**
     * The last event seen for one object.
     *
     * @param eTag      without quotes; {@code null} when the event carried none (MinIO deletes)
     * @param versionId {@code null} when unversioned
     * @param eventTime the event's time (the producer's clock)
     * @param removed   whether that event removed the object (a delete or a delete marker)
     */
    record Entry(String bucket, String key, String eTag, String versionId, Instant eventTime, boolean removed) {
        /** What {@code event} tells about its object. */
        public static Entry of(ObjectEvent event) {
            return new Entry(event.bucket(), event.key(), event.eTag(), event.versionId(), event.eventTime(),
                    event.isRemoved());
        }
    }

    /**
     * Since when the index covers {@code bucket}: when its first rule was stored, or — once the
     * retention has forgotten the entries before — the oldest time it still remembers. Empty when
     * the bucket has no rules.
     */
    Optional<Instant> indexingSince(String bucket);

    /** Up to {@code limit} entries of {@code bucket} with keys after {@code afterKey} ({@code null}: from the first), in key order. */
    List<Entry> page(String bucket, String afterKey, int limit);
}

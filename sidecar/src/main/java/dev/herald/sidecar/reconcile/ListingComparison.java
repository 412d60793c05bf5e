package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend.ListedObject;
import dev.herald.sidecar.storage.ObjectIndex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * Merges a bucket's listing with its object index, both in key order, one object at a time (so
 * memory does not grow with the bucket), and reports what the index lacks:
 * <ul>
 *   <li>a <b>missing create</b>: a listed object whose eTag the index does not have for it (no
 *       entry, a removal, another eTag; with no eTag indexed, a last-modified time after the
 *       indexed event), last modified before the grace window and not before {@code notBefore}
 *       (objects older than the index are pre-existing);</li>
 *   <li>a <b>missing delete</b>: an object the index last saw created, before the grace window,
 *       that the listing lacks.</li>
 * </ul>
 * In a versioned bucket the listing shows current versions, so a delete marker hides the key just
 * as a delete does, and a new version is a new eTag (or a later last-modified time).
 */
public final class ListingComparison {
    /** What the comparison found, as it finds it. */
    public interface Findings {
        /** @param indexed what the index had for the key, {@code null} when nothing */
        void missingCreate(ListedObject listed, ObjectIndex.Entry indexed);

        void missingDelete(ObjectIndex.Entry indexed);
    }

    private final Instant cutoff;
    private final Instant notBefore;

    /**
     * @param grace     changes this recent are left alone: their events may still be on the way
     * @param notBefore objects last modified before it are pre-existing
     */
    public ListingComparison(Clock clock, Duration grace, Instant notBefore) {
        this.cutoff = clock.instant().minus(grace);
        this.notBefore = notBefore;
    }

    public void compare(Iterator<ListedObject> listing, Iterator<ObjectIndex.Entry> index, Findings findings) {
        ListedObject listed = next(listing);
        ObjectIndex.Entry indexed = next(index);
        while (listed != null || indexed != null) {
            int order = listed == null ? 1 : indexed == null ? -1 : KeyOrder.compare(listed.key(), indexed.key());
            if (order < 0) {
                createIfMissed(listed, null, findings);
                listed = next(listing);
            } else if (order > 0) {
                if (!indexed.removed() && indexed.eventTime().isBefore(cutoff)) {
                    findings.missingDelete(indexed);
                }
                indexed = next(index);
            } else {
                createIfMissed(listed, indexed, findings);
                listed = next(listing);
                indexed = next(index);
            }
        }
    }

    private void createIfMissed(ListedObject listed, ObjectIndex.Entry indexed, Findings findings) {
        if (!listed.lastModified().isBefore(cutoff) || listed.lastModified().isBefore(notBefore)) {
            return;
        }
        if (indexed == null || indexed.removed() || !seen(listed, indexed)) {
            findings.missingCreate(listed, indexed);
        }
    }

    private static boolean seen(ListedObject listed, ObjectIndex.Entry indexed) {
        return indexed.eTag() != null ? indexed.eTag().equals(listed.eTag())
                : !listed.lastModified().isAfter(indexed.eventTime());
    }

    private static <T> T next(Iterator<T> it) {
        return it.hasNext() ? it.next() : null;
    }
}

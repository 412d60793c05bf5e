package dev.herald.sidecar.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The last attempts made, in memory, for the operator to search: a delivered row leaves the store
 * with its attempt log (the queue keeps only what is pending), so this is the one place a recent
 * success can still be seen. Bounded; a restart starts it empty.
 */
public final class RecentDeliveries {
    /** One attempt. {@code key} is {@code null} for a bus event; {@code status} when the receiver answered. */
    public record Entry(String deliveryId, String dialect, String bucket, String key, String target, int attempt,
                        Integer status, String outcome, String error, long at, long durationMillis) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;

    public RecentDeliveries(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    synchronized void add(Entry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /**
     * Newest first, at most {@code limit}: those whose delivery id is {@code query}, or whose bucket
     * or key contains it (case-insensitive); every one for a blank query.
     */
    public List<Entry> search(String query, int limit) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        Predicate<Entry> match = q.isEmpty() ? e -> true : e -> e.deliveryId().equalsIgnoreCase(q)
                || e.bucket() != null && e.bucket().toLowerCase(Locale.ROOT).contains(q)
                || e.key() != null && e.key().toLowerCase(Locale.ROOT).contains(q);
        List<Entry> out = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                Entry e = it.next();
                if (match.test(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}

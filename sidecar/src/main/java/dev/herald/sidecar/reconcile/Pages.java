package dev.herald.sidecar.reconcile;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** One page in memory at a time: the next is fetched when the current one is used up. */
abstract class Pages<T> implements Iterator<T> {
    private List<T> page = List.of();
    private int position;
    private boolean last;

    /** The next page, or an empty list (or {@link #lastPage()} called) when there is none. */
    abstract List<T> fetch() throws InterruptedException;

    /** Called by {@link #fetch()} when the page it returns is the last. */
    final void lastPage() {
        last = true;
    }

    @Override
    public final boolean hasNext() {
        while (position == page.size()) {
            if (last) {
                return false;
            }
            try {
                page = fetch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("reconciliation interrupted", e);
            }
            position = 0;
            if (page.isEmpty()) {
                last = true;
            }
        }
        return true;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(position++);
    }
}

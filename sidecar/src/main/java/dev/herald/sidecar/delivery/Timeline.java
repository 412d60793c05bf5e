package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.Delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When each held delivery is due, and FIFO waiting: a delivery of an object whose earlier delivery
 * to the same FIFO destination is still in progress waits behind it, off the timeline, until that
 * one is finished. Also carries lane wake-ups (a breaker's probe time, a rate limit's next token).
 * Ties in time go in queue order.
 */
final class Timeline {
    /** Something due at a time: a delivery's next attempt, or a lane to wake. */
    sealed interface Entry permits Attempt, Wake {
        long at();

        long order();
    }

    record Attempt(Delivery delivery, String fifoKey) implements Entry {
        @Override
        public long at() {
            return delivery.dueAt();
        }

        @Override
        public long order() {
            return delivery.seq();
        }
    }

    record Wake(Lane lane, long at) implements Entry {
        @Override
        public long order() {
            return -1;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    /** Per FIFO key (destination URL and object), the deliveries waiting behind the one in progress. */
    private final Map<String, ArrayDeque<Attempt>> fifoWaiting = new HashMap<>();

    /** A delivery newly held: on the timeline, or behind the one of its object in progress. */
    void schedule(Delivery delivery, String fifoKey) {
        lock.lock();
        try {
            Attempt attempt = new Attempt(delivery, fifoKey);
            if (fifoKey != null) {
                ArrayDeque<Attempt> waiting = fifoWaiting.get(fifoKey);
                if (waiting != null) {
                    waiting.add(attempt);
                    return;
                }
                fifoWaiting.put(fifoKey, new ArrayDeque<>());
            }
            add(attempt);
        } finally {
            lock.unlock();
        }
    }

    /** The next attempt of a delivery in progress (it keeps its place at the head of its FIFO key). */
    void reschedule(Delivery delivery, String fifoKey) {
        lock.lock();
        try {
            add(new Attempt(delivery, fifoKey));
        } finally {
            lock.unlock();
        }
    }

    /** A delivery is finished (delivered, dead or gone): the next one of its object, if any, becomes due. */
    void finished(String fifoKey, long now) {
        if (fifoKey == null) {
            return;
        }
        lock.lock();
        try {
            ArrayDeque<Attempt> waiting = fifoWaiting.get(fifoKey);
            Attempt next = waiting == null ? null : waiting.poll();
            if (next == null) {
                fifoWaiting.remove(fifoKey);
            } else {
                add(new Attempt(next.delivery().dueAt(Math.max(next.delivery().dueAt(), now)), fifoKey));
            }
        } finally {
            lock.unlock();
        }
    }

    void wake(Lane lane, long at) {
        lock.lock();
        try {
            add(new Wake(lane, at));
        } finally {
            lock.unlock();
        }
    }

    /** Every entry due at {@code now}, in order. */
    List<Entry> pollDue(long now) {
        lock.lock();
        try {
            List<Entry> due = new ArrayList<>();
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                due.add(queue.poll());
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the first entry may be due at {@code now()} or something earlier is added, at most {@code maxMillis}. */
    void awaitDue(java.util.function.LongSupplier now, long maxMillis) throws InterruptedException {
        lock.lock();
        try {
            Entry first = queue.peek();
            long wait = first == null ? maxMillis : Math.min(maxMillis, first.at() - now.getAsLong());
            if (wait > 0) {
                changed.await(wait, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Entries on the timeline, waiting behind their object excluded. */
    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock. */
    private void add(Entry entry) {
        Entry first = queue.peek();
        queue.add(entry);
        if (first == null || entry.at() < first.at()) {
            changed.signal();
        }
    }
}

package dev.herald.sidecar.delivery;

import dev.herald.sidecar.config.DeliveryConfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what one request of a lane's sender carries: the delivery at the head of the lane alone,
 * or, for a URL with {@code batch} set, it and the next ready deliveries of the same URL up to
 * {@code maxEvents}. A batch that is not full waits until its head has been due for
 * {@code maxWait}. Which of the members may really share a request (same rule, key, method) is
 * known only once their pushes are loaded; {@link AttemptRunner} sends the others on their own.
 *
 * <p>A FIFO destination's timeline makes at most one delivery of each object ready at a time, so a
 * batch never holds two events of one object and per-object order is kept across batches.
 */
final class Batcher {
    /** What the sender does with the head of its lane. */
    sealed interface Take permits Send, Hold {
    }

    /** Attempt these now, in one request when they fit in one; the head first. */
    record Send(List<Timeline.Attempt> members) implements Take {
    }

    /** The batch is not full: the head is back at the front of the lane, which is to be woken at {@code until}. */
    record Hold(long until) implements Take {
    }

    private final DestinationSettings settings;

    Batcher(DestinationSettings settings) {
        this.settings = settings;
    }

    /** @param head just taken from the front of {@code lane.ready} */
    Take take(Lane lane, Timeline.Attempt head, long now) {
        String url = head.delivery().targetUrl();
        Optional<DeliveryConfig.Batch> batch = settings.batch(url);
        if (batch.isEmpty() || batch.get().maxEvents() == 1) {
            return new Send(List.of(head));
        }
        int max = batch.get().maxEvents();
        long until = head.delivery().dueAt() + batch.get().maxWait().toMillis();
        if (now < until && readyOf(lane, url, max - 1) < max - 1) {
            lane.ready.addFirst(head);
            return new Hold(until);
        }
        List<Timeline.Attempt> members = new ArrayList<>();
        members.add(head);
        for (Iterator<Timeline.Attempt> it = lane.ready.iterator(); it.hasNext() && members.size() < max; ) {
            Timeline.Attempt next = it.next();
            // Another sender may take the same one: only the one that removes it sends it.
            if (next.delivery().targetUrl().equals(url) && lane.ready.removeFirstOccurrence(next)) {
                members.add(next);
            }
        }
        return new Send(members);
    }

    /** How many ready deliveries of {@code url} there are, counting up to {@code enough}. */
    private static int readyOf(Lane lane, String url, int enough) {
        int n = 0;
        for (Iterator<Timeline.Attempt> it = lane.ready.iterator(); it.hasNext() && n < enough; ) {
            if (it.next().delivery().targetUrl().equals(url)) {
                n++;
            }
        }
        return n;
    }
}

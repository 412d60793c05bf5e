package dev.herald.sidecar.ingest;

import dev.herald.dialects.EventPublisher;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.BusEventSink;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.routing.BusRouter;
import dev.herald.sidecar.routing.EventRouter;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.EventLog;
import dev.herald.sidecar.storage.RoutedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts decoded events, from producers' notifications, vendor "post event" APIs and bus pushes:
 * routes each once, logs them with their deliveries in one commit, and returns only after it. An
 * event whose id is already logged (a producer's resend) is a duplicate: acknowledged, not routed
 * again.
 */
public final class Ingest implements EventPublisher, BusEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    static final String BUS_PRODUCER = "eventbus";

    private final EventRouter router;
    private final BusRouter buses;
    private final EventLog log;
    private final AfterCommit afterCommit;
    private final HeraldMetrics metrics;
    private final Clock clock;

    public Ingest(EventRouter router, BusRouter buses, EventLog log, AfterCommit afterCommit, HeraldMetrics metrics,
                  Clock clock) {
        this.router = router;
        this.buses = buses;
        this.log = log;
        this.afterCommit = afterCommit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What became of one batch of events. */
    public record Result(int stored, int duplicates, int deliveries) {
    }

    /** Object events from a producer: routed to every dialect's rules and every bus their bucket publishes to. */
    public Result acceptObjects(List<ObjectEvent> events) {
        return objects(events, null);
    }

    /** Events injected through a vendor API: routed to that dialect's rules only. */
    @Override
    public int publish(List<ObjectEvent> events, String onlyDialect) {
        return objects(events, onlyDialect).deliveries();
    }

    /** Events pushed to a bus by an application: routed by that bus's rules. */
    @Override
    public void accept(List<BusEvent> events) {
        List<RoutedEvent> routed = new ArrayList<>(events.size());
        long now = clock.millis();
        for (BusEvent e : events) {
            metrics.eventReceived(BUS_PRODUCER);
            // Application events have no object to order by.
            List<Delivery> deliveries = buses.route(e).stream().map(p -> Delivery.fresh(busEventId(e), p, null, now)).toList();
            routed.add(new RoutedEvent(busEventId(e), BUS_PRODUCER, e.eventBusId(), e.source(), e.type(), "", deliveries,
                    List.of()));
        }
        append(routed);
    }

    private Result objects(List<ObjectEvent> events, String onlyDialect) {
        List<RoutedEvent> routed = new ArrayList<>(events.size());
        for (ObjectEvent e : events) {
            metrics.eventReceived(e.producer().label());
            routed.add(router.route(e, onlyDialect));
        }
        return append(routed);
    }

    private Result append(List<RoutedEvent> routed) {
        List<RoutedEvent> fresh = log.append(routed);
        try {
            afterCommit.committed(fresh);
        } catch (RuntimeException e) {
            // Stored is stored: the producer hears 2xx, and the deliveries wait in the queue for a refill or restart.
            LOG.error("{} events were committed, but handing their deliveries to the dispatcher failed", fresh.size(), e);
        }
        int deliveries = 0;
        int f = 0;
        for (RoutedEvent r : routed) {
            if (f < fresh.size() && fresh.get(f).id().equals(r.id())) {
                metrics.eventStored(r.producer());
                deliveries += fresh.get(f).deliveries().size();
                f++;
            } else {
                metrics.eventDuplicate(r.producer());
            }
        }
        return new Result(fresh.size(), routed.size() - fresh.size(), deliveries);
    }

    /** A bus event is the same event when its bus, source and id are. */
    private static String busEventId(BusEvent e) {
        return e.eventBusId() + "\u0000" + e.source() + "\u0000" + e.id();
    }
}

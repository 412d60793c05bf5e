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
import dev.herald.sidecar.tracing.Tracing;
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
    private final Tracing tracing;
    private final Clock clock;

    public Ingest(EventRouter router, BusRouter buses, EventLog log, AfterCommit afterCommit, HeraldMetrics metrics,
                  Tracing tracing, Clock clock) {
        this.router = router;
        this.buses = buses;
        this.log = log;
        this.afterCommit = afterCommit;
        this.metrics = metrics;
        this.tracing = tracing;
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
        List<Tracing.IngestSpan> spans = new ArrayList<>(events.size());
        long now = clock.millis();
        for (BusEvent e : events) {
            metrics.eventReceived(BUS_PRODUCER);
            String id = busEventId(e);
            Tracing.IngestSpan span = tracing.ingest(BUS_PRODUCER, e.eventBusId(), e.source(), e.type(), e.id(), null);
            spans.add(span);
            // Application events have no object to order by.
            List<Delivery> deliveries = buses.route(e).stream().map(p -> Delivery.fresh(id, p, null, now)).toList();
            routed.add(new RoutedEvent(id, BUS_PRODUCER, e.eventBusId(), e.source(), e.type(), "", deliveries,
                    List.of(), null, span.context()));
        }
        append(routed, spans);
    }

    private Result objects(List<ObjectEvent> events, String onlyDialect) {
        List<RoutedEvent> routed = new ArrayList<>(events.size());
        List<Tracing.IngestSpan> spans = new ArrayList<>(events.size());
        for (ObjectEvent e : events) {
            metrics.eventReceived(e.producer().label());
            Tracing.IngestSpan span = tracing.ingest(e.producer().label(), e.bucket(), e.key(), e.eventName(), e.id(),
                    e.requestId());
            spans.add(span);
            routed.add(router.route(e, onlyDialect).tracedBy(span.context()));
        }
        return append(routed, spans);
    }

    private Result append(List<RoutedEvent> routed, List<Tracing.IngestSpan> spans) {
        List<RoutedEvent> fresh;
        try {
            fresh = log.append(routed);
        } catch (RuntimeException e) {
            spans.forEach(s -> s.failed(e));
            throw e;
        }
        try {
            afterCommit.committed(fresh);
        } catch (RuntimeException e) {
            // Stored is stored: the producer hears 2xx, and the deliveries wait in the queue for a refill or restart.
            LOG.error("{} events were committed, but handing their deliveries to the dispatcher failed", fresh.size(), e);
        }
        int deliveries = 0;
        int f = 0;
        for (int i = 0; i < routed.size(); i++) {
            RoutedEvent r = routed.get(i);
            if (f < fresh.size() && fresh.get(f).id().equals(r.id())) {
                metrics.eventStored(r.producer());
                deliveries += fresh.get(f).deliveries().size();
                spans.get(i).stored(fresh.get(f).deliveries().size(), false);
                f++;
            } else {
                metrics.eventDuplicate(r.producer());
                spans.get(i).stored(0, true);
            }
        }
        return new Result(fresh.size(), routed.size() - fresh.size(), deliveries);
    }

    /** A bus event is the same event when its bus, source and id are. */
    private static String busEventId(BusEvent e) {
        return e.eventBusId() + "\u0000" + e.source() + "\u0000" + e.id();
    }
}

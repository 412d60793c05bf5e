package dev.herald.sidecar.bus;

import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.BusEventSink;
import dev.herald.sidecar.delivery.DeliveryEngine;
import dev.herald.sidecar.delivery.DeliveryStore;
import dev.herald.sidecar.delivery.ScheduledDelivery;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.store.HeraldStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores pushed bus events and their deliveries in one transaction, then schedules the
 * deliveries: the push API answers only after that commit. An event whose bus, source and id are
 * already stored is a resend: acknowledged again, delivered once.
 */
public final class BusIngest implements BusEventSink {
    private final HeraldStore store;
    private final BusRouter router;
    private final DeliveryEngine engine;
    private final HeraldMetrics metrics;
    private final Clock clock;

    public BusIngest(HeraldStore store, BusRouter router, DeliveryEngine engine, HeraldMetrics metrics, Clock clock) {
        this.store = store;
        this.router = router;
        this.engine = engine;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Routed(BusEvent event, String key, List<OutboundPush> pushes) {
    }

    @Override
    public void accept(List<BusEvent> events) {
        List<Routed> routed = new ArrayList<>(events.size());
        for (BusEvent e : events) {
            metrics.eventReceived("eventbus");
            routed.add(new Routed(e, e.eventBusId() + "\u0000" + e.source() + "\u0000" + e.id(), router.route(e)));
        }
        long now = clock.millis();
        List<ScheduledDelivery> scheduled = new ArrayList<>();
        int fresh = store.writer().execute(c -> insert(c, routed, now, scheduled));
        for (int i = 0; i < fresh; i++) {
            metrics.eventStored("eventbus");
        }
        scheduled.forEach(engine::schedule);
        for (int i = fresh; i < routed.size(); i++) {
            metrics.eventDuplicate("eventbus");
        }
    }

    /** Inserts the new events and their deliveries (added to {@code scheduled}); returns how many events were new. */
    private static int insert(Connection c, List<Routed> routed, long now, List<ScheduledDelivery> scheduled)
            throws SQLException {
        int fresh = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO bus_events (id, bus_id, source, event_id, "
                + "received_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Routed r : routed) {
                ps.setString(1, r.key());
                ps.setString(2, r.event().eventBusId());
                ps.setString(3, r.event().source());
                ps.setString(4, r.event().id());
                ps.setLong(5, now);
                ps.setString(6, r.event().toJsonString());
                if (ps.executeUpdate() == 1) {
                    fresh++;
                    for (OutboundPush p : r.pushes()) {
                        // Application events have no object to order by.
                        ScheduledDelivery d = DeliveryStore.insert(c, r.key(), p, null, now);
                        if (d != null) {
                            scheduled.add(d);
                        }
                    }
                }
            }
        }
        return fresh;
    }
}

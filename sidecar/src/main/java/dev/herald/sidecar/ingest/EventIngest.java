package dev.herald.sidecar.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.EventPublisher;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.qingstor.CloudfuncJob;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.sidecar.backend.ObjectEnricher;
import dev.herald.sidecar.backend.ReadCredentialSource;
import dev.herald.sidecar.bus.BusRouter;
import dev.herald.sidecar.cloudfunc.CloudfuncRunner;
import dev.herald.sidecar.delivery.DeliveryEngine;
import dev.herald.sidecar.delivery.DeliveryStore;
import dev.herald.sidecar.delivery.ScheduledDelivery;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.rules.RuleStore;
import dev.herald.sidecar.store.HeraldStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts decoded events: routes each through every dialect's rules for its bucket, then stores
 * the event and its deliveries in one transaction and returns only after the commit. An event
 * whose id is already stored (a producer's resend) is a duplicate: it is acknowledged but not
 * routed again.
 */
public final class EventIngest implements EventPublisher {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HeraldStore store;
    private final RuleStore rules;
    private final BusRouter buses;
    private final CloudfuncRunner cloudfuncs;
    private final ObjectEnricher enricher;
    private final ReadCredentialSource credentials;
    private final DeliveryEngine engine;
    private final HeraldMetrics metrics;
    private final Clock clock;

    public EventIngest(HeraldStore store, RuleStore rules, BusRouter buses, CloudfuncRunner cloudfuncs,
                       ObjectEnricher enricher, ReadCredentialSource credentials, DeliveryEngine engine,
                       HeraldMetrics metrics, Clock clock) {
        this.enricher = enricher;
        this.credentials = credentials;
        this.store = store;
        this.rules = rules;
        this.buses = buses;
        this.cloudfuncs = cloudfuncs;
        this.engine = engine;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What happened to one batch of events. */
    public record Result(int stored, int duplicates, int deliveries) {
    }

    /** Stores {@code events} with deliveries for every matching rule of every dialect and every bus they are published to. */
    public Result accept(List<ObjectEvent> events) {
        return ingest(events, null);
    }

    @Override
    public int publish(List<ObjectEvent> events, String onlyDialect) {
        return ingest(events, onlyDialect).deliveries();
    }

    private Result ingest(List<ObjectEvent> events, String onlyDialect) {
        List<Routed> routed = new ArrayList<>(events.size());
        for (ObjectEvent sent : events) {
            metrics.eventReceived(sent.producer().label());
            List<OutboundPush> pushes = route(sent, onlyDialect);
            ObjectEvent e = sent;
            if (!pushes.isEmpty() && enricher.needs(sent)) {
                // Only events someone receives are worth a HeadObject on the ingest path.
                e = enricher.enrich(sent);
                pushes = e == sent ? pushes : route(e, onlyDialect);
            }
            if (credentials.enabled() && e.isCreated() && pushes.stream().anyMatch(p -> p.dialect().equals(BosDialect.ID))) {
                ObjectEvent withCredentials = credentials.forObject(e.bucket(), e.key()).map(e::withReadCredentials).orElse(e);
                if (withCredentials != e) {
                    e = withCredentials;
                    pushes = route(e, onlyDialect);
                }
            }
            List<CloudfuncJob> jobs = onlyDialect == null || onlyDialect.equals(QingStorDialect.ID) ? cloudfuncs.jobsFor(e)
                    : List.of();
            // Only a cloudfunc job reads the stored event back; de-duplication needs just its id.
            routed.add(new Routed(e, jobs.isEmpty() ? "" : serialize(e), pushes, jobs));
        }
        long now = clock.millis();
        List<Routed> fresh = store.writer().execute(c -> insert(c, routed, now));
        int deliveries = 0;
        if (fresh.stream().anyMatch(r -> !r.jobs.isEmpty())) {
            cloudfuncs.wake();
        }
        for (Routed r : fresh) {
            metrics.eventStored(r.event.producer().label());
            r.scheduled.forEach(engine::schedule);
            deliveries += r.scheduled.size();
        }
        Set<Routed> stored = Collections.newSetFromMap(new IdentityHashMap<>());
        stored.addAll(fresh);
        routed.stream().filter(r -> !stored.contains(r)).forEach(r -> metrics.eventDuplicate(r.event.producer().label()));
        return new Result(fresh.size(), routed.size() - fresh.size(), deliveries);
    }

    private List<OutboundPush> route(ObjectEvent event, String onlyDialect) {
        List<OutboundPush> out = new ArrayList<>();
        for (Map.Entry<String, CompiledRules> e : rules.rulesFor(event.bucket()).entrySet()) {
            if (onlyDialect == null || onlyDialect.equals(e.getKey())) {
                out.addAll(e.getValue().route(event));
            }
        }
        if (onlyDialect == null) {
            out.addAll(buses.route(event, clock.instant()));
        }
        return out;
    }

    private static List<Routed> insert(Connection c, List<Routed> routed, long now) throws SQLException {
        List<Routed> fresh = new ArrayList<>(routed.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO events (id, producer, bucket, object_key, "
                + "event_name, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Routed r : routed) {
                ps.setString(1, r.event.id());
                ps.setString(2, r.event.producer().label());
                ps.setString(3, r.event.bucket());
                ps.setString(4, r.event.key());
                ps.setString(5, r.event.eventName());
                ps.setLong(6, now);
                ps.setString(7, r.json);
                if (ps.executeUpdate() == 1) {
                    fresh.add(r);
                    for (OutboundPush p : r.pushes) {
                        ScheduledDelivery d = DeliveryStore.insert(c, r.event.id(), p, orderKey(r.event), now);
                        if (d != null) {
                            r.scheduled.add(d);
                        }
                    }
                    CloudfuncRunner.insertJobs(c, r.event, r.jobs, now);
                }
            }
        }
        return fresh;
    }

    private static String serialize(ObjectEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("ObjectEvent is always serializable", x);
        }
    }

    /** FIFO destinations deliver one object's events in order. */
    public static String orderKey(ObjectEvent event) {
        return event.bucket() + "/" + event.key();
    }

    /** @param scheduled filled by the insert: the deliveries stored for this event */
    private record Routed(ObjectEvent event, String json, List<OutboundPush> pushes, List<CloudfuncJob> jobs,
                          List<ScheduledDelivery> scheduled) {
        Routed(ObjectEvent event, String json, List<OutboundPush> pushes, List<CloudfuncJob> jobs) {
            this(event, json, pushes, jobs, new ArrayList<>(pushes.size()));
        }
    }
}

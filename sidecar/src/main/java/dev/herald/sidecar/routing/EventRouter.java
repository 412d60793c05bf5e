package dev.herald.sidecar.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.DeferredJob;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.RuleMatches;
import dev.herald.sidecar.backend.ObjectEnricher;
import dev.herald.sidecar.backend.ReadCredentialSource;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.ObjectIndex;
import dev.herald.sidecar.storage.RoutedEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes an object event once: match every dialect's rules for its bucket; only if something
 * matched (or the bucket publishes to a bus), enrich it from the backend; only if a matched dialect
 * wants them, add read credentials; then render each push, once, from the final event. An event of
 * a bucket with rules is also what the object index learns about its object.
 */
public final class EventRouter {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Rules rules;
    private final BusRouter buses;
    private final Map<String, NotificationDialect> dialects = new LinkedHashMap<>();
    private final ObjectEnricher enricher;
    private final ReadCredentialSource credentials;
    private final Clock clock;

    public EventRouter(Rules rules, BusRouter buses, List<NotificationDialect> dialects, ObjectEnricher enricher,
                       ReadCredentialSource credentials, Clock clock) {
        this.rules = rules;
        this.buses = buses;
        dialects.forEach(d -> this.dialects.put(d.id(), d));
        this.enricher = enricher;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * @param onlyDialect route to this dialect's rules only (an event injected through a vendor API),
     *                    or {@code null} for every dialect and bus
     */
    public RoutedEvent route(ObjectEvent sent, String onlyDialect) {
        Map<String, RuleMatches> matched = new LinkedHashMap<>();
        boolean indexed = false;
        for (Map.Entry<String, CompiledRules> e : rules.compiledFor(sent.bucket()).entrySet()) {
            indexed |= !e.getValue().isEmpty();
            if (onlyDialect == null || onlyDialect.equals(e.getKey())) {
                RuleMatches m = e.getValue().match(sent);
                if (!m.isEmpty()) {
                    matched.put(e.getKey(), m);
                }
            }
        }
        // Bus patterns may look at what enrichment fills in, so buses match after it.
        boolean onBus = onlyDialect == null && buses.publishes(sent.bucket());
        ObjectEvent event = sent;
        if ((!matched.isEmpty() || onBus) && enricher.needs(sent)) {
            event = enricher.enrich(sent);
        }
        if (credentials.enabled() && event.isCreated()
                && matched.keySet().stream().anyMatch(id -> dialects.get(id).wantsReadCredentials())) {
            event = credentials.forObject(event.bucket(), event.key()).map(event::withReadCredentials).orElse(event);
        }
        List<OutboundPush> pushes = new ArrayList<>();
        List<DeferredJob> jobs = new ArrayList<>(0);
        for (RuleMatches m : matched.values()) {
            pushes.addAll(m.render(event));
            jobs.addAll(m.jobs(event));
        }
        long now = clock.millis();
        if (onBus) {
            pushes.addAll(buses.route(event, clock.instant()));
        }
        String orderKey = event.bucket() + "/" + event.key();
        List<Delivery> deliveries = new ArrayList<>(pushes.size());
        for (OutboundPush p : pushes) {
            deliveries.add(Delivery.fresh(event.id(), p, orderKey, now));
        }
        // Only a job reads the stored event back; de-duplication needs just its id.
        return new RoutedEvent(event.id(), event.producer().label(), event.bucket(), event.key(), event.eventName(),
                jobs.isEmpty() ? "" : serialize(event), deliveries, jobs, indexed ? ObjectIndex.Entry.of(event) : null);
    }

    private static String serialize(ObjectEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("ObjectEvent is always serializable", x);
        }
    }
}

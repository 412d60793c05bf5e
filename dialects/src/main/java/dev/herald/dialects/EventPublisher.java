package dev.herald.dialects;

import java.util.List;

/**
 * Accepts injected events (vendor "post event" APIs) for routing and delivery. Returns only after
 * the events and their deliveries are durably stored; throws {@link StoreUnavailableException}
 * otherwise.
 *
 * @return the number of deliveries created
 */
@FunctionalInterface
public interface EventPublisher {
    int publish(List<ObjectEvent> events, String onlyDialect);
}

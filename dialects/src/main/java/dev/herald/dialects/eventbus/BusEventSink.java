package dev.herald.dialects.eventbus;

import java.util.List;

/**
 * Takes the events of one accepted push request, all of them or none (the sidecar stores them
 * durably in one transaction).
 */
@FunctionalInterface
public interface BusEventSink {
    /** @throws dev.herald.dialects.StoreUnavailableException when they could not be stored; the client retries */
    void accept(List<BusEvent> events);
}

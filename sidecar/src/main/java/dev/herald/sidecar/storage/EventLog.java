package dev.herald.sidecar.storage;

import java.util.List;

/**
 * Where accepted events go: each with its deliveries and jobs, all at once or not at all. An
 * acknowledgement to a producer waits for {@link #append}; nothing it returned is ever lost.
 */
public interface EventLog {
    /**
     * Logs {@code events} with their deliveries and jobs in one durable commit and returns only after
     * it. An event whose id is already logged (a producer's resend) is left out: neither it nor its
     * deliveries are stored again.
     *
     * @return the events that were new, in order, with their deliveries as stored
     * @throws dev.herald.dialects.StoreUnavailableException when nothing could be stored
     */
    List<RoutedEvent> append(List<RoutedEvent> events);
}

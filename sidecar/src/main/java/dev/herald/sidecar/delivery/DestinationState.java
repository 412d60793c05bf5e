package dev.herald.sidecar.delivery;

/**
 * What an operator sees of one destination.
 *
 * @param circuit        {@code closed}, {@code open}, {@code half_open}, or {@code disabled} (no breaker)
 * @param held           deliveries held in memory (waiting for their next attempt or in flight)
 * @param backlogInStore whether more wait in the queue, to be loaded as the lane drains
 * @param ready          due and waiting for a sender
 * @param sending        attempts in flight
 * @param rateLimit      its requests-per-second limit, {@code null} for none
 */
public record DestinationState(String destination, String circuit, long timesOpened, int held, boolean backlogInStore,
                               int ready, int sending, Double rateLimit) {
}

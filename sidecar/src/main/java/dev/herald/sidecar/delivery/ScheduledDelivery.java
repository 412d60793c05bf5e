package dev.herald.sidecar.delivery;

/** What the scheduler keeps in memory per pending delivery: the payload stays in the store. */
public record ScheduledDelivery(String id, long dueAt, String targetUrl) {
}

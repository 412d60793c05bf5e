package dev.herald.sidecar.delivery;

/**
 * What the scheduler keeps in memory per pending delivery: the payload stays in the store.
 *
 * @param orderKey the object ({@code bucket/key}) whose events a FIFO destination gets in order, or null
 * @param seq      the store's insertion order (rowid) of the delivery
 */
public record ScheduledDelivery(String id, long dueAt, String targetUrl, String orderKey, long seq) {
}

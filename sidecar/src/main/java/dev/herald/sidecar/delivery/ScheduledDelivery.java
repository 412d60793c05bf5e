package dev.herald.sidecar.delivery;

/**
 * What the scheduler keeps in memory per pending delivery: the payload stays in the store.
 *
 * @param orderKey the object ({@code bucket/key}) whose events a FIFO destination gets in order, or null
 * @param seq      the store's insertion order (rowid) of the delivery
 * @param fresh    the row just inserted, so that its first attempt need not read it back; null
 *                 when loaded from the store
 */
public record ScheduledDelivery(String id, long dueAt, String targetUrl, String orderKey, long seq, StoredDelivery fresh) {
    public ScheduledDelivery(String id, long dueAt, String targetUrl, String orderKey, long seq) {
        this(id, dueAt, targetUrl, orderKey, seq, null);
    }
}

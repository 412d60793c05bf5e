package dev.herald.dialects;

/** How a dialect sends several pushes of one destination in one request ({@link NotificationDialect#batching()}). */
public interface PushBatching {
    /** A dialect whose pushes always go one per request. */
    PushBatching NONE = new PushBatching() {
        @Override
        public boolean batchable(OutboundPush push) {
            return false;
        }

        @Override
        public OutboundPush batch(PushBatch batch) {
            throw new UnsupportedOperationException("these pushes are not batched");
        }
    };

    /** Whether this push may travel with others of its destination in one request. */
    boolean batchable(OutboundPush push);

    /** The one push carrying a batch of batchable pushes (signed like any push by {@link NotificationDialect#pushHeaders}). */
    OutboundPush batch(PushBatch batch);
}

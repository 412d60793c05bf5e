package dev.herald.dialects.eventbus;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.JsonLists;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import dev.herald.dialects.PushBatching;

/**
 * How bus deliveries are attempted. Bus rules come from the config file, not from a config API,
 * so nothing is compiled from stored rules; the CloudEvents headers travel with each push
 * ({@link dev.herald.dialects.OutboundPush#headers()}). Any 2xx is success, as for CloudEvents HTTP sinks.
 */
public final class EventBusDialect implements NotificationDialect {
    /** CloudEvents HTTP binding, "Batched Content Mode": a JSON array of events in the JSON event format. */
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json; charset=UTF-8";
    private static final PushBatching BATCHES = new PushBatching() {
        @Override
        public boolean batchable(OutboundPush push) {
            return CloudEventsRendering.STRUCTURED_CONTENT_TYPE.equals(push.contentType()) && push.headers().isEmpty();
        }

        @Override
        public OutboundPush batch(PushBatch batch) {
            return batch.carrying(BATCH_CONTENT_TYPE, JsonLists.array(batch.bodies()));
        }
    };

    @Override
    public String id() {
        return CloudEventsRendering.DIALECT_ID;
    }

    @Override
    public CompiledRules compile(String bucket, String storedRulesJson) {
        return CompiledRules.NONE;
    }

    /** Structured-mode events only: a binary-mode event's attributes are its headers, which a batch cannot carry per event. */
    @Override
    public PushBatching batching() {
        return BATCHES;
    }
}

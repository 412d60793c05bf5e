package dev.herald.dialects;

/**
 * How a dialect whose pushes are {@code {"field":[...]}} batches them: one such body with every
 * member's elements, in order, under the dialect's content type.
 */
public record WrappedListBatches(String field, String contentType) implements PushBatching {
    @Override
    public boolean batchable(OutboundPush push) {
        return JsonLists.isWrappedList(field, push.body());
    }

    @Override
    public OutboundPush batch(PushBatch batch) {
        return batch.carrying(contentType, JsonLists.joinWrapped(field, batch.bodies()));
    }
}

package dev.herald.sidecar.tracing;

import java.util.function.Supplier;

/** {@link Tracing#OFF}: no SDK, no spans, no stored context. */
final class NoTracing implements Tracing, Tracing.IngestSpan, Tracing.AttemptSpan {
    @Override
    public IngestSpan ingest(String producer, String bucket, String key, String eventName, String eventId, String requestId) {
        return this;
    }

    @Override
    public AttemptSpan attempt(Supplier<String> storedContext, String deliveryId, String method, String url, int number) {
        return this;
    }

    @Override
    public boolean propagates() {
        return false;
    }

    @Override
    public String context() {
        return null;
    }

    @Override
    public void stored(int deliveries, boolean duplicate) {
    }

    @Override
    public void failed(Throwable cause) {
    }

    @Override
    public String traceparent() {
        return null;
    }

    @Override
    public void end(Integer status, String error, String outcome) {
    }

    @Override
    public void close() {
    }
}

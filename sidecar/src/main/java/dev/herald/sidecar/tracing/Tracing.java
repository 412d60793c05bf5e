package dev.herald.sidecar.tracing;

import java.util.function.Supplier;

/**
 * Herald's traces: one per event, from its ingest through every delivery attempt, joined across
 * restarts by the trace context stored with the event's deliveries. {@link #OFF} unless configured
 * ({@link OtelTracing#configured}), so the pipeline calls it unconditionally and pays nothing.
 */
public interface Tracing extends AutoCloseable {
    Tracing OFF = new NoTracing();

    /**
     * Starts the span of one event's ingest (routing and the durable commit).
     *
     * @param requestId the backend's request id ({@code x-amz-request-id}), or {@code null}
     */
    IngestSpan ingest(String producer, String bucket, String key, String eventName, String eventId, String requestId);

    /**
     * Starts the span of one delivery attempt under its event's trace.
     *
     * @param storedContext asked for only when tracing is on: the context {@link IngestSpan#context()} gave, or {@code null}
     * @param number        the attempt's number, 1 for the first
     */
    AttemptSpan attempt(Supplier<String> storedContext, String deliveryId, String method, String url, int number);

    /** Whether pushes carry a {@code traceparent} header naming their attempt's span. */
    boolean propagates();

    @Override
    void close();

    /** The ingest of one event. */
    interface IngestSpan {
        /** The W3C {@code traceparent} to store with the event's deliveries; {@code null} when not traced. */
        String context();

        /** @param deliveries how many deliveries it was routed to; @param duplicate a resend of a known event */
        void stored(int deliveries, boolean duplicate);

        /** It could not be stored (the producer is asked to send it again). */
        void failed(Throwable cause);
    }

    /** One delivery attempt. */
    interface AttemptSpan {
        /** The W3C {@code traceparent} naming this span, for the push's header. */
        String traceparent();

        /**
         * @param status  the receiver's HTTP status, {@code null} when nothing was answered
         * @param error   why it failed, {@code null} on success
         * @param outcome {@code delivered}, {@code retry}, {@code dead} or {@code gone}
         */
        void end(Integer status, String error, String outcome);
    }
}

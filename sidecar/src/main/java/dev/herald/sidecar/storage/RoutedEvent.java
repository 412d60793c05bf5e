package dev.herald.sidecar.storage;

import dev.herald.dialects.DeferredJob;

import java.util.List;

/**
 * An event as routing left it, ready to be logged: its identity (a resend with the same id is a
 * duplicate), its deliveries and the jobs its rules asked for.
 *
 * @param producer     {@code minio}, {@code ceph}, {@code eventbus}, ...
 * @param bucket       the object's bucket, or the bus for a bus event
 * @param key          the object key, or the event's source for a bus event
 * @param body         the event's JSON when a job will read it back, otherwise {@code ""}
 * @param indexed      what the {@link ObjectIndex} learns from it, {@code null} when nothing (a bus
 *                     event, a bucket without rules)
 * @param traceContext W3C {@code traceparent} of its ingest span, stored with its deliveries so that
 *                     their attempts join the trace, after a restart too; {@code null} when not traced
 */
public record RoutedEvent(String id, String producer, String bucket, String key, String eventName, String body,
                          List<Delivery> deliveries, List<DeferredJob> jobs, ObjectIndex.Entry indexed,
                          String traceContext) {
    public RoutedEvent {
        deliveries = List.copyOf(deliveries);
        jobs = List.copyOf(jobs);
    }

    /** An event outside any trace. */
    public RoutedEvent(String id, String producer, String bucket, String key, String eventName, String body,
                       List<Delivery> deliveries, List<DeferredJob> jobs, ObjectIndex.Entry indexed) {
        this(id, producer, bucket, key, eventName, body, deliveries, jobs, indexed, null);
    }

    /** An event the object index does not learn from, outside any trace. */
    public RoutedEvent(String id, String producer, String bucket, String key, String eventName, String body,
                       List<Delivery> deliveries, List<DeferredJob> jobs) {
        this(id, producer, bucket, key, eventName, body, deliveries, jobs, null, null);
    }

    /** The same event with its deliveries as stored (positions assigned). */
    public RoutedEvent withDeliveries(List<Delivery> stored) {
        return new RoutedEvent(id, producer, bucket, key, eventName, body, stored, jobs, indexed, traceContext);
    }

    /** The same event in the trace of {@code context}. */
    public RoutedEvent tracedBy(String context) {
        return new RoutedEvent(id, producer, bucket, key, eventName, body, deliveries, jobs, indexed, context);
    }
}

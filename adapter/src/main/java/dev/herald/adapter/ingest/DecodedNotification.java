package dev.herald.adapter.ingest;

import dev.herald.dialects.ObjectEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one notification body holds.
 *
 * @param events     the object events, in body order; empty for a test event
 * @param testEvent  true for the AWS {@code s3:TestEvent} a bucket sends when it is configured
 * @param opaqueData each record's {@code opaqueData} (Ceph's per-topic secret), {@code null}
 *                   where a record has none; same order and size as {@code events}
 */
public record DecodedNotification(List<ObjectEvent> events, boolean testEvent, List<String> opaqueData) {

    public DecodedNotification {
        events = List.copyOf(events);
        // List.copyOf refuses nulls, and a record without opaqueData is normal.
        opaqueData = Collections.unmodifiableList(new ArrayList<>(opaqueData));
    }

    static DecodedNotification test() {
        return new DecodedNotification(List.of(), true, List.of());
    }
}

package dev.herald.sidecar.ingest;

import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.BusEventSink;

import java.util.List;

/**
 * A sink that remembers the events it committed, so that an answer can be checked against what
 * became durable: once the store has taken a push, the producer must hear 2xx, whatever fails
 * after (rendering the echo, say), or it resends forever.
 */
final class CommitWitness implements BusEventSink {
    private final BusEventSink sink;
    private List<BusEvent> committed;

    CommitWitness(BusEventSink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(List<BusEvent> events) {
        sink.accept(events);
        committed = List.copyOf(events);
    }

    /** The events the store took, or {@code null} if it took none (refused before, or failed). */
    List<BusEvent> committed() {
        return committed;
    }
}

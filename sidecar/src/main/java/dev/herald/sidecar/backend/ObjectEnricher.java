package dev.herald.sidecar.backend;

import dev.herald.dialects.ObjectEvent;

/** Fills in what a producer left out of an event, from the backend. */
public interface ObjectEnricher {
    /** Whether the event lacks something enrichment would fill in. */
    boolean needs(ObjectEvent event);

    /** The event with what the backend said filled in, or the event as it was. */
    ObjectEvent enrich(ObjectEvent event);

    /** No backend: events stay as sent. */
    ObjectEnricher NONE = new ObjectEnricher() {
        @Override
        public boolean needs(ObjectEvent event) {
            return false;
        }

        @Override
        public ObjectEvent enrich(ObjectEvent event) {
            return event;
        }
    };
}

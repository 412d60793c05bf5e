package dev.herald.dialects;

import java.util.List;

/** A bucket's rules of one dialect, compiled for fast matching. Immutable and thread-safe. */
@FunctionalInterface
public interface CompiledRules {
    /** Deliveries for one event, in rule order; empty when nothing matches. */
    List<OutboundPush> route(ObjectEvent event);

    /** True when there is no rule at all (the bucket needs no events from the backend). */
    default boolean isEmpty() {
        return false;
    }

    CompiledRules NONE = new CompiledRules() {
        @Override
        public List<OutboundPush> route(ObjectEvent event) {
            return List.of();
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };
}

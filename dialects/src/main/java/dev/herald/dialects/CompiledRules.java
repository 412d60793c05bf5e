package dev.herald.dialects;

import java.util.List;

/** A bucket's rules of one dialect, compiled for fast matching. Immutable and thread-safe. */
@FunctionalInterface
public interface CompiledRules {
    /** Deliveries for one event, in rule order; empty when nothing matches. */
    List<OutboundPush> route(ObjectEvent event);

    CompiledRules NONE = event -> List.of();
}

package dev.herald.dialects.eventbus;

import java.util.Optional;

/** Finds a configured bus by its id. */
@FunctionalInterface
public interface BusDirectory {
    Optional<Bus> find(String id);
}

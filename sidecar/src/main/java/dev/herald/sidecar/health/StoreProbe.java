package dev.herald.sidecar.health;

import dev.herald.sidecar.storage.Storage;

import java.time.Duration;
import java.util.Optional;

/** Unready when the store does not answer a probe through its writer in time: full, broken or stalled. */
public final class StoreProbe implements ReadinessCheck {
    private final Storage storage;
    private final Duration timeout;

    public StoreProbe(Storage storage, Duration timeout) {
        this.storage = storage;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> problem() {
        try {
            storage.probe(timeout);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("store: " + e.getMessage());
        }
    }
}

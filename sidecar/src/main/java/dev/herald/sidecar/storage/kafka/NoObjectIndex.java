package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.ObjectIndex;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Cluster mode keeps no object index yet (docs/cluster.md): reconciliation finds no bucket it covers. */
final class NoObjectIndex implements ObjectIndex {
    @Override
    public Optional<Instant> indexingSince(String bucket) {
        return Optional.empty();
    }

    @Override
    public List<Entry> page(String bucket, String afterKey, int limit) {
        return List.of();
    }
}

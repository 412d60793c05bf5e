package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.Delivery;

import java.util.List;
import java.util.Optional;

/** Cluster mode does not run cloudfunc jobs yet (docs/cluster.md): none is ever due. */
final class NoCloudfuncJobs implements CloudfuncJobStore {
    @Override
    public List<DueJob> due(long now, int limit) {
        return List.of();
    }

    @Override
    public void retryLater(String id, long next, String error) {
        throw new UnsupportedOperationException("no cloudfunc jobs in cluster mode");
    }

    @Override
    public Optional<Delivery> finish(String id, Optional<Delivery> result) {
        throw new UnsupportedOperationException("no cloudfunc jobs in cluster mode");
    }
}

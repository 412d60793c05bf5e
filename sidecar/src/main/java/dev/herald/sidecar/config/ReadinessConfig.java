package dev.herald.sidecar.config;

import java.time.Duration;

/**
 * {@code server.readiness}: when {@code /readyz} says Herald cannot serve, so that a supervisor
 * takes it out of rotation or restarts it (docs/operations.md, "Readiness").
 *
 * @param storeTimeout how long a probe through the store's writer may take before the store counts as stalled
 * @param minFreeHeap  fraction of the heap that must stay free after a collection; below it Herald is unready
 */
public record ReadinessConfig(Duration storeTimeout, Double minFreeHeap) {
    public ReadinessConfig {
        storeTimeout = storeTimeout == null ? Duration.ofSeconds(2) : storeTimeout;
        minFreeHeap = minFreeHeap == null ? 0.1 : minFreeHeap;
        if (storeTimeout.isNegative() || storeTimeout.isZero()) {
            throw new ConfigException("server.readiness.storeTimeout must be positive");
        }
        if (minFreeHeap < 0 || minFreeHeap >= 1) {
            throw new ConfigException("server.readiness.minFreeHeap must be in [0, 1), got " + minFreeHeap);
        }
    }
}

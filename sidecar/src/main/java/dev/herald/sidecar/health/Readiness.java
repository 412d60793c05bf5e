package dev.herald.sidecar.health;

import java.util.List;
import java.util.Optional;

/**
 * Whether Herald can serve: not stopping, and every check passes. A supervisor polls it through
 * {@code /readyz}; on SIGTERM {@link #stop()} makes it fail at once, before anything is closed
 * (docs/operations.md, "Readiness").
 */
public final class Readiness {
    private final List<ReadinessCheck> checks;
    private volatile boolean stopping;

    public Readiness(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The first problem, in check order, or empty when Herald is ready. */
    public Optional<String> problem() {
        if (stopping) {
            return Optional.of("shutting down");
        }
        for (ReadinessCheck check : checks) {
            Optional<String> problem = check.problem();
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** From now on Herald is unready and refuses new requests. */
    public void stop() {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }
}

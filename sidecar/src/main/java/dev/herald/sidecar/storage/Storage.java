package dev.herald.sidecar.storage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything Herald keeps: the seams the service works against. The embedded implementation is
 * one SQLite file; every part commits before it returns (or before its future completes).
 */
public interface Storage extends AutoCloseable {
    EventLog events();

    RuleStorage rules();

    DeliveryQueue deliveries();

    DeadLetterStore deadLetters();

    CloudfuncJobStore cloudfuncJobs();

    DisabledTargetStore disabledTargets();

    ObjectIndex objectIndex();

    /** Starts background upkeep (forgetting events past the retention); stopped by {@link #close()}. */
    void start();

    /**
     * Returns once the store has answered a trivial unit of work the way writes go, within
     * {@code timeout}; throws {@link dev.herald.dialects.StoreUnavailableException} otherwise.
     * For {@code /readyz}.
     */
    void probe(Duration timeout);

    /** Where the data lives, for the log line at start. */
    Path location();

    @Override
    void close();
}

package dev.herald.sidecar.metrics;

import dev.herald.sidecar.storage.Storage;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/** Takes a {@link MinuteSamples.Sample} at start and then once a minute, on a daemon thread of its own. */
public final class MinuteSampler implements AutoCloseable {
    private final HeraldMetrics metrics;
    private final Storage storage;
    private final Clock clock;
    private final MinuteSamples samples = new MinuteSamples();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("herald-minute-sampler").factory());

    public MinuteSampler(HeraldMetrics metrics, Storage storage, Clock clock) {
        this.metrics = metrics;
        this.storage = storage;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.MINUTES);
    }

    public MinuteSamples samples() {
        return samples;
    }

    /** Reads the totals and levels now (the console's overview reads the same values live). */
    public MinuteSamples.Sample now() {
        long at = clock.millis();
        return new MinuteSamples.Sample(at, sum(metrics.totals("herald.events.stored", "producer", null, null).values()),
                sum(metrics.totals("herald.deliveries", "outcome", "outcome", "succeeded").values()),
                read(() -> storage.deliveries().pendingCount()),
                read(() -> StorageGauges.oldestAgeSeconds(storage.deliveries(), clock)),
                read(() -> storage.deadLetters().count()));
    }

    void sample() {
        samples.add(now());
    }

    private static double sum(Iterable<Double> values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /** A level the store could not give reads as NaN, as the gauges do; the sampler goes on. */
    private static double read(DoubleSupplier value) {
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.herald.sidecar.metrics;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last hour of Herald at one sample a minute, in memory, for the console's charts: totals
 * that only grow (events stored, deliveries made) so that a rate is the difference of two
 * samples, and levels (queue depth, its oldest entry's age, dead letters). A restart starts it empty.
 */
public final class MinuteSamples {
    /** One minute's reading. {@code at} is epoch millis; NaN where the store could not be read. */
    public record Sample(long at, double eventsStored, double delivered, double pending, double oldestPendingSeconds,
                         double deadLetters) {
    }

    public static final int CAPACITY = 61;   // 60 one-minute intervals

    private final ArrayDeque<Sample> samples = new ArrayDeque<>(CAPACITY);

    public synchronized void add(Sample s) {
        if (samples.size() == CAPACITY) {
            samples.removeFirst();
        }
        samples.addLast(s);
    }

    /** Oldest first. */
    public synchronized List<Sample> all() {
        return List.copyOf(samples);
    }
}

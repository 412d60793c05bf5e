package dev.herald.benchmarks;

import java.util.Locale;

/**
 * The CPU time (user + system, {@code /proc/<pid>/stat}) processes spend on one piece of load,
 * read just before and just after it: Herald's per event beside its baseline's.
 */
final class CpuTime {
    /** {@code getconf CLK_TCK} on Linux. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final long pid;
    private long startTicks;

    CpuTime(long pid) {
        this.pid = pid;
    }

    void start() {
        startTicks = RssSampler.cpuTicks(pid);
    }

    /** Milliseconds of CPU per event since {@link #start()}. */
    double millisPerEvent(int events) {
        return (RssSampler.cpuTicks(pid) - startTicks) * MILLIS_PER_TICK / events;
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }
}

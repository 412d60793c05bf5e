package dev.herald.benchmarks;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The CPU time (user + system, {@code /proc/<pid>/stat}) processes spend on one piece of load,
 * read just before and just after it: Herald's per event beside its baseline's. Of several
 * processes (Herald's replicas), their sum.
 */
final class CpuTime {
    /** {@code getconf CLK_TCK} on Linux. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final long[] pids;
    private long startTicks;

    CpuTime(long... pids) {
        this.pids = pids.clone();
    }

    /** A run's events per second and these processes' CPU ms per event. */
    record Run(double rate, double cpu) {
    }

    /** Runs {@code load} ({@code events} events; it returns their rate) and reads these processes' CPU around it. */
    Run run(int events, Callable<Double> load) throws Exception {
        start();
        double rate = load.call();
        return new Run(rate, millisPerEvent(events));
    }

    void start() {
        startTicks = ticks();
    }

    /** Milliseconds of CPU per event since {@link #start()}. */
    double millisPerEvent(int events) {
        return (ticks() - startTicks) * MILLIS_PER_TICK / events;
    }

    private long ticks() {
        long sum = 0;
        for (long pid : pids) {
            sum += RssSampler.cpuTicks(pid);
        }
        return sum;
    }

    /** A report row: CPU ms per event of Herald and of its baseline; the ratio is the baseline's over Herald's. */
    static Report.Figure figure(String name, double herald, double baseline, String target) {
        return new Report.Figure(name, ms(herald), ms(baseline), String.format(Locale.ROOT, "%.2f", baseline / herald), target);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }
}

package dev.herald.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The CPU time (user + system, {@code /proc/<pid>/stat}) processes spend on one piece of load,
 * read just before and just after it: Herald's per event beside its baseline's. Of several
 * processes (Herald's replicas), their sum. Apart from the total, the share of the JVM's JIT
 * compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…} in
 * {@code /proc/<pid>/task/<tid>/stat}): a one-time cost of a fresh JVM that a short run would
 * otherwise count as the cost of every event.
 */
final class CpuTime {
    /** {@code getconf CLK_TCK} on Linux. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final long[] pids;
    private long startTicks;
    private long startCompilerTicks;

    CpuTime(long... pids) {
        this.pids = pids.clone();
    }

    /** A run's events per second, these processes' CPU ms per event, and the JIT compilers' part of it. */
    record Run(double rate, double cpu, double jit) {
        /** CPU ms per event without the JIT compilers'. */
        double steady() {
            return cpu - jit;
        }
    }

    /** Runs {@code load} ({@code events} events; it returns their rate) and reads these processes' CPU around it. */
    Run run(int events, Callable<Double> load) throws Exception {
        start();
        double rate = load.call();
        return new Run(rate, millisPerEvent(events), jitMillisPerEvent(events));
    }

    void start() {
        startTicks = ticks();
        startCompilerTicks = compilerTicks();
    }

    /** Milliseconds of CPU per event since {@link #start()}. */
    double millisPerEvent(int events) {
        return (ticks() - startTicks) * MILLIS_PER_TICK / events;
    }

    /** Milliseconds of the JIT compiler threads' CPU per event since {@link #start()}. */
    double jitMillisPerEvent(int events) {
        return (compilerTicks() - startCompilerTicks) * MILLIS_PER_TICK / events;
    }

    /** The JIT compilers' share of these processes' CPU since {@link #start()}; 0 when they used none. */
    double jitShare() {
        long total = ticks() - startTicks;
        return total <= 0 ? 0 : (double) (compilerTicks() - startCompilerTicks) / total;
    }

    private long ticks() {
        long sum = 0;
        for (long pid : pids) {
            sum += RssSampler.cpuTicks(pid);
        }
        return sum;
    }

    private long compilerTicks() {
        long sum = 0;
        for (long pid : pids) {
            sum += compilerTicks(pid);
        }
        return sum;
    }

    /** utime + stime of the JIT compiler threads of {@code pid}; 0 where {@code /proc} cannot tell. */
    static long compilerTicks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.mapToLong(CpuTime::compilerThreadTicks).sum();
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long compilerThreadTicks(Path task) {
        try {
            String stat = Files.readAllLines(task.resolve("stat")).getFirst();
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException exited) {
            return 0;
        }
    }

    /** A report row: CPU ms per event of Herald and of its baseline; the ratio is the baseline's over Herald's. */
    static Report.Figure figure(String name, double herald, double baseline, String target) {
        return new Report.Figure(name, ms(herald), ms(baseline), String.format(Locale.ROOT, "%.2f", baseline / herald), target);
    }

    /** The same row with Herald's JIT compilers' part beside its figure, e.g. {@code 0.412 ms (JIT 0.021)}. */
    static Report.Figure figure(String name, Run herald, double baseline, String target) {
        return new Report.Figure(name, ms(herald.cpu()) + String.format(Locale.ROOT, " (JIT %.3f)", herald.jit()),
                ms(baseline), String.format(Locale.ROOT, "%.2f", baseline / herald.cpu()), target);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }
}

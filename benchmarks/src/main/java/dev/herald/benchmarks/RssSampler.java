package dev.herald.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples the resident set size of other processes (Herald, the baselines) from
 * {@code /proc/<pid>/status} every 50 ms on a daemon thread, and keeps the peak {@code VmRSS}
 * per process and phase. {@code VmHWM} (the kernel's own peak, between samples too) is read at
 * the end; and the CPU time each process spent per phase. Linux only; elsewhere every figure is -1.
 */
final class RssSampler implements AutoCloseable {
    private final Map<String, Long> pids = new LinkedHashMap<>();
    /** process -> phase -> peak VmRSS in kB; insertion-ordered for the report. */
    private final Map<String, Map<String, Long>> peaks = new LinkedHashMap<>();
    /** process -> phase -> CPU time (user + system) spent in that phase, in clock ticks. */
    private final Map<String, Map<String, Long>> cpu = new LinkedHashMap<>();
    private final Map<String, Long> cpuAtPhaseStart = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private String phase = "start";

    RssSampler() {
        thread = Thread.ofPlatform().daemon(true).name("bench-rss").start(this::run);
    }

    synchronized void watch(String process, long pid) {
        pids.put(process, pid);
        peaks.computeIfAbsent(process, p -> new LinkedHashMap<>());
        cpu.computeIfAbsent(process, p -> new LinkedHashMap<>());
        cpuAtPhaseStart.put(process, cpuTicks(pid));
    }

    /** Samples from now on count for {@code name}. */
    synchronized void phase(String name) {
        sampleNow();
        pids.forEach((process, pid) -> {
            long now = cpuTicks(pid);
            if (now >= 0) {
                cpu.get(process).merge(phase, now - cpuAtPhaseStart.get(process), Long::sum);
                cpuAtPhaseStart.put(process, now);
            }
        });
        phase = name;
        sampleNow();
    }

    /** CPU seconds (user + system) each process spent in each phase that has ended. */
    synchronized Map<String, Map<String, Double>> cpuSeconds() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        cpu.forEach((p, m) -> {
            Map<String, Double> seconds = new LinkedHashMap<>();
            m.forEach((ph, ticks) -> seconds.put(ph, ticks / 100.0)); // USER_HZ is 100 on Linux
            out.put(p, seconds);
        });
        return out;
    }

    /** Peak VmRSS of {@code process} in phase {@code name}, in kB; -1 if never sampled. */
    synchronized long peakKb(String process, String name) {
        return peaks.getOrDefault(process, Map.of()).getOrDefault(name, -1L);
    }

    /** Peak VmRSS of {@code process} over all phases, in kB. */
    synchronized long peakKb(String process) {
        return peaks.getOrDefault(process, Map.of()).values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Every process's peak per phase, in kB. */
    synchronized Map<String, Map<String, Long>> peaks() {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        peaks.forEach((p, m) -> copy.put(p, new LinkedHashMap<>(m)));
        return copy;
    }

    /** {@code VmHWM} of {@code process} now (its peak resident set since it started), in kB. */
    synchronized long hwmKb(String process) {
        Long pid = pids.get(process);
        return pid == null ? -1 : field(pid, "VmHWM:");
    }

    private void run() {
        while (!closed) {
            synchronized (this) {
                sampleNow();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Holding the lock. */
    private void sampleNow() {
        pids.forEach((process, pid) -> {
            long kb = field(pid, "VmRSS:");
            if (kb >= 0) {
                peaks.get(process).merge(phase, kb, Math::max);
            }
        });
    }

    /** utime + stime of {@code /proc/<pid>/stat}, in clock ticks; -1 if unreadable. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readAllLines(Path.of("/proc/" + pid + "/stat")).getFirst(); // not readString: see Ports
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** A kB field of {@code /proc/<pid>/status}, or -1. */
    static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process has exited
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

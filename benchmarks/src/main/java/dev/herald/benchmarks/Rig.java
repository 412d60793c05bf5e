package dev.herald.benchmarks;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.Ports;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Herald (one process, or several replicas of one cluster), the baselines' JVM, the sink and the
 * samplers of one run, in a work directory of its own; closing stops and removes them all (the
 * work directory unless {@code --keep}).
 */
final class Rig implements AutoCloseable {
    /** The processes as the report names them. */
    static final String HERALD = "Herald";
    static final String BASELINES = "baselines";
    private static final String BENCH = "load generator + sink";

    final Sink sink;
    final BaselinesProcess baselines;
    /** The first replica (the only one in embedded mode). */
    final HeraldProcess herald;
    final List<HeraldProcess> replicas;
    final HeraldMetrics metrics;
    final RssSampler rss = new RssSampler();
    final Traffic traffic;
    private final Path work;
    private final boolean keep;
    private final GcPauses gc;
    private final Thread cleanup;
    private final long started = System.nanoTime();

    private Rig(Path work, boolean keep, Sink sink, BaselinesProcess baselines, List<HeraldProcess> replicas, Thread cleanup) {
        this.work = work;
        this.keep = keep;
        this.sink = sink;
        this.baselines = baselines;
        this.herald = replicas.getFirst();
        this.replicas = List.copyOf(replicas);
        this.cleanup = cleanup;
        this.metrics = new HeraldMetrics(herald.baseUri());
        this.gc = new GcPauses(work.resolve("herald-gc.log"));
        this.traffic = new Traffic(sink, replicas, this::log);
    }

    /** Starts the sink, the baselines and Herald with the YAML made for the sink's URL, with the JVM options of {@code o}. */
    static Rig start(BenchmarkOptions o, Function<URI, String> yamlForSink) throws Exception {
        return start(o, 1, yamlForSink);
    }

    /**
     * The same with {@code replicas} Herald processes on the same YAML (a cluster's replicas), one
     * after the other; the first in the work directory, replica n in {@code replica-n/} of it.
     */
    static Rig start(BenchmarkOptions o, int replicas, Function<URI, String> yamlForSink) throws Exception {
        Path work = Files.createTempDirectory("herald-bench-");
        Sink sink = Sink.start(Ports.freePort());
        BaselinesProcess baselines = null;
        List<HeraldProcess> heralds = new ArrayList<>();
        // A failing run exits through System.exit: the child JVMs must not outlive it.
        List<ProcessHandle> children = new CopyOnWriteArrayList<>();
        Thread cleanup = new Thread(() -> children.forEach(ProcessHandle::destroyForcibly), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            baselines = BaselinesProcess.launch(work, o.jvm(), sink.url());
            children.add(baselines.handle());
            // The baselines listen on ports the kernel picks: take them before Herald's port is chosen.
            baselines.awaitReady();
            String yaml = yamlForSink.apply(sink.url());
            for (int n = 1; n <= replicas; n++) {
                Path dir = n == 1 ? work : work.resolve("replica-" + n);
                List<String> heraldJvm = new ArrayList<>(o.jvm());
                heraldJvm.addAll(o.heraldJvm());
                heraldJvm.add("-Xlog:gc:file=" + dir.resolve("herald-gc.log"));
                HeraldProcess herald = HeraldProcess.create(dir, yaml, dir.resolve("data"), 0, heraldJvm);
                heralds.add(herald);
                herald.start();
                ProcessHandle.of(herald.pid()).ifPresent(children::add);
            }
            Rig rig = new Rig(work, o.keep(), sink, baselines, heralds, cleanup);
            for (int n = 1; n <= replicas; n++) {
                rig.rss.watch(n == 1 ? HERALD : replica(n), heralds.get(n - 1).pid());
            }
            rig.rss.watch(BASELINES, baselines.pid());
            rig.rss.watch(BENCH, ProcessHandle.current().pid());
            rig.log("Herald pid " + heralds.stream().map(h -> h.pid() + " on " + h.baseUri()).toList()
                    + ", baselines pid " + baselines.pid()
                    + ", sink " + sink.url() + ", JVM options " + BenchmarkOptions.describe(o.jvm())
                    + (o.heraldJvm().isEmpty() ? "" : " + Herald only: " + String.join(" ", o.heraldJvm()))
                    + ", work directory " + work);
            return rig;
        } catch (Throwable t) {
            heralds.forEach(HeraldProcess::kill);
            if (baselines != null) {
                baselines.kill();
            }
            sink.close();
            throw t;
        }
    }

    /** Replica {@code n} (from 2; the first is {@link #HERALD}) as the report names it. */
    static String replica(int n) {
        return "Herald replica " + n;
    }

    URI heraldIngest() {
        return herald.baseUri().resolve("/ingest/minio");
    }

    /** The ingest URL of every replica. */
    List<URI> heraldIngests() {
        return replicas.stream().map(h -> h.baseUri().resolve("/ingest/minio")).toList();
    }

    /** The CPU time of every replica together. */
    CpuTime heraldCpu() {
        return new CpuTime(replicas.stream().mapToLong(HeraldProcess::pid).toArray());
    }

    /**
     * Phase "warm-up": {@code events} events to the ack server and to Herald from 4 senders, so
     * that both JVMs have compiled their ingest path before anything is measured.
     */
    void warmUpIngest(int events) throws Exception {
        phase("warm-up");
        warmUntilCompiled("warm-up ack", baselinesCpu(), events, round -> traffic.send("warm-up ack " + round,
                baselines.ackUrl(), null, new EventBodies("warm-ack-" + round), events, 4, 1));
        warmUntilCompiled("warm-up Herald", heraldCpu(), events, round -> traffic.send("warm-up Herald " + round,
                heraldIngests(), BenchmarkConfig.TOKEN, new EventBodies("warm-herald-" + round), events, 4, 1));
    }

    /** One round of warm-up load; {@code round} (1, 2, ...) keeps each round's objects distinct. */
    @FunctionalInterface
    interface WarmUpRound {
        void run(int round) throws Exception;
    }

    /** The CPU time of the baselines JVM. */
    CpuTime baselinesCpu() {
        return new CpuTime(baselines.pid());
    }

    /**
     * Runs warm-up rounds until the JIT compilers of the process(es) {@code cpu} reads took under a
     * tenth of its CPU in one, at most 12 rounds (2 in runs of fewer than 10,000 events): a fresh JVM
     * keeps compiling for tens of seconds, and that one-time cost would otherwise be counted against
     * the measured events. Herald and its baselines are warmed alike.
     */
    void warmUntilCompiled(String what, CpuTime cpu, int eventsPerRound, WarmUpRound round) throws Exception {
        int maxRounds = eventsPerRound >= 2_500 ? 12 : 2;
        for (int i = 1; i <= maxRounds; i++) {
            cpu.start();
            round.run(i);
            double share = cpu.jitShare();
            log(String.format(Locale.ROOT, "%s, round %d of at most %d: the JIT compilers took %.0f %% of its CPU",
                    what, i, maxRounds, share * 100));
            if (share < 0.10) {
                return;
            }
        }
        log(what + ": still compiling after " + maxRounds + " rounds; measuring anyway (the CPU rows show the JIT's part)");
    }

    /** The same within the current phase, to every replica. */
    void warmUpIngestNow(int events) throws Exception {
        traffic.send("warm-up ack", baselines.ackUrl(), null, new EventBodies("warm-ack"), events, 4, 1);
        traffic.send("warm-up Herald", heraldIngests(), BenchmarkConfig.TOKEN, new EventBodies("warm-herald"), events, 4, 1);
    }

    /** From now on, resident set sizes, CPU time and GC pauses count for phase {@code name}. */
    void phase(String name) {
        rss.phase(name);
        gc.phase(name);
        log("phase '" + name + "' starts at epoch ms " + System.currentTimeMillis());
    }

    /** Ends the last phase and reports the run: {@code what} it ran, its figures and notes. */
    Report report(BenchmarkOptions o, String what, List<Report.Figure> figures, List<String> notes) throws IOException {
        phase("end");
        Map<String, String> gcByPhase = gc.byPhase();
        gcByPhase.remove("end");
        Map<String, Map<String, Long>> peaks = rss.peaks();
        peaks.values().forEach(m -> m.remove("end"));
        return new Report(RunTitle.of(o, what, work), figures, peaks, rss.cpuSeconds(), gcByPhase, notes);
    }

    /** Progress on standard error (standard output is the report). */
    void log(String message) {
        System.err.printf(Locale.ROOT, "[bench %6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    long dataDirKb() throws IOException {
        try (var files = Files.walk(herald.dataDir())) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1024;
        }
    }

    @Override
    public void close() throws Exception {
        rss.close();
        try {
            replicas.forEach(HeraldProcess::stop);
        } finally {
            baselines.stop();
            sink.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (keep) {
                log("work directory kept: " + work);
            } else {
                try (var walk = Files.walk(work)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}

package dev.herald.benchmarks;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.harness.HeraldProcess;
import dev.herald.harness.Ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Herald's benchmark ({@code ./herald bench}): every figure next to a baseline measured in the
 * same run on the same machine.
 *
 * <p>Three JVMs: Herald ({@code herald.jar} via {@link HeraldProcess}, durability on: SQLite WAL,
 * {@code synchronous=FULL}); the baselines ({@link Baselines}: an ack server and a bare relay, on
 * the same Jetty, with the same JVM options); and this one, which holds the load generator
 * ({@link LoadGenerator}: pre-built requests over plain keep-alive sockets) and the fast receiver
 * ({@link Sink}). Herald's and the baselines' resident set sizes are sampled from {@code /proc}
 * during every phase ({@link RssSampler}).
 *
 * <p>{@code HeraldBenchmark [EVENTS]} (default 20,000):
 * <ul>
 *   <li>ingest-ack latency, one sequential sender (how MinIO's {@code queue_dir} mode sends) —
 *       baseline: the ack server;</li>
 *   <li>sustained ingest, 16 concurrent senders — baseline: the ack server;</li>
 *   <li>end to end into the sink with BOS rendering and signing — baseline: the relay;</li>
 *   <li>Herald's peak resident set size under that load — next to the baselines JVM's.</li>
 * </ul>
 * {@code HeraldBenchmark --backlog N}: N events ingested while the BOS rule's receiver is down,
 * then the receiver comes up and the drain is timed; every event must arrive exactly once.
 *
 * <p>Options: {@code --jvm "OPTS"} Herald's and the baselines' JVM options (default
 * {@link #DEFAULT_JVM}; {@code --jvm ""} for the JVM's own defaults); {@code --herald-jvm "OPTS"}
 * more options for Herald's JVM only (a JFR recording); {@code --records N} records per request
 * and {@code --senders N} senders when building a backlog; {@code --keep} keeps the work directory.
 * Exits non-zero on any failure.
 */
public final class HeraldBenchmark {
    /** Herald's and the baselines' JVM options unless {@code --jvm} says otherwise: see docs/BENCHMARKS.md. */
    public static final List<String> DEFAULT_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=64m",
            "-Xss512k", "-XX:ReservedCodeCacheSize=64m");

    static final String TOKEN = "bench-token";
    private static final String AK = "bench-ak";
    private static final String SK = "bench-sk";
    private static final String HERALD = "Herald";
    private static final String BASELINES = "baselines";
    private static final String BENCH = "load generator + sink";

    public record Figure(String name, String herald, String baseline, String ratio, String target) {
    }

    /**
     * What a run measured: its figures; per process and phase, the peak resident set size and the
     * CPU time; Herald's GC pauses per phase.
     */
    public record Report(String title, List<Figure> figures, Map<String, Map<String, Long>> rssPeaksKb,
                         Map<String, Map<String, Double>> cpuSeconds, Map<String, String> heraldGc, List<String> notes) {
        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(title).append("\n\n");
            out.append("| figure | Herald | baseline | ratio | target |\n|---|---|---|---|---|\n");
            figures.forEach(f -> out.append("| ").append(f.name()).append(" | ").append(f.herald()).append(" | ")
                    .append(f.baseline()).append(" | ").append(f.ratio()).append(" | ").append(f.target()).append(" |\n"));
            List<String> phases = new ArrayList<>();
            rssPeaksKb.values().forEach(m -> m.keySet().stream().filter(p -> !phases.contains(p)).forEach(phases::add));
            out.append("\nBy phase: peak resident set size (VmRSS sampled every 50 ms), CPU time (user + system), "
                    + "Herald's GC pauses:\n\n| process |");
            phases.forEach(p -> out.append(' ').append(p).append(" |"));
            out.append("\n|---|").append("---|".repeat(phases.size())).append('\n');
            rssPeaksKb.forEach((process, m) -> {
                out.append("| ").append(process).append(" RSS |");
                phases.forEach(p -> out.append(' ').append(m.containsKey(p) ? mb(m.get(p)) : "-").append(" |"));
                out.append('\n');
            });
            cpuSeconds.forEach((process, m) -> {
                out.append("| ").append(process).append(" CPU |");
                phases.forEach(p -> out.append(' ').append(m.containsKey(p)
                        ? String.format(Locale.ROOT, "%.1f s", m.get(p)) : "-").append(" |"));
                out.append('\n');
            });
            if (!heraldGc.isEmpty()) {
                out.append("| Herald GC |");
                phases.forEach(p -> out.append(' ').append(heraldGc.getOrDefault(p, "-")).append(" |"));
                out.append('\n');
            }
            if (!notes.isEmpty()) {
                out.append('\n');
                notes.forEach(n -> out.append("- ").append(n).append('\n'));
            }
            return out.toString();
        }
    }

    /** What to run. {@code backlog > 0}: the backlog drain instead of the standard figures. */
    public record Options(int events, int backlog, List<String> jvm, List<String> heraldJvm, int recordsPerRequest,
                          int backlogSenders, boolean keep) {
        public static Options events(int events) {
            return new Options(events, 0, DEFAULT_JVM, List.of(), 100, 4, false);
        }

        public static Options backlog(int n) {
            return new Options(20_000, n, DEFAULT_JVM, List.of(), 100, 4, false);
        }

        static Options parse(String[] args) {
            int events = 20_000;
            int backlog = 0;
            List<String> jvm = DEFAULT_JVM;
            List<String> heraldJvm = List.of();
            int records = 100;
            int senders = 4;
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--backlog" -> backlog = Integer.parseInt(value(args, ++i, a));
                    case "--jvm" -> jvm = split(value(args, ++i, a));
                    case "--herald-jvm" -> heraldJvm = split(value(args, ++i, a));
                    case "--records" -> records = Integer.parseInt(value(args, ++i, a));
                    case "--senders" -> senders = Integer.parseInt(value(args, ++i, a));
                    case "--keep" -> keep = true;
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a + "; usage: [EVENTS] [--backlog N] "
                                    + "[--jvm \"OPTS\"] [--herald-jvm \"OPTS\"] [--records N] [--senders N] [--keep]");
                        }
                        events = Integer.parseInt(a);
                    }
                }
            }
            if (events < 1 || backlog < 0 || records < 1 || senders < 1) {
                throw new IllegalArgumentException("counts must be positive");
            }
            return new Options(events, backlog, jvm, heraldJvm, records, senders, keep);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static List<String> split(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            Report report = options.backlog() > 0 ? backlog(options) : run(options);
            System.out.println(report.markdown());
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("herald bench failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** The standard figures with {@code events} events and the default JVM options. */
    public static Report run(int events) throws Exception {
        return run(Options.events(events));
    }

    public static Report run(Options o) throws Exception {
        int events = o.events();
        int sequential = Math.max(100, events / 4);
        int e2e = Math.max(100, events / 2);
        int warm = Math.max(200, Math.min(5_000, events / 4));
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Rig rig = Rig.start(o, config(List.of("0s", "100ms", "1s"), null))) {
            URI ingest = rig.heraldIngest();
            URI ack = rig.ackUrl();

            rig.phase("warm-up");
            rig.send("warm-up ack", ack, null, new EventBodies("warm-ack"), warm, 4, 1);
            rig.send("warm-up Herald", ingest, TOKEN, new EventBodies("warm-herald"), warm, 4, 1);

            rig.phase("1 sender");
            LoadGenerator.Result seqBase = rig.send("1 sender ack", ack, null, new EventBodies("seq-ack"), sequential, 1, 1);
            LoadGenerator.Result seqHerald = rig.send("1 sender Herald", ingest, TOKEN, new EventBodies("seq-herald"),
                    sequential, 1, 1);
            long[] base = seqBase.latencyNanos();
            long[] herald = seqHerald.latencyNanos();
            figures.add(new Figure("ingest ack p50, 1 sender", ms(pct(herald, 50)), ms(pct(base, 50)),
                    ratio(pct(base, 50), pct(herald, 50)), "<= 1 ms"));
            figures.add(new Figure("ingest ack p99, 1 sender", ms(pct(herald, 99)), ms(pct(base, 99)),
                    ratio(pct(base, 99), pct(herald, 99)), "<= 5 ms"));

            rig.phase("16 senders");
            LoadGenerator.Result parAck = rig.send("16 senders ack", ack, null, new EventBodies("par-ack"), events, 16, 1);
            double baseRate = parAck.perSecond(1);
            LoadGenerator.Result par = rig.send("16 senders Herald", ingest, TOKEN, new EventBodies("par-herald"), events, 16, 1);
            double heraldRate = par.perSecond(1);
            figures.add(new Figure("ingest, 16 senders (events/s)", rate(heraldRate), rate(baseRate),
                    ratio(heraldRate, baseRate), ">= 15,000"));
            notes.add(String.format(Locale.ROOT, "16-sender ingest latency: Herald p50 %s, p99 %s; ack baseline p50 %s, p99 %s.",
                    ms(pct(par.latencyNanos(), 50)), ms(pct(par.latencyNanos(), 99)),
                    ms(pct(parAck.latencyNanos(), 50)), ms(pct(parAck.latencyNanos(), 99))));

            putBosRule(rig.herald.baseUri(), rig.sink.url());
            rig.phase("warm-up end to end");
            rig.endToEnd("warm-up relay", rig.relayUrl(), null, new EventBodies("warm-relay"), warm);
            rig.endToEnd("warm-up Herald end to end", ingest, TOKEN, new EventBodies("warm-e2e"), warm);

            rig.phase("end to end");
            double relayRate = rig.endToEnd("end to end relay", rig.relayUrl(), null, new EventBodies("e2e-relay"), e2e);
            double heraldE2e = rig.endToEnd("end to end Herald", ingest, TOKEN, new EventBodies("e2e-herald"), e2e);
            figures.add(new Figure("end to end, BOS render+sign (events/s)", rate(heraldE2e), rate(relayRate),
                    ratio(heraldE2e, relayRate), "ratio >= 0.5"));

            rig.phase("end");
            figures.add(new Figure("resident set size, peak under load", mb(rig.rss.peakKb(HERALD))
                    + " (VmHWM " + mb(rig.rss.hwmKb(HERALD)) + ")", mb(rig.rss.peakKb(BASELINES))
                    + " (VmHWM " + mb(rig.rss.hwmKb(BASELINES)) + ")", "-", "<= 300 MB"));
            notes.add("Ratio: Herald's speed / the baseline's (1.00 = as fast as the baseline). The RSS baseline is the "
                    + "baselines JVM (ack server + relay, same JVM options).");
            return rig.report(o, events + " events", figures, notes);
        }
    }

    /**
     * The backlog drain: {@code o.backlog()} events are ingested while the BOS rule's receiver is
     * down (Herald's circuit breaker holds the deliveries, at most {@code maxScheduledPerDestination}
     * of them in memory, the rest in the store), then the receiver comes up and the drain is timed.
     */
    public static Report backlog(Options o) throws Exception {
        int n = o.backlog();
        int records = Math.min(o.recordsPerRequest(), n);
        int senders = o.backlogSenders();
        int warm = Math.max(200, Math.min(5_000, n / 10));
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Many short retries, and a breaker that tries again after 1 s: while the receiver is down
        // the deliveries wait behind the open circuit without spending their budget, and the drain
        // starts within a second of the receiver coming up.
        List<String> schedule = new ArrayList<>(List.of("0s"));
        schedule.addAll(Collections.nCopies(60, "1s"));
        try (Rig rig = Rig.start(o, config(schedule, "circuitBreaker: { openFor: 1s }"))) {
            URI ingest = rig.heraldIngest();
            rig.phase("warm-up");
            rig.send("warm-up ack", rig.ackUrl(), null, new EventBodies("warm-ack"), warm, 4, 1);
            rig.send("warm-up Herald", ingest, TOKEN, new EventBodies("warm-herald"), warm, 4, 1);

            rig.phase("baselines");
            int baseEvents = Math.min(n, 50_000) / records * records;
            double ackRate = rig.send("backlog ingest ack", rig.ackUrl(), null, new EventBodies("bl-ack"),
                    Math.max(records, baseEvents), senders, records).perSecond(records);
            rig.endToEnd("warm-up relay", rig.relayUrl(), null, new EventBodies("warm-relay"), warm);
            double relayRate = rig.endToEnd("relay", rig.relayUrl(), null, new EventBodies("bl-relay"), Math.min(n, 20_000));

            rig.sink.stopListening();
            putBosRule(rig.herald.baseUri(), rig.sink.url());
            rig.phase("backlog ingest");
            Thread ingestProgress = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    while (true) {
                        Thread.sleep(30_000);
                        rig.log("backlog ingest: Herald VmRSS " + mb(RssSampler.field(rig.herald.pid(), "VmRSS:")));
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            LoadGenerator.Result built = rig.send("backlog ingest Herald", ingest, TOKEN, new EventBodies("backlog"), n, senders,
                    records);
            ingestProgress.interrupt();
            double ingestRate = built.perSecond(records) * ((double) n / (built.requests() * (double) records));
            Map<String, Double> before = rig.metrics();
            rig.log(String.format(Locale.ROOT, "backlog built: %.0f pending in the store, %.0f held in memory, %.0f attempts failed",
                    before.getOrDefault("herald_deliveries_pending", -1.0), before.getOrDefault("herald_deliveries_scheduled", -1.0),
                    before.getOrDefault("retried", 0.0)));

            rig.phase("drain");
            rig.sink.expect(n);
            long t0 = System.nanoTime();
            rig.sink.listen();
            Duration timeout = Duration.ofSeconds(Math.max(300, n / 200));
            Thread progress = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    while (true) {
                        Thread.sleep(30_000);
                        rig.log(String.format(Locale.ROOT, "drain: %,d of %,d arrived after %.0f s; Herald VmRSS %s",
                                rig.sink.distinct(), n, (System.nanoTime() - t0) / 1e9,
                                mb(RssSampler.field(rig.herald.pid(), "VmRSS:"))));
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            try {
                rig.awaitArrivals("drain", n, timeout);
            } finally {
                progress.interrupt();
            }
            long drained = System.nanoTime() - t0;
            double drainRate = n / (drained / 1e9);
            double firstAfter = (rig.sink.firstArrivalNanos() - t0) / 1e9;
            rig.log(String.format(Locale.ROOT, "drained %,d in %.1f s (%,.0f events/s)", n, drained / 1e9, drainRate));
            rig.phase("after drain");
            Map<String, Double> after = rig.awaitNothingPending(Duration.ofSeconds(60));
            Thread.sleep(2_000); // late duplicates would arrive now

            figures.add(new Figure("backlog ingest (events/s; " + records + " records/request, " + senders + " senders)",
                    rate(ingestRate), rate(ackRate), ratio(ingestRate, ackRate), "-"));
            figures.add(new Figure("backlog drain (events/s)", rate(drainRate), rate(relayRate) + " (relay, 16 senders)",
                    ratio(drainRate, relayRate), "-"));
            figures.add(new Figure("backlog drain time", String.format(Locale.ROOT, "%.1f s (first delivery after %.1f s)",
                    drained / 1e9, firstAfter), "-", "-", "-"));
            figures.add(new Figure("delivered exactly once", String.format(Locale.ROOT, "%,d of %,d; %d duplicates, %d unexpected",
                    rig.sink.distinct(), n, rig.sink.duplicates(), rig.sink.unparsed()), "-", "-", "every event once"));
            figures.add(new Figure("resident set size, peak while ingesting the backlog", mb(rig.rss.peakKb(HERALD, "backlog ingest")),
                    mb(rig.rss.peakKb(BASELINES)), "-", "<= 300 MB"));
            figures.add(new Figure("resident set size, peak while draining", mb(rig.rss.peakKb(HERALD, "drain"))
                    + " (VmHWM " + mb(rig.rss.hwmKb(HERALD)) + ")", "-", "-", "<= 300 MB, bounded"));
            figures.add(new Figure("pending / dead after the drain", String.format(Locale.ROOT, "%.0f / %.0f",
                    after.getOrDefault("herald_deliveries_pending", -1.0), after.getOrDefault("herald_deliveries_dead", -1.0)),
                    "-", "-", "0 / 0"));
            notes.add(String.format(Locale.ROOT, "While the receiver was down: %.0f deliveries pending in the store, %.0f held in "
                            + "memory (at most maxScheduledPerDestination), %.0f attempts spent (failed before the circuit opened, "
                            + "and one probe per second while it was open).",
                    before.getOrDefault("herald_deliveries_pending", -1.0), before.getOrDefault("herald_deliveries_scheduled", -1.0),
                    before.getOrDefault("retried", 0.0)));
            notes.add("Backlog requests carry " + records + " records each ({\"Records\":[...]}, as Ceph and AWS send; MinIO "
                    + "sends one per request) so that the backlog builds fast; the ingest baseline is the ack server with "
                    + "the same requests.");
            notes.add("Data directory after the drain: " + mb(rig.dataDirKb()) + " (herald.db and its WAL).");
            return rig.report(o, String.format(Locale.ROOT, "a backlog of %,d events", n), figures, notes);
        }
    }

    /** Herald's YAML for the benchmark; {@code breaker}: extra keys for {@code delivery.circuitBreaker}, or null. */
    private static String config(List<String> retrySchedule, String breaker) {
        return """
                server: { port: 0 }
                credentials: [ { accessKey: %s, secretKey: %s, buckets: ["*"] } ]
                ingest: { minio: { token: %s } }
                delivery: { allowPrivateTargets: true, retrySchedule: [%s], jitter: 0%s }
                """.formatted(AK, SK, TOKEN, String.join(", ", retrySchedule), breaker == null ? "" : ", " + breaker);
    }

    /** A BOS rule on bucket {@code bench} (every PutObject) to {@code sink}, signed pushes. */
    static void putBosRule(URI herald, URI sink) throws Exception {
        String rules = """
                {"notifications":[{"id":"bench","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "encryption":{"key":"bench-signing-key"},"apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(sink);
        byte[] body = rules.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(herald.getHost() + ":" + herald.getPort()));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        HttpRequestView unsigned = new HttpRequestView("PUT", "/v1/" + EventBodies.BUCKET, "notification", headers, body);
        String auth = BceAuthV1.sign(unsigned, AK, SK, Instant.now(), 1800, List.of());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(herald.resolve("/v1/" + EventBodies.BUCKET + "?notification"))
                    .header("Content-Type", "application/json; charset=utf-8").header("Authorization", auth)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("rule not stored: " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** Herald, the baselines JVM, the sink and the RSS sampler of one run; closing stops and removes them all. */
    private static final class Rig implements AutoCloseable {
        final Path work;
        final boolean keep;
        final Sink sink;
        final Process baselines;
        final HeraldProcess herald;
        final RssSampler rss = new RssSampler();
        final List<String> jvm;
        final long started = System.nanoTime();
        final Thread cleanup;
        int ackPort;
        int relayPort;
        private int gcLinesSeen;
        private String currentPhase = "start";
        private final Map<String, String> gcByPhase = new LinkedHashMap<>();

        private Rig(Path work, boolean keep, Sink sink, Process baselines, HeraldProcess herald, List<String> jvm, Thread cleanup) {
            this.work = work;
            this.keep = keep;
            this.sink = sink;
            this.baselines = baselines;
            this.herald = herald;
            this.jvm = jvm;
            this.cleanup = cleanup;
        }

        static Rig start(Options o, String yaml) throws Exception {
            Path work = Files.createTempDirectory("herald-bench-");
            Sink sink = Sink.start(Ports.freePort());
            Process baselines = null;
            HeraldProcess herald = null;
            // A failing run exits through System.exit: the child JVMs must not outlive it.
            List<ProcessHandle> children = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread cleanup = new Thread(() -> children.forEach(ProcessHandle::destroyForcibly), "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                baselines = startBaselines(work, o.jvm(), sink.url());
                children.add(baselines.toHandle());
                // The baselines listen on ports the kernel picks: take them before Herald's port is chosen.
                String ready = readBaselinesReady(baselines, work);
                Matcher m = Pattern.compile("ready ack=(\\d+) relay=(\\d+) pid=(\\d+)").matcher(ready);
                if (!m.find()) {
                    throw new IllegalStateException("baselines said: " + ready);
                }
                List<String> heraldJvm = new ArrayList<>(o.jvm());
                heraldJvm.addAll(o.heraldJvm());
                heraldJvm.add("-Xlog:gc:file=" + work.resolve("herald-gc.log"));
                herald = HeraldProcess.create(work, yaml, work.resolve("data"), 0, heraldJvm);
                herald.start();
                ProcessHandle.of(herald.pid()).ifPresent(children::add);
                Rig rig = new Rig(work, o.keep(), sink, baselines, herald, o.jvm(), cleanup);
                rig.ackPort = Integer.parseInt(m.group(1));
                rig.relayPort = Integer.parseInt(m.group(2));
                rig.rss.watch(HERALD, herald.pid());
                rig.rss.watch(BASELINES, Long.parseLong(m.group(3)));
                rig.rss.watch(BENCH, ProcessHandle.current().pid());
                rig.log("Herald pid " + herald.pid() + " on " + herald.baseUri() + ", baselines pid " + m.group(3)
                        + ", sink " + sink.url() + ", JVM options " + (o.jvm().isEmpty() ? "(JVM defaults)" : String.join(" ", o.jvm()))
                        + (o.heraldJvm().isEmpty() ? "" : " + Herald only: " + String.join(" ", o.heraldJvm()))
                        + ", work directory " + work);
                return rig;
            } catch (Throwable t) {
                if (herald != null) {
                    herald.kill();
                }
                if (baselines != null) {
                    baselines.destroyForcibly();
                }
                sink.close();
                throw t;
            }
        }

        private static Process startBaselines(Path work, List<String> jvm, URI sink) throws IOException {
            Path classes;
            try {
                classes = Path.of(Baselines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvm);
            command.addAll(List.of("-cp", classes + java.io.File.pathSeparator + HeraldProcess.jar(),
                    Baselines.class.getName(), sink.toString()));
            return new ProcessBuilder(command).redirectError(work.resolve("baselines.log").toFile()).start();
        }

        /** The baselines' first line; a daemon then drains the rest of their output. */
        private static String readBaselinesReady(Process baselines, Path work) throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(baselines.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the baselines JVM exited: " + tail(work.resolve("baselines.log")));
            }
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // it exited
                }
            });
            return line;
        }

        URI heraldIngest() {
            return herald.baseUri().resolve("/ingest/minio");
        }

        URI ackUrl() {
            return URI.create("http://127.0.0.1:" + ackPort + "/ack");
        }

        URI relayUrl() {
            return URI.create("http://127.0.0.1:" + relayPort + "/relay");
        }

        void phase(String name) {
            rss.phase(name);
            gcPhase(name);
            log("phase '" + name + "' starts at epoch ms " + System.currentTimeMillis());
        }

        /** Herald's GC pauses ({@code -Xlog:gc}) since the last phase switch are the ending phase's. */
        private void gcPhase(String next) {
            List<String> lines;
            try {
                lines = Files.readAllLines(work.resolve("herald-gc.log"));
            } catch (IOException e) {
                return;
            }
            Pattern pause = Pattern.compile("Pause.* ([0-9.]+)ms$");
            int count = 0;
            double total = 0;
            double max = 0;
            for (String line : lines.subList(Math.min(gcLinesSeen, lines.size()), lines.size())) {
                Matcher m = pause.matcher(line);
                if (m.find()) {
                    double ms = Double.parseDouble(m.group(1));
                    count++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
            gcLinesSeen = lines.size();
            gcByPhase.put(currentPhase, String.format(Locale.ROOT, "%d, %.0f ms (max %.1f)", count, total, max));
            currentPhase = next;
        }

        Report report(Options o, String what, List<Figure> figures, List<String> notes) throws IOException {
            phase("end");
            gcByPhase.remove("end");
            Map<String, Map<String, Long>> peaks = rss.peaks();
            peaks.values().forEach(m -> m.remove("end"));
            return new Report(title(o, what), figures, peaks, rss.cpuSeconds(), new LinkedHashMap<>(gcByPhase), notes);
        }

        void log(String message) {
            System.err.printf(Locale.ROOT, "[bench %6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
        }

        /**
         * Sends {@code events} events of {@code bodies}, {@code perRequest} per request, from
         * {@code senders} senders; requests are built before the clock starts (up to 200 MB of
         * them; beyond that, on the fly).
         */
        LoadGenerator.Result send(String what, URI url, String token, EventBodies bodies, int events, int senders, int perRequest)
                throws Exception {
            int requests = (events + perRequest - 1) / perRequest;
            IntFunction<byte[]> make = i -> LoadGenerator.post(url, token, perRequest == 1 ? bodies.one(i)
                    : bodies.many(i * perRequest, Math.min(perRequest, events - i * perRequest)));
            byte[] sample = make.apply(0);
            IntFunction<byte[]> request;
            if ((long) sample.length * requests < 200L << 20) {
                byte[][] built = new byte[requests][];
                for (int i = 0; i < requests; i++) {
                    built[i] = make.apply(i);
                }
                request = i -> built[i];
            } else {
                request = make;
            }
            long start = System.currentTimeMillis();
            LoadGenerator.Result r = LoadGenerator.run(url, requests, senders, request,
                    Duration.ofSeconds(Math.max(300, events / 500)));
            log(String.format(Locale.ROOT, "%s: %,d events in %,d requests, %.2f s, %,.0f events/s, p50 %s p99 %s "
                            + "[epoch ms %d-%d]", what, events, requests, r.elapsedNanos() / 1e9, r.perSecond(perRequest)
                            * events / ((double) requests * perRequest),
                    ms(pct(r.latencyNanos(), 50)), ms(pct(r.latencyNanos(), 99)), start, System.currentTimeMillis()));
            return r;
        }

        /** Events per second from the first send until the sink has every one of them, each exactly once. */
        double endToEnd(String what, URI url, String token, EventBodies bodies, int n) throws Exception {
            sink.expect(n);
            long start = System.currentTimeMillis();
            long t0 = System.nanoTime();
            LoadGenerator.Result sent = LoadGenerator.run(url, n, 16, i -> LoadGenerator.post(url, token, bodies.one(i)),
                    Duration.ofSeconds(Math.max(300, n / 200)));
            long acked = System.nanoTime();
            awaitArrivals(what, n, Duration.ofSeconds(Math.max(300, n / 200)));
            long elapsed = System.nanoTime() - t0;
            double rate = n / (elapsed / 1e9);
            log(String.format(Locale.ROOT, "%s: %,d events, all sent in %.2f s, all received in %.2f s: %,.0f events/s; "
                            + "sender p50 %s p99 %s; %d duplicates [epoch ms %d-%d]", what, n, (acked - t0) / 1e9, elapsed / 1e9, rate,
                    ms(pct(sent.latencyNanos(), 50)), ms(pct(sent.latencyNanos(), 99)), sink.duplicates(), start,
                    System.currentTimeMillis()));
            if (sink.unparsed() > 0) {
                throw new IllegalStateException(what + ": " + sink.unparsed() + " requests carried no expected event");
            }
            return rate;
        }

        /**
         * Waits until the sink has all {@code n} events. Fails after {@code timeout}, or as soon as
         * nothing new arrived for 60 s, saying what Herald holds: pending in its store, held in
         * memory, open circuits.
         */
        void awaitArrivals(String what, int n, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            int last = -1;
            long lastChange = System.nanoTime();
            while (!sink.await(Duration.ofSeconds(5))) {
                int now = sink.distinct();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                }
                boolean stalled = System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60);
                if (stalled || System.nanoTime() > deadline) {
                    Map<String, Double> m = metrics();
                    throw new IllegalStateException(String.format(Locale.ROOT, "%s: the receiver got %,d of %,d events, "
                                    + "%s; Herald: %.0f deliveries pending in its store, %.0f held in memory, %.0f open circuits, "
                                    + "%.0f dead%n%s", what, now, n, stalled ? "nothing new for 60 s" : "not all within " + timeout,
                            m.getOrDefault("herald_deliveries_pending", -1.0), m.getOrDefault("herald_deliveries_scheduled", -1.0),
                            m.getOrDefault("herald_destinations_open_circuits", -1.0), m.getOrDefault("herald_deliveries_dead", -1.0),
                            herald.logTail(10)));
                }
            }
        }

        /** Herald's metrics; {@code retried} is the sum of the {@code retried} attempt counters. */
        Map<String, Double> metrics() throws Exception {
            Map<String, Double> out = new LinkedHashMap<>();
            try (HttpClient http = HttpClient.newHttpClient()) {
                String text = http.send(HttpRequest.newBuilder(herald.baseUri().resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    int sp = line.lastIndexOf(' ');
                    String name = line.substring(0, sp);
                    double v;
                    try {
                        v = Double.parseDouble(line.substring(sp + 1));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    out.put(name, v);
                    if (name.startsWith("herald_deliveries_total{") && name.contains("outcome=\"retried\"")) {
                        out.merge("retried", v, Double::sum);
                    }
                }
            }
            return out;
        }

        /** Waits until Herald's store has no pending delivery left (deletes are recorded after the answer). */
        Map<String, Double> awaitNothingPending(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, Double> m = metrics();
            while (m.getOrDefault("herald_deliveries_pending", -1.0) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                m = metrics();
            }
            return m;
        }

        long dataDirKb() throws IOException {
            try (var files = Files.walk(herald.dataDir())) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1024;
            }
        }

        String title(Options o, String what) throws IOException {
            FileStore store = Files.getFileStore(work);
            return String.format(Locale.ROOT, "Run %s with %s; %d cores (%s), %s RAM, work directory on %s (%s); Java %s, %s %s %s; "
                            + "Herald and baselines JVM options: `%s`%s", Instant.now().truncatedTo(ChronoUnit.SECONDS), what,
                    Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(), store.name(), store.type(),
                    Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                    System.getProperty("os.arch"), o.jvm().isEmpty() ? "(JVM defaults)" : String.join(" ", o.jvm()),
                    o.heraldJvm().isEmpty() ? "" : "; Herald only: `" + String.join(" ", o.heraldJvm()) + "`");
        }

        @Override
        public void close() throws Exception {
            rss.close();
            try {
                herald.stop();
            } finally {
                try (OutputStream in = baselines.getOutputStream()) {
                    in.flush(); // closing their stdin ends the baselines
                } catch (IOException gone) {
                    // already exited
                }
                if (!baselines.waitFor(10, TimeUnit.SECONDS)) {
                    baselines.destroyForcibly();
                }
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
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Herald's speed relative to the baseline's, from latencies (lower is faster). */
    private static String ratio(long baselineNanos, long heraldNanos) {
        return String.format(Locale.ROOT, "%.2f", (double) baselineNanos / heraldNanos);
    }

    /** Herald's speed relative to the baseline's, from rates. */
    private static String ratio(double herald, double baseline) {
        return String.format(Locale.ROOT, "%.2f", herald / baseline);
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                    .findFirst().orElse("? GiB");
        } catch (IOException e) {
            return "? GiB";
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }
}

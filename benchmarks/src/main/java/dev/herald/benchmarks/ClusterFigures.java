package dev.herald.benchmarks;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.kafka.KafkaBroker;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.herald.benchmarks.BenchmarkConfig.TOKEN;
import static dev.herald.benchmarks.Format.rate;
import static dev.herald.benchmarks.Format.ratio;

/**
 * Cluster mode's figures ({@code ./herald bench --cluster [EVENTS]}), all against one Kafka broker
 * (the test harness's {@link KafkaBroker}: one KRaft node in a JVM of its own) started for the run:
 * the bare Kafka baseline ({@link KafkaBaseline}); then the same load on embedded Herald (SQLite),
 * on one cluster replica and on two replicas of one cluster sharing the load, each measured by
 * {@link #measure}: ingest from 16 senders, then end to end into the sink (BOS rendering and
 * signing), with Herald's CPU per event (summed over the replicas) and the broker's. Each cluster
 * has a topic prefix of its own. On 2 cores this is cost per event, not scaling.
 */
final class ClusterFigures {
    static final String BROKER = "Kafka broker";
    /** Herald's default: 1, 2, 3, 4, 6 or 12 replicas share it evenly. */
    private static final int PARTITIONS = 12;

    private ClusterFigures() {
    }

    /** One Herald configuration as the report names it; {@code tag} names its objects and topics. */
    private record Mode(String name, String tag, int replicas, boolean cluster) {
    }

    /** What {@link #measure} found for one mode; the broker's CPU ms per event, 0 in embedded mode. */
    private record Measured(CpuTime.Run ingest, double brokerIngest, CpuTime.Run endToEnd, double brokerEndToEnd,
                            String delivered) {
    }

    static Report run(BenchmarkOptions o) throws Exception {
        // Every Kafka client of this JVM logs its whole config at INFO (slf4j-simple, from herald.jar):
        // hundreds of lines that would bury the progress log.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        int events = o.events();
        int e2e = Math.max(100, events / 2);
        int warm = Math.max(200, Math.min(5_000, events / 4));
        List<Report> parts = new ArrayList<>();
        Path brokerDir = Files.createTempDirectory("herald-bench-kafka-");
        try (KafkaBroker broker = KafkaBroker.start(brokerDir)) {
            System.err.printf(Locale.ROOT, "[bench] Kafka broker pid %d on %s, started in %.1f s%n", broker.pid(),
                    broker.bootstrapServers(), broker.lastStartDuration().toMillis() / 1e3);
            KafkaBaseline.Rates kafka;
            Measured embedded;
            try (Rig rig = Rig.start(o, sink -> BenchmarkConfig.yaml(List.of("0s", "100ms", "1s"), null, sink))) {
                rig.rss.watch(BROKER, broker.pid());
                rig.phase("bare Kafka");
                kafka = KafkaBaseline.measure(broker, "bench-kafka", PARTITIONS, events, warm, rig::log);
                embedded = measure(rig, broker, new Mode("embedded", "embedded", 1, false), events, e2e, warm);
                parts.add(rig.report(o, "", List.of(), List.of()));
            }
            List<Measured> clusters = new ArrayList<>();
            for (Mode mode : List.of(new Mode("1 replica", "c1", 1, true), new Mode("2 replicas", "c2", 2, true))) {
                String cluster = BenchmarkConfig.cluster(broker.bootstrapServers(), "bench-" + mode.tag(), PARTITIONS);
                try (Rig rig = Rig.start(o, mode.replicas(), sink -> BenchmarkConfig.yaml(List.of("0s", "100ms", "1s"), null,
                        sink) + cluster)) {
                    rig.rss.watch(BROKER, broker.pid());
                    awaitPartitionsShared(rig);
                    clusters.add(measure(rig, broker, mode, events, e2e, warm));
                    parts.add(rig.report(o, "", List.of(), List.of()));
                }
            }
            return Report.combine(RunTitle.of(o, String.format(Locale.ROOT, "cluster mode, %,d events (%,d end to end) per "
                    + "mode, one Kafka broker", events, e2e), brokerDir), figures(kafka, embedded, clusters), notes(), parts);
        } finally {
            if (o.keep()) {
                System.err.println("[bench] Kafka broker's directory kept: " + brokerDir);
            } else {
                try (var walk = Files.walk(brokerDir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * Phase "{@code <mode>} ingest": a warm-up, then {@code events} events from 16 senders spread
     * over the replicas, no rule (nothing to deliver). Phase "{@code <mode>} end to end": the BOS
     * rule to the sink (read by every replica), a warm-up, then {@code e2e} events until the sink
     * has each; then nothing may be pending on any replica. Each replica's JVM gets {@code warm}
     * events of each warm-up, as the embedded one does.
     */
    private static Measured measure(Rig rig, KafkaBroker broker, Mode mode, int events, int e2e, int warmEach)
            throws Exception {
        int warm = warmEach * rig.replicas.size();
        CpuTime herald = rig.heraldCpu();
        CpuTime brokerCpu = new CpuTime(broker.pid());
        List<URI> ingest = rig.heraldIngests();

        rig.phase(mode.name() + " ingest");
        rig.warmUpIngestNow(warm);
        brokerCpu.start();
        CpuTime.Run ingested = herald.run(events, () -> rig.traffic.send(mode.name() + " ingest, 16 senders", ingest, TOKEN,
                new EventBodies(mode.tag() + "-ingest"), events, 16, 1).perSecond(1));
        double brokerIngest = mode.cluster() ? brokerCpu.millisPerEvent(events) : 0;

        rig.phase(mode.name() + " end to end");
        BenchmarkConfig.putBosRule(rig.herald.baseUri(), rig.sink.url());
        for (HeraldProcess replica : rig.replicas) {
            BenchmarkConfig.awaitBosRule(replica.baseUri(), rig.sink.url(), Duration.ofSeconds(10));
        }
        rig.traffic.endToEnd(mode.name() + " warm-up end to end", ingest, TOKEN, new EventBodies(mode.tag() + "-warm-e2e"),
                warm, 1);
        brokerCpu.start();
        CpuTime.Run delivered = herald.run(e2e, () -> rig.traffic.endToEnd(mode.name() + " end to end", ingest, TOKEN,
                new EventBodies(mode.tag() + "-e2e"), e2e, 1));
        double brokerE2e = mode.cluster() ? brokerCpu.millisPerEvent(e2e) : 0;
        return new Measured(ingested, brokerIngest, delivered, brokerE2e, deliveredOnce(rig, e2e));
    }

    /** Every replica delivers for some of the partitions, and together for all of the events and retry topics'. */
    private static void awaitPartitionsShared(Rig rig) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Double> owned = new ArrayList<>();
            for (HeraldProcess replica : rig.replicas) {
                owned.add(new HeraldMetrics(replica.baseUri()).read().getOrDefault("herald_cluster_partitions", 0.0));
            }
            if (owned.stream().allMatch(n -> n > 0) && owned.stream().mapToDouble(Double::doubleValue).sum() == 2 * PARTITIONS) {
                rig.log("partitions of the events and retry topics per replica: " + owned);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replicas did not share the " + 2 * PARTITIONS + " partitions within 60 s: "
                        + owned);
            }
            Thread.sleep(200);
        }
    }

    /** Once no replica holds a delivery (late duplicates would have arrived): what the sink got of the {@code n} events. */
    private static String deliveredOnce(Rig rig, int n) throws Exception {
        for (HeraldProcess replica : rig.replicas) {
            Map<String, Double> m = new HeraldMetrics(replica.baseUri()).awaitNothingPending(Duration.ofSeconds(60));
            if (m.getOrDefault("herald_deliveries_pending", -1.0) != 0) {
                throw new IllegalStateException("Herald on " + replica.baseUri() + " still holds "
                        + m.get("herald_deliveries_pending") + " deliveries 60 s after the sink had every event");
            }
        }
        return String.format(Locale.ROOT, "%,d of %,d; %d duplicates, %d unexpected", rig.sink.distinct(), n,
                rig.sink.duplicates(), rig.sink.unparsed());
    }

    private static List<Report.Figure> figures(KafkaBaseline.Rates kafka, Measured embedded, List<Measured> clusters) {
        List<Report.Figure> f = new ArrayList<>();
        f.add(new Report.Figure("bare Kafka: produce, 16 senders each awaiting acks=all (records/s)", "-",
                rate(kafka.produce()), "-", "-"));
        f.add(new Report.Figure("bare Kafka: produced until consumed by a group (records/s)", "-", rate(kafka.endToEnd()),
                "-", "-"));
        f.add(new Report.Figure("bare Kafka: a second group reads them all (records/s)", "-", rate(kafka.consume()), "-", "-"));
        f.add(new Report.Figure("bare Kafka: produce from one thread without waiting (records/s)", "-",
                rate(kafka.pipelined()), "-", "-"));
        f.add(new Report.Figure("bare Kafka: broker CPU per record, produced and consumed", "-", ms(kafka.brokerCpu()), "-", "-"));
        f.add(new Report.Figure("bare Kafka: records consumed", "-", String.format(Locale.ROOT, "%,d; %d duplicates",
                kafka.received(), kafka.duplicates()), "-", "every record once"));
        add(f, "embedded", embedded, kafka, null);
        add(f, "1 replica", clusters.get(0), kafka, embedded);
        add(f, "2 replicas", clusters.get(1), kafka, embedded);
        return f;
    }

    /** A mode's rows: rates against bare Kafka's, CPU per event (in cluster mode against embedded's, and the broker's). */
    private static void add(List<Report.Figure> f, String mode, Measured m, KafkaBaseline.Rates kafka, Measured embedded) {
        f.add(new Report.Figure(mode + ": ingest, 16 senders (events/s; baseline: bare Kafka produce)", rate(m.ingest().rate()),
                rate(kafka.produce()), ratio(m.ingest().rate(), kafka.produce()), "-"));
        f.add(cpu(mode + ": Herald CPU per ingested event", m.ingest().cpu(), embedded == null ? null : embedded.ingest()));
        f.add(new Report.Figure(mode + ": end to end, BOS render+sign (events/s; baseline: bare Kafka produced until consumed)",
                rate(m.endToEnd().rate()), rate(kafka.endToEnd()), ratio(m.endToEnd().rate(), kafka.endToEnd()), "-"));
        f.add(cpu(mode + ": Herald CPU per delivered event", m.endToEnd().cpu(), embedded == null ? null : embedded.endToEnd()));
        if (embedded != null) {
            f.add(new Report.Figure(mode + ": broker CPU per ingested / delivered event", ms(m.brokerIngest()) + " / "
                    + ms(m.brokerEndToEnd()), ms(kafka.brokerCpu()) + " (bare Kafka)", "-", "-"));
        }
        f.add(new Report.Figure(mode + ": delivered exactly once", m.delivered(), "-", "-", "every event once"));
    }

    /** Herald's CPU per event; in cluster mode beside embedded mode's, the ratio embedded / cluster (1.00: as cheap). */
    private static Report.Figure cpu(String name, double herald, CpuTime.Run embedded) {
        return embedded == null ? new Report.Figure(name, ms(herald), "-", "-", "-")
                : new Report.Figure(name, ms(herald), ms(embedded.cpu()) + " (embedded)",
                String.format(Locale.ROOT, "%.2f", embedded.cpu() / herald), "-");
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }

    private static List<String> notes() {
        return List.of("Ratio of a rate: Herald's / the baseline's (1.00 = as fast as bare Kafka on the same broker). Ratio "
                        + "of a CPU row: embedded Herald's CPU per event / cluster mode's (below 1: cluster mode costs more).",
                "Herald CPU: user + system time (/proc/PID/stat) of every replica together, read just before and after the "
                        + "measured run; end-to-end figures include ingesting the events. Broker CPU: the broker JVM's, the same "
                        + "way; the load generator, the sink and the bare Kafka clients run in the benchmark's JVM.",
                "All on the same cores: the broker, every replica, the load generator and the sink. Each cluster has its own "
                        + "topic prefix (bench-c1, bench-c2), " + PARTITIONS + " partitions, replication factor 1; the two "
                        + "replicas' senders are spread over both (8 each), and each replica delivers its share of the "
                        + "partitions. The by-phase table's Herald GC row is the first replica's; its phases include the warm-ups.");
    }
}

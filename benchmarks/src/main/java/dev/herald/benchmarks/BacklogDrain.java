package dev.herald.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.herald.benchmarks.BenchmarkConfig.TOKEN;
import static dev.herald.benchmarks.Format.mb;
import static dev.herald.benchmarks.Format.rate;
import static dev.herald.benchmarks.Format.ratio;
import static dev.herald.benchmarks.Rig.BASELINES;
import static dev.herald.benchmarks.Rig.HERALD;

/**
 * The backlog drain ({@code ./herald bench --backlog N}): N events are ingested while the BOS
 * rule's receiver is down (Herald's circuit breaker holds the deliveries, at most
 * {@code maxScheduledPerDestination} of them in memory, the rest in the store), then the receiver
 * comes up and the drain is timed; every event must arrive exactly once.
 */
final class BacklogDrain {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private BacklogDrain() {
    }

    static Report run(BenchmarkOptions o) throws Exception {
        int n = o.backlog();
        int records = Math.min(o.recordsPerRequest(), n);
        int senders = o.backlogSenders();
        int warm = Math.max(200, Math.min(5_000, n / 10));
        List<Report.Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Many short retries, and a breaker that tries again after 1 s: while the receiver is down
        // the deliveries wait behind the open circuit without spending their budget, and the drain
        // starts within a second of the receiver coming up.
        List<String> schedule = new ArrayList<>(List.of("0s"));
        schedule.addAll(Collections.nCopies(60, "1s"));
        try (Rig rig = Rig.start(o, sink -> BenchmarkConfig.yaml(schedule, "circuitBreaker: { openFor: 1s }", sink))) {
            Traffic traffic = rig.traffic;
            URI ingest = rig.heraldIngest();
            URI ack = rig.baselines.ackUrl();
            URI relay = rig.baselines.relayUrl();
            rig.warmUpIngest(warm);

            rig.phase("baselines");
            int baseEvents = Math.min(n, 50_000) / records * records;
            double ackRate = traffic.send("backlog ingest ack", ack, null, new EventBodies("bl-ack"),
                    Math.max(records, baseEvents), senders, records).perSecond(records);
            traffic.endToEnd("warm-up relay", relay, null, new EventBodies("warm-relay"), warm);
            double relayRate = traffic.endToEnd("relay", relay, null, new EventBodies("bl-relay"), Math.min(n, 20_000));

            rig.sink.stopListening();
            BenchmarkConfig.putBosRule(rig.herald.baseUri(), rig.sink.url());
            rig.phase("backlog ingest");
            Thread ingestProgress = every(PROGRESS_EVERY,
                    () -> rig.log("backlog ingest: Herald VmRSS " + mb(RssSampler.field(rig.herald.pid(), "VmRSS:"))));
            LoadGenerator.Result built = traffic.send("backlog ingest Herald", ingest, TOKEN, new EventBodies("backlog"), n,
                    senders, records);
            ingestProgress.interrupt();
            double ingestRate = built.perSecond(records) * ((double) n / (built.requests() * (double) records));
            Map<String, Double> before = rig.metrics.read();
            rig.log(String.format(Locale.ROOT, "backlog built: %.0f pending in the store, %.0f held in memory, %.0f attempts failed",
                    before.getOrDefault("herald_deliveries_pending", -1.0), before.getOrDefault("herald_deliveries_scheduled", -1.0),
                    before.getOrDefault("retried", 0.0)));

            rig.phase("drain");
            rig.sink.expect(n);
            long t0 = System.nanoTime();
            rig.sink.listen();
            Duration timeout = Duration.ofSeconds(Math.max(300, n / 200));
            Thread progress = every(PROGRESS_EVERY, () -> rig.log(String.format(Locale.ROOT,
                    "drain: %,d of %,d arrived after %.0f s; Herald VmRSS %s", rig.sink.distinct(), n,
                    (System.nanoTime() - t0) / 1e9, mb(RssSampler.field(rig.herald.pid(), "VmRSS:")))));
            try {
                traffic.awaitArrivals("drain", n, timeout);
            } finally {
                progress.interrupt();
            }
            long drained = System.nanoTime() - t0;
            double drainRate = n / (drained / 1e9);
            double firstAfter = (rig.sink.firstArrivalNanos() - t0) / 1e9;
            rig.log(String.format(Locale.ROOT, "drained %,d in %.1f s (%,.0f events/s)", n, drained / 1e9, drainRate));
            rig.phase("after drain");
            Map<String, Double> after = rig.metrics.awaitNothingPending(Duration.ofSeconds(60));
            Thread.sleep(2_000); // late duplicates would arrive now

            figures.add(new Report.Figure("backlog ingest (events/s; " + records + " records/request, " + senders + " senders)",
                    rate(ingestRate), rate(ackRate), ratio(ingestRate, ackRate), "-"));
            figures.add(new Report.Figure("backlog drain (events/s)", rate(drainRate), rate(relayRate) + " (relay, 16 senders)",
                    ratio(drainRate, relayRate), "-"));
            figures.add(new Report.Figure("backlog drain time", String.format(Locale.ROOT, "%.1f s (first delivery after %.1f s)",
                    drained / 1e9, firstAfter), "-", "-", "-"));
            figures.add(new Report.Figure("delivered exactly once", String.format(Locale.ROOT,
                    "%,d of %,d; %d duplicates, %d unexpected", rig.sink.distinct(), n, rig.sink.duplicates(), rig.sink.unparsed()),
                    "-", "-", "every event once"));
            figures.add(new Report.Figure("resident set size, peak while ingesting the backlog",
                    mb(rig.rss.peakKb(HERALD, "backlog ingest")), mb(rig.rss.peakKb(BASELINES)), "-", "<= 300 MB"));
            figures.add(new Report.Figure("resident set size, peak while draining", mb(rig.rss.peakKb(HERALD, "drain"))
                    + " (VmHWM " + mb(rig.rss.hwmKb(HERALD)) + ")", "-", "-", "<= 300 MB, bounded"));
            figures.add(new Report.Figure("pending / dead after the drain", String.format(Locale.ROOT, "%.0f / %.0f",
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

    /** A daemon that runs {@code report} every {@code period} until interrupted: progress of a long phase. */
    private static Thread every(Duration period, Runnable report) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            try {
                while (true) {
                    Thread.sleep(period.toMillis());
                    report.run();
                }
            } catch (InterruptedException e) {
                // done
            }
        });
    }
}

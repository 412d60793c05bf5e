package dev.herald.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.herald.benchmarks.BenchmarkConfig.TOKEN;
import static dev.herald.benchmarks.Format.mb;
import static dev.herald.benchmarks.Format.ms;
import static dev.herald.benchmarks.Format.rate;
import static dev.herald.benchmarks.Format.ratio;
import static dev.herald.benchmarks.Rig.BASELINES;
import static dev.herald.benchmarks.Rig.HERALD;

/**
 * The standard figures ({@code ./herald bench [EVENTS]}), each beside its baseline: ingest-ack
 * latency with one sequential sender (how MinIO's {@code queue_dir} mode sends) and throughput
 * with 16 senders against the ack server; end to end into the sink with BOS rendering and signing
 * against the relay; Herald's peak resident set size under that load against the baselines JVM's.
 */
final class StandardFigures {
    private StandardFigures() {
    }

    /** Two rows: the rate of an end-to-end run against the relay's, and its CPU per delivered event. */
    private static void addEndToEnd(List<Report.Figure> figures, String name, CpuTime.Run herald, CpuTime.Run relay,
                                    String target, String cpuTarget) {
        figures.add(new Report.Figure(name + " (events/s)", rate(herald.rate()), rate(relay.rate()),
                ratio(herald.rate(), relay.rate()), target));
        figures.add(CpuTime.figure("CPU per delivered event, " + name, herald, relay.cpu(), "-"));
        if (!cpuTarget.equals("-")) {
            figures.add(CpuTime.figure("CPU per delivered event without JIT compilation, " + name, herald.steady(),
                    relay.steady(), cpuTarget));
        }
    }

    static Report run(BenchmarkOptions o) throws Exception {
        int events = o.events();
        int sequential = Math.max(100, events / 4);
        int e2e = Math.max(100, events / 2);
        int warm = Math.max(200, Math.min(5_000, events / 4));
        List<Report.Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Rig rig = Rig.start(o, sink -> BenchmarkConfig.yaml(List.of("0s", "100ms", "1s"), null, sink))) {
            Traffic traffic = rig.traffic;
            URI ingest = rig.heraldIngest();
            URI ack = rig.baselines.ackUrl();
            URI relay = rig.baselines.relayUrl();

            CpuTime heraldCpu = new CpuTime(rig.herald.pid());
            CpuTime baselineCpu = new CpuTime(rig.baselines.pid());
            rig.warmUpIngest(warm);

            rig.phase("1 sender");
            LoadGenerator.Result base = traffic.send("1 sender ack", ack, null, new EventBodies("seq-ack"), sequential, 1, 1);
            LoadGenerator.Result herald = traffic.send("1 sender Herald", ingest, TOKEN, new EventBodies("seq-herald"),
                    sequential, 1, 1);
            figures.add(new Report.Figure("ingest ack p50, 1 sender", ms(herald.percentileNanos(50)),
                    ms(base.percentileNanos(50)), ratio(base.percentileNanos(50), herald.percentileNanos(50)), "<= 1 ms"));
            figures.add(new Report.Figure("ingest ack p99, 1 sender", ms(herald.percentileNanos(99)),
                    ms(base.percentileNanos(99)), ratio(base.percentileNanos(99), herald.percentileNanos(99)), "<= 5 ms"));

            rig.phase("16 senders");
            baselineCpu.start();
            LoadGenerator.Result parAck = traffic.send("16 senders ack", ack, null, new EventBodies("par-ack"), events, 16, 1);
            double ackCpu = baselineCpu.millisPerEvent(events);
            double baseRate = parAck.perSecond(1);
            heraldCpu.start();
            LoadGenerator.Result par = traffic.send("16 senders Herald", ingest, TOKEN, new EventBodies("par-herald"),
                    events, 16, 1);
            double ingestCpu = heraldCpu.millisPerEvent(events);
            double ingestJit = heraldCpu.jitMillisPerEvent(events);
            double heraldRate = par.perSecond(1);
            figures.add(new Report.Figure("ingest, 16 senders (events/s)", rate(heraldRate), rate(baseRate),
                    ratio(heraldRate, baseRate), ">= 15,000"));
            figures.add(CpuTime.figure("CPU per ingested event, 16 senders", new CpuTime.Run(heraldRate, ingestCpu, ingestJit),
                    ackCpu, "-"));
            notes.add(String.format(Locale.ROOT, "16-sender ingest latency: Herald p50 %s, p99 %s; ack baseline p50 %s, p99 %s.",
                    ms(par.percentileNanos(50)), ms(par.percentileNanos(99)),
                    ms(parAck.percentileNanos(50)), ms(parAck.percentileNanos(99))));

            BenchmarkConfig.putBosRule(rig.herald.baseUri(), rig.sink.url());
            rig.phase("warm-up end to end");
            rig.warmUntilCompiled("warm-up relay", baselineCpu, warm, round -> traffic.endToEnd("warm-up relay " + round,
                    relay, null, new EventBodies("warm-relay-" + round), warm));
            rig.warmUntilCompiled("warm-up Herald end to end", heraldCpu, warm, round -> traffic.endToEnd("warm-up Herald end to end "
                    + round, ingest, TOKEN, new EventBodies("warm-e2e-" + round), warm));

            rig.phase("end to end");
            CpuTime.Run relay1 = baselineCpu.run(e2e, () -> traffic.endToEnd("end to end relay", relay, null,
                    new EventBodies("e2e-relay"), e2e));
            CpuTime.Run single = heraldCpu.run(e2e, () -> traffic.endToEnd("end to end Herald", ingest, TOKEN,
                    new EventBodies("e2e-herald"), e2e));
            addEndToEnd(figures, "end to end, BOS render+sign", single, relay1, "ratio >= 0.6", "<= 0.35 ms");

            BenchmarkConfig.putBosRule(rig.herald.baseUri(), BenchmarkConfig.batchedUrl(rig.sink.url()));
            rig.phase("warm-up batched");
            rig.warmUntilCompiled("warm-up Herald batched", heraldCpu, warm, round -> traffic.endToEnd("warm-up Herald batched "
                    + round, ingest, TOKEN, new EventBodies("warm-batched-" + round), warm));
            rig.phase("end to end batched");
            CpuTime.Run batched = heraldCpu.run(e2e, () -> traffic.endToEnd("end to end Herald batched", ingest, TOKEN,
                    new EventBodies("e2e-batched"), e2e));
            addEndToEnd(figures, "end to end, batched pushes of <= 100", batched, relay1, "ratio >= 3", "-");
            CpuTime.Run batchedIn = heraldCpu.run(e2e, () -> traffic.endToEnd("end to end Herald batched, 100 records per "
                    + "ingest request", List.of(ingest), TOKEN, new EventBodies("e2e-batched-in"), e2e, 100));
            addEndToEnd(figures, "end to end, 100 records per ingest request, batched pushes", batchedIn, relay1,
                    "ratio >= 3", "-");

            rig.phase("end");
            figures.add(new Report.Figure("resident set size, peak under load", mb(rig.rss.peakKb(HERALD))
                    + " (VmHWM " + mb(rig.rss.hwmKb(HERALD)) + ")", mb(rig.rss.peakKb(BASELINES))
                    + " (VmHWM " + mb(rig.rss.hwmKb(BASELINES)) + ")", "-", "<= 300 MB"));
            notes.add("Ratio: Herald's speed / the baseline's (1.00 = as fast as the baseline). The RSS baseline is the "
                    + "baselines JVM (ack server + relay, same JVM options).");
            notes.add("CPU per event: user + system time of the process (/proc/PID/stat) read just before and after its own "
                    + "run, divided by its events; Herald's end-to-end figures include ingesting the events. (JIT x): the part "
                    + "of Herald's JIT compiler threads (/proc/PID/task/TID/stat), which the rows without JIT compilation "
                    + "leave out of Herald's and the baseline's. Batched phases: "
                    + "a destination with batch { maxEvents: 100, maxWait: 50ms }, against the unbatched relay of this run.");
            return rig.report(o, events + " events", figures, notes);
        }
    }
}

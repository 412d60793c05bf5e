package dev.herald.benchmarks;

import dev.herald.harness.ceph.CephRgw;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short runs of the benchmark in CI (Herald as herald.jar in its own JVM, the baselines in
 * another; the reconciliation's bucket on a real Ceph RGW where radosgw is installed): they must
 * complete and report every figure, each beside its baseline. How fast is not checked here.
 */
class HeraldBenchmarkSmokeTest {

    @Test
    void aShortRunReportsEveryFigure() throws Exception {
        Report report = HeraldBenchmark.run(BenchmarkOptions.events(400));
        System.out.println(report.markdown());
        List<Report.Figure> figures = report.figures();
        assertThat(figures).extracting(Report.Figure::name).containsExactly(
                "ingest ack p50, 1 sender", "ingest ack p99, 1 sender", "ingest, 16 senders (events/s)",
                "CPU per ingested event, 16 senders", "end to end, BOS render+sign (events/s)",
                "CPU per delivered event, end to end, BOS render+sign",
                "CPU per delivered event without JIT compilation, end to end, BOS render+sign",
                "end to end, batched pushes of <= 100 (events/s)",
                "CPU per delivered event, end to end, batched pushes of <= 100",
                "end to end, 100 records per ingest request, batched pushes (events/s)",
                "CPU per delivered event, end to end, 100 records per ingest request, batched pushes",
                "resident set size, peak under load");
        // Herald's CPU rows carry the JIT compilers' part, except the one that leaves it out.
        assertThat(figures.subList(0, 11)).allSatisfy(f -> {
            boolean withJit = f.name().startsWith("CPU per") && !f.name().contains("without JIT");
            assertThat(f.herald()).matches(withJit ? "[0-9.]+ ms \\(JIT [0-9.]+\\)" : "[0-9.,]+( ms)?");
            assertThat(f.baseline()).matches("[0-9.,]+( ms)?");
        });
        assertThat(figures.subList(0, 11)).filteredOn(f -> !f.name().startsWith("CPU"))
                .allSatisfy(f -> assertThat(Double.parseDouble(f.ratio())).isPositive());
        assertThat(figures.get(11).herald()).matches("\\d+ MB \\(VmHWM \\d+ MB\\)");
        assertThat(figures.get(11).baseline()).matches("\\d+ MB \\(VmHWM \\d+ MB\\)");
        assertThat(report.rssPeaksKb()).containsKeys("Herald", "baselines");
    }

    @Test
    void aShortBacklogDrainsEveryEventExactlyOnce() throws Exception {
        Report report = HeraldBenchmark.run(BenchmarkOptions.backlog(2_000));
        System.out.println(report.markdown());
        List<Report.Figure> figures = report.figures();
        assertThat(figures).extracting(Report.Figure::name).containsExactly(
                "backlog ingest (events/s; 100 records/request, 4 senders)", "backlog drain (events/s)", "backlog drain time",
                "delivered exactly once", "resident set size, peak while ingesting the backlog",
                "resident set size, peak while draining", "pending / dead after the drain");
        assertThat(Double.parseDouble(figures.get(0).ratio())).isPositive();
        assertThat(Double.parseDouble(figures.get(1).ratio())).isPositive();
        assertThat(figures.get(3).herald()).isEqualTo("2,000 of 2,000; 0 duplicates, 0 unexpected");
        assertThat(figures.get(4).herald()).matches("\\d+ MB");
        assertThat(figures.get(5).herald()).matches("\\d+ MB \\(VmHWM \\d+ MB\\)");
        assertThat(figures.get(6).herald()).isEqualTo("0 / 0");
    }

    @Test
    void aShortClusterRunReportsEveryModeWithEveryEventDeliveredOnce() throws Exception {
        Report report = HeraldBenchmark.run(BenchmarkOptions.cluster(400));
        System.out.println(report.markdown());
        List<Report.Figure> figures = report.figures();
        List<String> names = new ArrayList<>(List.of("bare Kafka: produce, 16 senders each awaiting acks=all (records/s)",
                "bare Kafka: produced until consumed by a group (records/s)", "bare Kafka: a second group reads them all (records/s)",
                "bare Kafka: produce from one thread without waiting (records/s)",
                "bare Kafka: broker CPU per record, produced and consumed", "bare Kafka: records consumed"));
        for (String mode : List.of("embedded", "1 replica", "2 replicas")) {
            names.addAll(List.of(mode + ": ingest, 16 senders (events/s; baseline: bare Kafka produce)",
                    mode + ": Herald CPU per ingested event",
                    mode + ": end to end, BOS render+sign (events/s; baseline: bare Kafka produced until consumed)",
                    mode + ": Herald CPU per delivered event"));
            if (!mode.equals("embedded")) {
                names.add(mode + ": broker CPU per ingested / delivered event");
            }
            names.add(mode + ": delivered exactly once");
        }
        assertThat(figures).extracting(Report.Figure::name).containsExactlyElementsOf(names);
        assertThat(figures.get(5).baseline()).isEqualTo("400; 0 duplicates");
        assertThat(figures).filteredOn(f -> f.name().endsWith("delivered exactly once")).extracting(Report.Figure::herald)
                .containsOnly("200 of 200; 0 duplicates, 0 unexpected").hasSize(3);
        assertThat(figures).filteredOn(f -> f.name().contains("(events/s"))
                .allSatisfy(f -> assertThat(Double.parseDouble(f.ratio())).isPositive());
        assertThat(figures).filteredOn(f -> f.name().contains("Herald CPU")).extracting(Report.Figure::herald)
                .allSatisfy(ms -> assertThat(ms).matches("\\d+\\.\\d{3} ms"));
        assertThat(report.rssPeaksKb()).containsKeys("Herald", "Herald replica 2", "Kafka broker");
        assertThat(report.cpuSeconds().get("Herald replica 2")).containsKeys("2 replicas ingest", "2 replicas end to end");
    }

    @Test
    void aSmallBucketIsReconciledOnceThenNothingMore() throws Exception {
        Assumptions.assumeTrue(CephRgw.available(), "radosgw is not installed");
        Report report = HeraldBenchmark.run(BenchmarkOptions.reconcile(100));
        System.out.println(report.markdown());
        List<Report.Figure> figures = report.figures();
        assertThat(figures).extracting(Report.Figure::name).containsExactly("reconcile 100 objects, none indexed",
                "listed / creates / deletes emitted", "delivered exactly once", "reconcile again, all 100 indexed",
                "resident set size, peak while reconciling and delivering", "resident set size, peak while reconciling again");
        assertThat(figures.get(1).herald()).isEqualTo("100 / 100 / 0");
        assertThat(figures.get(2).herald()).isEqualTo("100 of 100; 0 duplicates");
        assertThat(figures.get(3).herald()).endsWith("; 100 / 0 / 0");
        assertThat(figures.get(4).herald()).matches("\\d+ MB");
    }
}
